import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from './database';
import { startWalCheckpointer } from './walCheckpointer';

const pages = (raw: ReturnType<typeof openSqlite>) => raw.pragma('wal_autocheckpoint', { simple: true });

async function until(cond: () => boolean, what: string): Promise<void> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('commits never checkpoint on the connection; the worker copies the WAL into the database file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-wal-'));
  const path = join(dir, 'x.db');
  const raw = openSqlite(path);
  try {
    raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const failures: Error[] = [];
    const cp = startWalCheckpointer(raw, path, 20, (err) => failures.push(err));
    assert.equal(pages(raw), 0);
    const dbSize = statSync(path).size;
    const insert = raw.prepare('INSERT INTO t (v) VALUES (?)');
    // Well past SQLite's own threshold (1000 pages): with it, these commits would checkpoint themselves.
    for (let i = 0; i < 3000; i++) insert.run('x'.repeat(2000));
    await until(() => statSync(path).size > dbSize + 3000 * 2000, 'the checkpoint worker');
    await cp.stop();
    assert.equal(pages(raw), 1000, 'without the worker the connection checkpoints itself again');
    assert.deepEqual(failures, []);
    assert.deepEqual(raw.prepare('SELECT count(*) AS n FROM t').get(), { n: 3000 });
  } finally {
    raw.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a checkpoint worker that fails hands checkpointing back to the connection and is reported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-wal-'));
  const raw = openSqlite(join(dir, 'x.db'));
  try {
    const failures: Error[] = [];
    // A path the worker cannot open: it fails at once.
    const cp = startWalCheckpointer(raw, join(dir, 'missing', 'x.db'), 20, (err) => failures.push(err));
    await until(() => failures.length > 0, 'the failure report');
    assert.equal(pages(raw), 1000);
    await cp.stop();
  } finally {
    raw.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stop() keeps a process with nothing else pending alive until the worker has made its last checkpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-wal-'));
  try {
    // A script whose only pending work after its writes is `stop()`: it must get to the line after it.
    const script = join(dir, 'stop.ts');
    writeFileSync(
      script,
      `import { openSqlite } from ${JSON.stringify(join(__dirname, 'database'))};
import { startWalCheckpointer } from ${JSON.stringify(join(__dirname, 'walCheckpointer'))};
const path = ${JSON.stringify(join(dir, 'x.db'))};
const raw = openSqlite(path);
raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
const cp = startWalCheckpointer(raw, path, 60_000, () => undefined);
const insert = raw.prepare('INSERT INTO t (v) VALUES (?)');
raw.transaction(() => { for (let i = 0; i < 5000; i++) insert.run('x'.repeat(2000)); })();
void cp.stop().then(() => {
  process.stdout.write('stopped after the last checkpoint: ' + raw.pragma('wal_checkpoint(PASSIVE)', { simple: true }));
  raw.close();
});
`
    );
    const r = spawnSync(process.execPath, [...process.execArgv, script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^stopped after the last checkpoint: 0$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
