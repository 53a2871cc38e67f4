/**
 * The placement outbox relay on both SQL engines, with the placement in JetStream KV and in SQL:
 * staged rows are applied once; a row whose write already reached the store (a crash before the row
 * was marked) is marked applied without a second write; a record another writer changed in between
 * is left alone and marked superseded; a staging transaction that rolls back leaves nothing.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openSidecarDatabase } from '../../app';
import type { Database } from '../../kernel/database/database';
import { createTestPgDatabase, pgSkipped } from '../../testing/postgres';
import { testClock } from '../../testing/testClock';
import { NatsPlacementStore } from './natsPlacementStore';
import type { PlacementStore } from './placement.store';
import { PlacementOutbox, type OutboxOp } from './placementOutbox';
import { SqlPlacementStore } from './sqlPlacementStore';

const TEST_NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

type Setup = () => Promise<{ database: Database; store: PlacementStore; cleanup(): Promise<void> }>;

const sqlite = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-outbox-'));
  const database = await openSidecarDatabase({ kind: 'sqlite', path: join(dir, 'o.db') });
  return { database, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
};
const postgres = async () => {
  const pg = await createTestPgDatabase();
  const database = await openSidecarDatabase({ kind: 'postgres', url: pg.url, poolMax: 4 });
  return { database, cleanup: () => pg.drop() };
};
const withStore =
  (open: typeof sqlite, kv: boolean): Setup =>
  async () => {
    const { database, cleanup } = await open();
    const store = kv
      ? await NatsPlacementStore.open({ url: TEST_NATS_URL, bucket: `sy_outbox_${randomBytes(5).toString('hex')}` })
      : new SqlPlacementStore(database.db, database.kind);
    return {
      database,
      store,
      cleanup: async () => {
        if (store instanceof NatsPlacementStore) {
          await store.destroy();
          await store.close();
        }
        await database.close();
        await cleanup();
      },
    };
  };

const SETUPS: Array<[string, Setup]> = [
  ['sqlite + sql store', withStore(sqlite, false)],
  ['sqlite + jetstream kv', withStore(sqlite, true)],
  ...(pgSkipped()
    ? []
    : ([
        ['postgres + sql store', withStore(postgres, false)],
        ['postgres + jetstream kv', withStore(postgres, true)],
      ] as Array<[string, Setup]>)),
];

const AT = '2026-01-01T00:00:00.000Z';
const meta = (jobId: string) => ({ at: AT, actor: 'alice', reason: 'sync', jobId });
const shard = (id: string) => ({
  id,
  kind: 'gateway' as const,
  region: 'eu',
  labels: { env: 'dev' },
  capacity: 100,
  version: '1',
  status: 'ready' as const,
});

for (const [name, setup] of SETUPS) {
  describe(`placement outbox (${name})`, () => {
    test('applies each staged write once; a write that already reached the store is not repeated', async () => {
      const { database, store, cleanup } = await setup();
      try {
        const clock = testClock();
        const outbox = new PlacementOutbox(database.db, store, clock);
        await store.createShard(shard('g-1'), new Date(AT));
        await store.createAssignment('t-1', 'gateway', 'g-1', { ...meta('old'), at: new Date(AT) });
        const moved = (await store.getAssignment('t-1', 'gateway'))!;
        const ops: OutboxOp[] = [
          { op: 'shard.create', shard: shard('g-2'), at: AT },
          { op: 'assignment.create', tenantId: 't-2', kind: 'gateway', shardId: 'g-2', meta: meta('j1') },
          {
            op: 'assignment.move',
            tenantId: 't-1',
            kind: 'gateway',
            expectedRevision: moved.revision,
            from: 'g-1',
            to: 'g-2',
            meta: meta('j1'),
          },
        ];
        const id = await database.db
          .transaction()
          .execute((trx) => outbox.stage(trx, { jobId: 'j1', step: 's', summary: { n: 1 }, ops }));
        // The "crashed" process got the shard and the move to the store but did not mark them.
        await store.createShard(shard('g-2'), new Date(AT));
        await store.moveAssignment('t-1', 'gateway', moved.revision, 'g-2', { ...meta('j1'), at: new Date(AT) });

        assert.deepEqual(await outbox.drain(), { applied: 3, superseded: 0 });
        assert.deepEqual(await outbox.drain(), { applied: 0, superseded: 0 }, 'nothing left');
        const b = (await outbox.batchOfStep<{ n: number }>('j1', 's'))!;
        assert.equal(b.id, id);
        assert.deepEqual(b.summary, { n: 1 });
        assert.deepEqual(
          b.ops.map((o) => o.status),
          ['applied', 'applied', 'applied']
        );
        const h = await store.history('t-1', 'gateway', 10);
        assert.deepEqual(
          h.map((e) => [e.shardId, e.jobId]),
          [
            ['g-2', 'j1'],
            ['g-1', 'old'],
          ],
          'the move happened once'
        );
        assert.equal((await store.getAssignment('t-2', 'gateway'))?.shardId, 'g-2');
      } finally {
        await cleanup();
      }
    });

    test('a record another writer changed first is left alone (superseded); a rolled-back stage leaves nothing', async () => {
      const { database, store, cleanup } = await setup();
      try {
        const outbox = new PlacementOutbox(database.db, store, testClock());
        for (const id of ['g-1', 'g-2', 'g-3']) await store.createShard(shard(id), new Date(AT));
        await store.createAssignment('t-1', 'gateway', 'g-1', { ...meta('old'), at: new Date(AT) });
        const read = (await store.getAssignment('t-1', 'gateway'))!;
        const s1 = (await store.getShard('g-1'))!;
        await database.db.transaction().execute((trx) =>
          outbox.stage(trx, {
            jobId: 'j2',
            step: 's',
            summary: {},
            ops: [
              {
                op: 'assignment.move',
                tenantId: 't-1',
                kind: 'gateway',
                expectedRevision: read.revision,
                from: 'g-1',
                to: 'g-2',
                meta: meta('j2'),
              },
              { op: 'shard.update', id: 'g-1', expectedRevision: s1.revision, patch: { capacity: 200 }, at: AT },
            ],
          })
        );
        // A migration moved the tenant and someone changed the shard in between.
        await store.moveAssignment('t-1', 'gateway', read.revision, 'g-3', { ...meta('migration'), at: new Date(AT) });
        await store.updateShard('g-1', s1.revision, { capacity: 150 }, new Date(AT));
        assert.deepEqual(await outbox.drain(), { applied: 0, superseded: 2 });
        assert.equal((await store.getAssignment('t-1', 'gateway'))?.shardId, 'g-3');
        assert.equal((await store.getShard('g-1'))?.capacity, 150);

        await assert.rejects(
          database.db.transaction().execute(async (trx) => {
            await outbox.stage(trx, {
              jobId: 'j3',
              step: 's',
              summary: {},
              ops: [{ op: 'shard.create', shard: shard('g-9'), at: AT }],
            });
            throw new Error('audit failed');
          }),
          /audit failed/
        );
        assert.equal(await outbox.batchOfStep('j3', 's'), null);
        assert.deepEqual(await outbox.drain(), { applied: 0, superseded: 0 });
        assert.equal(await store.getShard('g-9'), null);
      } finally {
        await cleanup();
      }
    });
  });
}
