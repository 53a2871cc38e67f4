/** Runs the one placement store suite on every store: SQL (SQLite, PostgreSQL) and NATS JetStream KV. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NatsPlacementStore } from './natsPlacementStore';
import { createTestPgDatabase, pgSkipped } from '../../testing/postgres';
import { placementStoreSuite } from './placementStore.suite';
import { SqlPlacementStore } from './sqlPlacementStore';
import { openSidecarDatabase } from '../../app';

export const TEST_NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

placementStoreSuite('sql on sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-placement-'));
  const database = await openSidecarDatabase({ kind: 'sqlite', path: join(dir, 'p.db') });
  return {
    store: new SqlPlacementStore(database.db),
    cleanup: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

if (!pgSkipped()) {
  placementStoreSuite('sql on postgres', async () => {
    const pg = await createTestPgDatabase();
    const database = await openSidecarDatabase({ kind: 'postgres', url: pg.url, poolMax: 10 });
    return {
      store: new SqlPlacementStore(database.db, 'postgres'),
      cleanup: async () => {
        await database.close();
        await pg.drop();
      },
    };
  });
}

placementStoreSuite('nats jetstream kv', async () => {
  const bucket = `sy_placement_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const store = await NatsPlacementStore.open({ url: TEST_NATS_URL, bucket });
  return {
    store,
    cleanup: async () => {
      await store.destroy();
      await store.close();
    },
  };
});
