import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readShardFile, seedShards } from './shardSeed';
import { SqlPlacementStore } from './sqlPlacementStore';
import { openSidecarDatabase } from '../../app';

describe('shard inventory from configuration', () => {
  test('creates missing shards once, never overwrites, and rejects a bad file naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-seed-'));
    const db = await openSidecarDatabase({ kind: 'sqlite', path: join(dir, 'p.db') });
    try {
      const file = join(dir, 'shards.json');
      writeFileSync(
        file,
        JSON.stringify([
          { id: 'gw-1', kind: 'gateway', capacity: 400, labels: { env: 'prod' } },
          { id: 'agg-1', kind: 'aggregate', capacity: 250 },
        ])
      );
      const store = new SqlPlacementStore(db.db);
      assert.equal(await seedShards(store, readShardFile(file), new Date()), 2);
      const gw = (await store.getShard('gw-1'))!;
      await store.updateShard('gw-1', gw.revision, { status: 'cordoned' }, new Date());
      assert.equal(await seedShards(store, readShardFile(file), new Date()), 0);
      assert.equal((await store.getShard('gw-1'))?.status, 'cordoned', 'a restart does not undo a cordon');
      assert.equal((await store.getShard('agg-1'))?.status, 'ready');
      writeFileSync(file, JSON.stringify([{ id: 'x', kind: 'storage', capacity: 1 }]));
      assert.throws(() => readShardFile(file), /SWITCHYARD_PLACEMENT_SHARDS_FILE: 0\.kind/);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
