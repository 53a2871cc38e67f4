/**
 * A database created and filled by the sidecar before it was laid out by feature module (fixtures/,
 * captured by scripts/sidecar/capture-db-fixture.ts) is opened by today's migration runner, on SQLite
 * (a copy of the file) and PostgreSQL (the plain dump restored into a throwaway database): every row
 * of every table survives unchanged, the recorded migration ids are today's, the audit chain still
 * verifies, and the app serves the rows.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { MIGRATIONS, openSidecarDatabase } from '../../app';
import { createTestPgDatabase, pgSkipped } from '../../testing/postgres';
import { startTestApp, type Backend } from '../../testing/testApp';
import type { StoreConfig } from '../config/config';
import type { DB } from './schema';

const FIXTURES = join(__dirname, 'fixtures');
const TABLES: Array<keyof DB> = [
  'tenants',
  'tenant_labels',
  'audit_entries',
  'audit_head',
  'idempotency_keys',
  'jobs',
  'job_steps',
  'placement_shards',
  'placement_assignments',
  'placement_history',
  'isolation_verdict_changes',
  'alerts',
];
const FORMER_IDS = [
  '001_tenants_audit_idempotency',
  '002_placement',
  '003_jobs',
  '004_alerts',
  '004_isolation',
  '005_tenant_status_sort_indexes',
];

type Snapshot = Record<string, unknown[]>;

/** Columns added later and filled from the row's other columns (checked on their own below). */
const DERIVED: Partial<Record<keyof DB, string[]>> = { tenants: ['document'] };

async function snapshot(db: Kysely<DB>): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const t of TABLES) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(t)}`.execute(db);
    out[t] = rows.rows
      .map((r) =>
        JSON.stringify(
          Object.fromEntries(
            Object.entries(r)
              .filter(([k]) => !(DERIVED[t] ?? []).includes(k))
              .map(([k, v]) => [k, normalise(v)])
          )
        )
      )
      .sort();
  }
  return out;
}

/** PostgreSQL returns bigint/double as strings or numbers depending on the column; compare by value. */
function normalise(v: unknown): unknown {
  return typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

async function recordedIds(db: Kysely<DB>): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

async function prepare(
  backend: Backend
): Promise<{ store: StoreConfig; env: Record<string, string>; drop(): Promise<void> }> {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'sy-forward-'));
    const path = join(dir, 'switchyard.db');
    copyFileSync(join(FIXTURES, 'pre-modules.sqlite'), path);
    return {
      store: { kind: 'sqlite', path },
      env: { SWITCHYARD_SQLITE_PATH: path },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const pg = await createTestPgDatabase();
  execFileSync(
    'psql',
    ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', pg.url, '-f', join(FIXTURES, 'pre-modules.postgres.sql')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    }
  );
  return { store: { kind: 'postgres', url: pg.url, poolMax: 2 }, env: { DATABASE_URL: pg.url }, drop: () => pg.drop() };
}

const backends: Backend[] = pgSkipped() ? ['sqlite'] : ['sqlite', 'postgres'];

for (const backend of backends) {
  describe(`a database created before the module layout upgrades forward (${backend})`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    after(async () => {
      for (const fn of cleanups.reverse()) await fn();
    });

    test('every row survives, the ids are renumbered, the chain verifies and the app serves the rows', async () => {
      const fixture = await prepare(backend);
      cleanups.push(fixture.drop);

      // Before: the fixture as the earlier layout left it (read with the same queries).
      const before = await openRaw(fixture.store);
      const rowsBefore = await snapshot(before.db);
      assert.deepEqual(await recordedIds(before.db), FORMER_IDS);
      await before.close();
      for (const t of TABLES) assert.ok(rowsBefore[t].length > 0, `the fixture has rows in ${t}`);

      const database = await openSidecarDatabase(fixture.store);
      assert.deepEqual(await snapshot(database.db), rowsBefore, 'every row of every table is unchanged');
      const documents = new Map(
        (await database.db.selectFrom('tenants').select(['id', 'document']).execute()).map((r) => [r.id, r.document])
      );
      assert.deepEqual(
        await recordedIds(database.db),
        MIGRATIONS.map((m) => m.id).sort(),
        'the recorded ids are the current sequence'
      );
      await database.close();
      // Opening it again is a no-op.
      const again = await openSidecarDatabase(fixture.store);
      assert.deepEqual(await snapshot(again.db), rowsBefore);
      await again.close();

      const t = await startTestApp(backend, { ...fixture.env, SWITCHYARD_ISOLATION_REFRESH_MS: '0' });
      cleanups.push(() => t.close());
      const verify = await t.call('verifyAudit');
      assert.equal(verify.statusCode, 200, verify.body);
      assert.equal(verify.json().ok, true);
      assert.equal(verify.json().checked, rowsBefore.audit_entries.length);
      const tenant = await t.call('getTenant', { params: { id: 'fixture-acme' } });
      assert.equal(tenant.statusCode, 200, tenant.body);
      assert.equal(tenant.json().status, 'active');
      // Every tenant got its stored document (016): the tenant the API returns, and what the list sends.
      assert.deepEqual(JSON.parse(documents.get('fixture-acme') ?? 'null'), tenant.json());
      const list = await t.call('listTenants', { query: { limit: 200 } });
      assert.equal(list.statusCode, 200, list.body);
      const listed = (list.json() as { items: Array<{ id: string }> }).items;
      assert.equal(listed.length, documents.size);
      for (const item of listed) assert.deepEqual(item, JSON.parse(documents.get(item.id) ?? 'null'));
      const jobs = await t.call('listJobs', { query: { limit: 50 } });
      assert.equal(jobs.statusCode, 200, jobs.body);
      assert.ok(jobs.json().items.some((j: { id: string }) => j.id === '0b9d3a52-4a39-4d2e-9d7e-1f0a6a1c0001'));
      const alerts = await t.call('listAlerts');
      assert.equal(alerts.statusCode, 200, alerts.body);
      assert.ok(alerts.json().items.some((a: { fingerprint: string }) => a.fingerprint === 'f1x7000000000001'));
      const placement = await t.call('getTenantPlacement', { params: { id: 'fixture-acme' } });
      assert.equal(placement.statusCode, 200, placement.body);
      assert.match(placement.body, /gw-b/);
      const isolation = await t.call('getTenantIsolation', { params: { id: 'fixture-acme' } });
      assert.equal(isolation.statusCode, 200, isolation.body);
      assert.match(isolation.body, /isolated|warning/);
    });
  });
}

/** The fixture opened without running any migration. */
async function openRaw(store: StoreConfig): Promise<{ db: Kysely<DB>; close(): Promise<void> }> {
  const { Kysely: K, PostgresDialect, SqliteDialect } = await import('kysely');
  if (store.kind === 'sqlite') {
    const BetterSqlite3 = (await import('better-sqlite3')).default;
    const db = new K<DB>({ dialect: new SqliteDialect({ database: new BetterSqlite3(store.path) }) });
    return { db, close: () => db.destroy() };
  }
  const { Pool } = await import('pg');
  const db = new K<DB>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: store.url, max: 1 }) }) });
  return { db, close: () => db.destroy() };
}
