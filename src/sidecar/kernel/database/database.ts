/**
 * Opens the configured database as a kysely instance and runs the migrations it is given.
 * SQLite: better-sqlite3 with WAL and foreign keys, one connection (kysely serializes access, so
 * there is exactly one writer), a bounded prepared-statement cache and row limits written into the
 * SQL (literalLimits.ts); WAL checkpoints run in a worker thread (walCheckpointer.ts), never inside
 * a request's COMMIT. PostgreSQL: a pg Pool.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import { Pool } from 'pg';
import type { StoreConfig } from '../config/config';
import { migrateToLatest, type NumberedMigration } from './migrations';
import type { DB, StoreKind } from './schema';
import { startWalCheckpointer, type WalCheckpointer } from './walCheckpointer';
import { LiteralLimits } from './literalLimits';

export interface Database {
  db: Kysely<DB>;
  kind: StoreKind;
  /** Cheap liveness query for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const STATEMENT_CACHE_SIZE = 512;
/** How often the checkpoint worker copies committed WAL frames into the database file. */
const CHECKPOINT_INTERVAL_MS = 200;

/** Wraps better-sqlite3 so kysely reuses prepared statements for identical SQL text. */
function withStatementCache(raw: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => raw.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = raw.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) {
          cache.delete(cache.keys().next().value as string);
        }
        cache.set(text, stmt);
      }
      return stmt as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
  };
}

export function openSqlite(path: string): BetterSqlite3.Database {
  if (path !== ':memory:') {
    mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  const raw = new BetterSqlite3(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('cache_size = -32000');
  return raw;
}

/** Opens the database and runs `migrations` (the one sequence app.ts assembles from the modules). */
export async function openDatabase(store: StoreConfig, migrations: readonly NumberedMigration[]): Promise<Database> {
  let db: Kysely<DB>;
  let checkpointer: WalCheckpointer | null = null;
  if (store.kind === 'sqlite') {
    const raw = openSqlite(store.path);
    if (store.path !== ':memory:') {
      checkpointer = startWalCheckpointer(raw, store.path, CHECKPOINT_INTERVAL_MS, (err) =>
        process.emitWarning(`SQLite checkpoint worker failed (the connection checkpoints itself now): ${err.message}`)
      );
    }
    db = new Kysely<DB>({
      dialect: new SqliteDialect({ database: withStatementCache(raw) }),
      plugins: [new LiteralLimits()],
    });
  } else {
    const pool = new Pool({ connectionString: store.url, max: store.poolMax, connectionTimeoutMillis: 5_000 });
    // An idle client error (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }
  try {
    await migrateToLatest(db, store.kind, migrations);
    if (store.kind === 'sqlite') {
      // Refresh planner statistics where stale, so filtered/sorted lists pick the right index.
      await sql`pragma optimize = 0x10002`.execute(db);
    }
  } catch (err) {
    await checkpointer?.stop();
    await db.destroy();
    throw err;
  }
  return {
    db,
    kind: store.kind,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/** True when `err` is a unique or primary-key violation on either store (a concurrent insert won). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
