/**
 * kill -9 while placement is being written leaves it consistent: the assignment, its generation and
 * its history agree (the move and its history entry are one atomic write on both stores).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NatsPlacementStore } from './natsPlacementStore';
import { HISTORY_KEEP, type PlacementStore } from './placement.store';
import { SqlPlacementStore } from './sqlPlacementStore';
import { openSidecarDatabase } from '../../app';

const WRITER = join(__dirname, '..', '..', 'testing', 'placementCrashWriter.ts');
const NATS = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

async function writeThenKill(args: string[], atLeastMs: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('running') && resolve());
    child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${err}`)));
  });
  await new Promise((r) => setTimeout(r, atLeastMs + Math.random() * 200));
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGKILL');
  await exited;
}

async function assertConsistent(store: PlacementStore, historyComplete: boolean): Promise<void> {
  const a = await store.getAssignment('crash-001', 'gateway');
  assert.ok(a && a.generation > 50, `writer made progress (${a?.generation})`);
  const hist = await store.history('crash-001', 'gateway', 100_000);
  assert.equal(hist[0].revision, a.revision, 'newest history entry is the current revision');
  assert.equal(hist[0].shardId, a.shardId);
  for (let i = 0; i + 1 < hist.length; i++)
    assert.equal(hist[i].previousShardId, hist[i + 1].shardId, 'unbroken chain');
  assert.equal(
    hist.length,
    historyComplete ? a.generation : Math.min(a.generation, HISTORY_KEEP),
    'one history entry per write'
  );
}

describe('kill -9 during placement writes', () => {
  test('sql (sqlite): assignment and history agree after the writer is killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-crash-'));
    try {
      const path = join(dir, 'p.db');
      await writeThenKill(['sqlite', path], 300);
      const db = await openSidecarDatabase({ kind: 'sqlite', path });
      try {
        await assertConsistent(new SqlPlacementStore(db.db), true);
      } finally {
        await db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('nats jetstream kv: assignment and history agree after the writer is killed', async () => {
    const bucket = `sy_crash_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await writeThenKill(['nats', NATS, bucket], 300);
    const store = await NatsPlacementStore.open({ url: NATS, bucket });
    try {
      await assertConsistent(store, false);
    } finally {
      await store.destroy();
      await store.close();
    }
  });
});
