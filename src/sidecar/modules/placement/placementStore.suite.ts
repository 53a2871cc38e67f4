/**
 * THE placement store suite: every implementation (SQL on SQLite, SQL on PostgreSQL, NATS JetStream KV)
 * runs exactly these tests, so they cannot drift apart.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  casAssignment,
  PlacementConflict,
  PlacementNotFound,
  type PlacementStore,
  type ShardInput,
  type WriteMeta,
} from './placement.store';

export interface StoreHandle {
  store: PlacementStore;
  cleanup(): Promise<void>;
}

const meta = (over: Partial<WriteMeta> = {}): WriteMeta => ({
  at: new Date(),
  actor: 'alice',
  reason: 'test',
  jobId: null,
  ...over,
});
const shard = (id: string, over: Partial<ShardInput> = {}): ShardInput => ({
  id,
  kind: 'gateway',
  region: 'eu-west-1',
  labels: { env: 'prod' },
  capacity: 400,
  version: '2.14.3',
  status: 'ready',
  ...over,
});

export const WRITERS = 8;
export const UPDATES_PER_WRITER = 1_000;

export function placementStoreSuite(name: string, open: () => Promise<StoreHandle>): void {
  describe(`placement store (${name})`, () => {
    let h: StoreHandle;
    let s: PlacementStore;
    before(async () => {
      h = await open();
      s = h.store;
    });
    after(() => h?.cleanup());

    test('shards: create, read back, list by kind; a second create is a conflict', async () => {
      const created = await s.createShard(shard('gw-a'), new Date());
      assert.equal(created.id, 'gw-a');
      assert.ok(created.revision > 0);
      assert.deepEqual(created.labels, { env: 'prod' });
      await s.createShard(shard('agg-a', { kind: 'aggregate', capacity: 250 }), new Date());
      assert.deepEqual((await s.getShard('gw-a'))?.capacity, 400);
      assert.equal(await s.getShard('nope'), null);
      assert.deepEqual(
        (await s.listShards({ kind: 'aggregate' })).map((x) => x.id),
        ['agg-a']
      );
      assert.deepEqual(
        (await s.listShards()).map((x) => x.id),
        ['agg-a', 'gw-a']
      );
      await assert.rejects(s.createShard(shard('gw-a', { capacity: 1 }), new Date()), PlacementConflict);
      assert.equal((await s.getShard('gw-a'))?.capacity, 400, 'a refused create must not overwrite');
    });

    test('shards: compare-and-set on the revision; stale revision is a conflict naming the current one', async () => {
      const before1 = await s.createShard(shard('gw-cas'), new Date());
      const cordoned = await s.updateShard('gw-cas', before1.revision, { status: 'cordoned' }, new Date());
      assert.equal(cordoned.status, 'cordoned');
      assert.equal(cordoned.kind, 'gateway');
      assert.ok(cordoned.revision > before1.revision);
      await assert.rejects(
        s.updateShard('gw-cas', before1.revision, { status: 'ready' }, new Date()),
        (err: unknown) => {
          assert.ok(err instanceof PlacementConflict);
          assert.equal(err.currentRevision, cordoned.revision);
          return true;
        }
      );
      assert.equal((await s.getShard('gw-cas'))?.status, 'cordoned');
      await assert.rejects(s.updateShard('missing', 1, { status: 'ready' }, new Date()), PlacementNotFound);
    });

    test('assignments: create once, move with CAS, history newest first with actor, reason and job', async () => {
      const a1 = await s.createAssignment('acme-001', 'gateway', 'gw-a', meta({ reason: 'initial' }));
      assert.equal(a1.generation, 1);
      assert.equal(a1.shardId, 'gw-a');
      await assert.rejects(s.createAssignment('acme-001', 'gateway', 'gw-b', meta()), PlacementConflict);
      assert.equal((await s.getAssignment('acme-001', 'gateway'))?.shardId, 'gw-a');

      const a2 = await s.moveAssignment(
        'acme-001',
        'gateway',
        a1.revision,
        'gw-b',
        meta({ actor: 'bob', reason: 'migrate', jobId: 'job-1' })
      );
      assert.equal(a2.shardId, 'gw-b');
      assert.equal(a2.generation, 2);
      assert.ok(a2.revision > a1.revision);
      await assert.rejects(s.moveAssignment('acme-001', 'gateway', a1.revision, 'gw-c', meta()), (err: unknown) => {
        assert.ok(err instanceof PlacementConflict);
        assert.equal(err.expectedRevision, a1.revision);
        assert.equal(err.currentRevision, a2.revision);
        return true;
      });
      assert.equal((await s.getAssignment('acme-001', 'gateway'))?.shardId, 'gw-b', 'a stale CAS must not write');
      await assert.rejects(s.moveAssignment('ghost-001', 'gateway', 1, 'gw-a', meta()), PlacementNotFound);

      const hist = await s.history('acme-001', 'gateway', 10);
      assert.deepEqual(
        hist.map((e) => [e.revision, e.shardId, e.previousShardId]),
        [
          [a2.revision, 'gw-b', 'gw-a'],
          [a1.revision, 'gw-a', null],
        ]
      );
      assert.deepEqual([hist[0].actor, hist[0].reason, hist[0].jobId], ['bob', 'migrate', 'job-1']);
      assert.equal(hist[1].reason, 'initial');
      assert.equal((await s.history('acme-001', 'gateway', 1)).length, 1);
      assert.deepEqual(await s.history('acme-001', 'runner', 10), []);
      assert.equal(await s.getAssignment('acme-001', 'runner'), null);
    });

    test('listing: filters by kind, shard and tenant, keyset pages in (tenant, kind) order, counts per shard', async () => {
      for (const t of ['list-a', 'list-b', 'list-c']) {
        await s.createAssignment(t, 'projection', t === 'list-b' ? 'proj-2' : 'proj-1', meta());
        await s.createAssignment(t, 'runner', 'run-1', meta());
      }
      const proj = await s.listAssignments({ kind: 'projection' });
      assert.deepEqual(
        proj.map((a) => `${a.tenantId}@${a.shardId}`),
        ['list-a@proj-1', 'list-b@proj-2', 'list-c@proj-1']
      );
      assert.deepEqual(
        (await s.listAssignments({ shardId: 'proj-1' })).map((a) => a.tenantId),
        ['list-a', 'list-c']
      );
      assert.deepEqual(
        (await s.listAssignments({ tenantId: 'list-b' })).map((a) => a.kind),
        ['projection', 'runner']
      );
      const page1 = await s.listAssignments({ shardId: 'run-1', limit: 2 });
      assert.deepEqual(
        page1.map((a) => a.tenantId),
        ['list-a', 'list-b']
      );
      const last = page1[page1.length - 1];
      const page2 = await s.listAssignments({
        shardId: 'run-1',
        limit: 2,
        after: { tenantId: last.tenantId, kind: last.kind },
      });
      assert.deepEqual(
        page2.map((a) => a.tenantId),
        ['list-c']
      );
      const counts = await s.countByShard();
      assert.equal(counts.get('proj-1'), 2);
      assert.equal(counts.get('proj-2'), 1);
      assert.equal(counts.get('run-1'), 3);
    });

    test('casAssignment stops without writing when the decision is null', async () => {
      const a = await s.createAssignment('cas-none', 'aggregate', 'agg-a', meta());
      assert.equal(
        await casAssignment(
          s,
          'cas-none',
          'aggregate',
          () => null,
          () => meta()
        ),
        null
      );
      assert.equal((await s.getAssignment('cas-none', 'aggregate'))?.revision, a.revision);
    });

    test(`${WRITERS} writers × ${UPDATES_PER_WRITER} conflicting updates lose nothing`, async () => {
      await s.createAssignment('hot-001', 'gateway', 'gw-0', meta());
      const successes = new Array<number>(WRITERS).fill(0);
      let conflicts = 0;
      const writer = async (w: number) => {
        for (let i = 0; i < UPDATES_PER_WRITER; i++) {
          // Read → CAS → retry on conflict, by hand (not via casAssignment) to count the conflicts.
          for (let attempt = 1; ; attempt++) {
            const cur = await s.getAssignment('hot-001', 'gateway');
            try {
              await s.moveAssignment('hot-001', 'gateway', cur!.revision, `gw-${w}`, meta({ actor: `writer-${w}` }));
              successes[w] += 1;
              break;
            } catch (err) {
              if (!(err instanceof PlacementConflict)) throw err;
              conflicts += 1;
              // Jittered backoff, as every production writer does, so the writers do not livelock.
              await new Promise((r) => setTimeout(r, Math.random() * Math.min(4, 2 ** attempt)));
            }
          }
        }
      };
      await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
      const final = await s.getAssignment('hot-001', 'gateway');
      const total = WRITERS * UPDATES_PER_WRITER;
      assert.deepEqual(successes, new Array(WRITERS).fill(UPDATES_PER_WRITER));
      // Every successful CAS bumped the generation exactly once: a lost update would leave a gap.
      assert.equal(final?.generation, 1 + total);
      const hist = await s.history('hot-001', 'gateway', 50);
      const revs = hist.map((e) => e.revision);
      assert.deepEqual(
        revs,
        [...revs].sort((a, b) => b - a)
      );
      assert.equal(new Set(revs).size, revs.length);
      assert.equal(hist[0].revision, final?.revision);
      // Each history entry's previous shard is the next (older) entry's shard: one unbroken chain.
      for (let i = 0; i + 1 < hist.length; i++) assert.equal(hist[i].previousShardId, hist[i + 1].shardId);
      assert.ok(conflicts > 0, 'the writers must actually have conflicted');
    });
  });
}
