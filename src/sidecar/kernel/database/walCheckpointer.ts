/**
 * SQLite WAL checkpoints off the event loop. better-sqlite3 runs every statement synchronously, and
 * SQLite's automatic checkpoint runs inside the COMMIT that crosses its threshold: it copies the WAL
 * into the database file and fsyncs both, stalling the whole process (every request, every job) for
 * as long as the disk takes. Here the app's connection never checkpoints; a worker thread with its
 * own connection to the same file runs PASSIVE checkpoints (they never block a reader or the writer)
 * on an interval. Committed transactions are in the WAL either way, so durability is unchanged: a
 * process killed before a checkpoint replays the WAL when the file is opened again.
 *
 * Should the worker fail or exit, the app's connection checkpoints for itself again (SQLite's
 * default threshold), so the WAL never grows without bound.
 */
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** SQLite's default automatic checkpoint threshold (pages), restored when the worker is gone. */
const AUTOCHECKPOINT_PAGES = 1000;

/** Runs in the worker: one connection, a PASSIVE checkpoint per tick, a last one before it stops. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)');
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  try { checkpoint(); } finally { db.close(); parentPort.close(); }
});
`;

export interface WalCheckpointer {
  /** Stops the worker after a last checkpoint; the app's connection checkpoints for itself from then on. */
  stop(): Promise<void>;
}

export function startWalCheckpointer(
  raw: BetterSqlite3.Database,
  path: string,
  intervalMs: number,
  onFailure: (err: Error) => void
): WalCheckpointer {
  raw.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver: require.resolve('better-sqlite3'), path, intervalMs },
  });
  // The worker must not keep the process alive on its own.
  worker.unref();
  let fallback = false;
  const selfCheckpoint = () => {
    if (fallback || !raw.open) return;
    fallback = true;
    raw.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  worker.on('error', (err) => {
    selfCheckpoint();
    onFailure(err);
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void exited.then(selfCheckpoint);
  return {
    stop: async () => {
      selfCheckpoint();
      // Until it has exited, the worker holds the process open: an unref'd worker still running its last
      // checkpoint would let a process with nothing else pending exit before `stop()` settles.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
