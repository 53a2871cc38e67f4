/**
 * inventory.sync on the JetStream KV placement store: kill -9 of the sidecar after the step's SQL
 * commit (placement writes staged in the outbox + their audit entry) and before the relay applied
 * them to KV, on SQLite and PostgreSQL. The sidecar reaches NATS through a TCP relay the test
 * controls: it adds latency so the apply takes a while, and at the kill point it cuts every
 * connection and refuses new ones, so nothing more reaches KV from the dying process. After a
 * restart the job must succeed with every staged write applied exactly once (the bucket's stream
 * holds one message per record: no write twice, none lost), one audit entry per step, the KV holding
 * what the platform runs, and the audit chain verifying.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openSidecarDatabase } from '../../src/sidecar/app';
import type { Database } from '../../src/sidecar/kernel/database/database';
import { NatsPlacementStore } from '../../src/sidecar/modules/placement/natsPlacementStore';
import { startSim, type SimHandle } from '../../src/sidecar/testing/jobsTestkit';
import { createTestPgDatabase, pgSkipped } from '../../src/sidecar/testing/postgres';
import { apiClient, isTerminal, sidecarEnv, spawnSidecar, tempSqlite, type ApiClient } from './harness';

const NATS = new URL(process.env.NATS_URL ?? 'nats://127.0.0.1:4222');

/** A TCP relay to NATS with per-chunk latency that can cut every connection and refuse new ones. */
async function natsRelay(delayMs: number) {
  const pairs = new Set<[Socket, Socket]>();
  let refusing = false;
  const forward = (from: Socket, to: Socket) =>
    from.on('data', (chunk) => setTimeout(() => !to.destroyed && to.write(chunk), delayMs));
  const server: Server = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = connect(Number(NATS.port || 4222), NATS.hostname);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    forward(client, upstream);
    forward(upstream, client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `nats://127.0.0.1:${port}`,
    cut() {
      refusing = true;
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      pairs.clear();
    },
    open() {
      refusing = false;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

interface OutboxCounts {
  pending: number;
  applied: number;
  superseded: number;
}

async function outboxOf(db: Database, jobId: string, step: string): Promise<OutboxCounts> {
  const rows = await db.db
    .selectFrom('placement_outbox as o')
    .innerJoin('placement_outbox_batches as b', 'b.id', 'o.batch_id')
    .select(['o.status', sql<number>`count(*)`.as('n')])
    .where('b.job_id', '=', jobId)
    .where('b.step', '=', step)
    .groupBy('o.status')
    .execute();
  const out: OutboxCounts = { pending: 0, applied: 0, superseded: 0 };
  for (const r of rows) out[r.status as keyof OutboxCounts] = Number(r.n);
  return out;
}

const BACKENDS = [
  { kind: 'sqlite' as const, skip: false },
  { kind: 'postgres' as const, skip: pgSkipped() },
];

/** Where to kill: right after the commit (nothing applied yet), or in the middle of the apply. */
const KILL_POINTS = [
  { step: 'import-shards', ready: (c: OutboxCounts) => c.pending > 0 && c.applied === 0 },
  { step: 'import-placements', ready: (c: OutboxCounts) => c.pending > 0 && c.applied > 0 },
];

describe('inventory.sync on JetStream KV: kill -9 between the SQL commit and the KV apply', () => {
  let sim: SimHandle;
  let api: ApiClient;
  const landed: string[] = [];

  before(async () => {
    sim = await startSim({ tenants: 30 });
    api = await apiClient();
  });
  after(async () => {
    await sim?.close();
    await api?.idp.close();
    process.stdout.write(`# outbox kill points (pending/applied at the kill): ${landed.join(' ')}\n`);
  });

  for (const backend of BACKENDS) {
    for (const point of KILL_POINTS) {
      test(
        `${backend.kind}: kill -9 after committing ${point.step}, before its KV apply finished`,
        { skip: backend.skip ? 'SWITCHYARD_SKIP_PG=1' : false },
        async () => {
          const relay = await natsRelay(4);
          const bucket = `sy_outbox_${randomBytes(5).toString('hex')}`;
          const sqlite = backend.kind === 'sqlite' ? tempSqlite() : null;
          const pg = backend.kind === 'postgres' ? await createTestPgDatabase() : null;
          const env = sidecarEnv(api.idp, sim.url, {
            ...(sqlite ? { SWITCHYARD_SQLITE_PATH: sqlite.path } : { DATABASE_URL: pg!.url }),
            SWITCHYARD_PLACEMENT_STORE: 'nats',
            NATS_URL: relay.url,
            SWITCHYARD_PLACEMENT_BUCKET: bucket,
          });
          let sidecar = await spawnSidecar(env);
          const db = await openSidecarDatabase(
            sqlite ? { kind: 'sqlite', path: sqlite.path } : { kind: 'postgres', url: pg!.url, poolMax: 2 }
          );
          const kv = await NatsPlacementStore.open({ url: NATS.toString(), bucket });
          try {
            const r = await api.call(sidecar.url, 'createJob', {
              body: { type: 'inventory.sync', params: {}, reason: `outbox crash at ${point.step}` },
              headers: { 'idempotency-key': `outbox-${backend.kind}-${point.step}` },
            });
            assert.equal(r.status, 201, JSON.stringify(r.json));
            const id = r.json.job.id as string;

            // Watch the outbox from outside; at the kill point stop KV traffic, then kill -9.
            const deadline = Date.now() + 60_000;
            let seen = await outboxOf(db, id, point.step);
            while (!point.ready(seen)) {
              assert.ok(Date.now() < deadline, `kill point not reached: ${JSON.stringify(seen)}`);
              const j = await api.job(sidecar.url, id);
              assert.ok(!isTerminal(j), `job ended before the kill point: ${j.status}`);
              await new Promise((res) => setTimeout(res, 1));
              seen = await outboxOf(db, id, point.step);
            }
            relay.cut();
            await sidecar.kill9();
            const atKill = await outboxOf(db, id, point.step);
            landed.push(`${backend.kind}/${point.step}:${atKill.pending}/${atKill.applied}`);
            assert.ok(atKill.pending > 0, 'the kill left staged writes unapplied');

            relay.open();
            sidecar = await spawnSidecar(env);
            const done = await api.waitJob(sidecar.url, id, isTerminal, 120_000);
            assert.equal(done.status, 'succeeded', JSON.stringify(done.error));

            // Every staged write applied, none superseded (nothing else writes placement here).
            for (const step of ['import-shards', 'import-placements']) {
              const c = await outboxOf(db, id, step);
              assert.equal(c.pending + c.superseded, 0, `${step}: ${JSON.stringify(c)}`);
              assert.ok(c.applied > 0, `${step} staged writes`);
            }
            // Exactly once: the fresh bucket's stream holds one message per write; one per record.
            const shards = await kv.listShards();
            const assignments = await kv.listAssignments();
            const status = await kv.kv.status();
            assert.equal(
              status.streamInfo.state.last_seq,
              shards.length + assignments.length,
              'one KV write per shard and per assignment'
            );
            assert.equal(shards.length, sim.sim.model.shards.length);
            const expected = sim.sim.model.tenants.flatMap((t) =>
              Object.entries(sim.sim.model.placementOf(t.id)).map(([kind, shard]) => `${t.id}/${kind}@${shard}`)
            );
            assert.deepEqual(
              assignments.map((a) => `${a.tenantId}/${a.kind}@${a.shardId}`).sort(),
              expected.sort(),
              'KV holds what the platform runs'
            );
            for (const a of assignments.slice(0, 20)) {
              const h = await kv.history(a.tenantId, a.kind, 10);
              assert.deepEqual(
                h.map((e) => e.jobId),
                [id],
                `${a.tenantId}/${a.kind}: one write, by the job`
              );
            }
            // The audit entry of each staged step exactly once; the chain verifies.
            for (const action of ['inventory.shards', 'inventory.placements']) {
              const a = await api.call(sidecar.url, 'listAudit', { query: { jobId: id, action } });
              assert.equal(a.json.items.length, 1, `${action} audited once`);
            }
            const chain = await api.call(sidecar.url, 'verifyAudit');
            assert.equal(chain.json.ok, true, JSON.stringify(chain.json));
          } finally {
            await sidecar.stop();
            await db.close();
            await kv.destroy().catch(() => undefined);
            await kv.close();
            await relay.close();
            sqlite?.cleanup();
            await pg?.drop();
          }
        }
      );
    }
  }
});
