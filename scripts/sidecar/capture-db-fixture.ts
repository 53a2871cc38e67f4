/**
 * Writes the forward-migration fixtures: a database created and filled by the sidecar, with rows in
 * every table (tenants and labels, audit chain, idempotency keys, jobs and steps, isolation verdict
 * changes, alerts, placement shards/assignments/history), as a SQLite file and a plain-SQL PostgreSQL
 * dump. The committed fixtures were captured by this script before the sidecar was laid out by
 * feature module (migrations then recorded as 001_…, 002_placement, 003_jobs, 004_alerts,
 * 004_isolation, 005_…); the forward-migration test opens them with today's migration runner.
 *
 *   npx tsx scripts/sidecar/capture-db-fixture.ts <out-dir>
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { idempotencyKey, startTestApp, tenantBody, type TestApp } from '../../src/sidecar/testing/testApp';
import { insertJob } from '../../src/sidecar/jobs/jobs.store';
import { recordVerdict } from '../../src/sidecar/modules/isolation/isolation.store';
import { upsertAlert } from '../../src/sidecar/modules/operations/operations.store';
import { SqlPlacementStore } from '../../src/sidecar/modules/placement/sqlPlacementStore';

const AT = new Date('2026-11-30T12:00:00.000Z');
const PLAN_HASH = 'a'.repeat(64);
const iso = (minutes: number) => new Date(AT.getTime() + minutes * 60_000).toISOString();

async function fill(t: TestApp): Promise<void> {
  for (const id of ['fixture-acme', 'fixture-globex']) {
    const created = await t.call('createTenant', {
      body: tenantBody({ id, displayName: `Fixture ${id}` }),
      headers: { 'idempotency-key': idempotencyKey() },
    });
    if (created.statusCode !== 201) throw new Error(`createTenant ${id}: ${created.body}`);
  }
  const status = await t.call('changeTenantStatus', {
    params: { id: 'fixture-acme' },
    body: { to: 'active', reason: 'fixture' },
    headers: { 'idempotency-key': idempotencyKey() },
  });
  if (status.statusCode !== 200) throw new Error(`changeTenantStatus: ${status.body}`);

  const db = t.database.db;
  await insertJob(
    db,
    {
      id: '0b9d3a52-4a39-4d2e-9d7e-1f0a6a1c0001',
      type: 'deployment.restart',
      status: 'succeeded',
      active: 0,
      environment: 'prod',
      tenant_id: null,
      lock_key: 'deployment:prod:gateway',
      target: 'deployment gateway (prod)',
      params: JSON.stringify({ environment: 'prod', deployment: 'gateway' }),
      reason: 'fixture restart',
      source: JSON.stringify({ kind: 'api', ref: 'fixture' }),
      requested_by_login: 'alice',
      requested_by_org: 1,
      approval: JSON.stringify({
        required: false,
        status: 'not_required',
        planHash: PLAN_HASH,
        approvedBy: null,
        approvedAt: null,
      }),
      plan: JSON.stringify({
        type: 'deployment.restart',
        environment: 'prod',
        tenantId: null,
        target: 'deployment gateway (prod)',
        steps: [{ index: 0, name: 'restart', title: 'Restart the deployment (rollout restart)', compensation: null }],
        preflight: [],
        diff: [],
        blocked: false,
        approvalRequired: false,
        planHash: PLAN_HASH,
      }),
      context: JSON.stringify({ restartedAt: iso(0) }),
      current_step: 1,
      step_count: 1,
      cancel_requested: 0,
      error: null,
      request_id: '0b9d3a52-4a39-4d2e-9d7e-1f0a6a1c0002',
      created_at: iso(0),
      updated_at: iso(2),
      started_at: iso(1),
      finished_at: iso(2),
      lease_owner: null,
      lease_expires_at: null,
      fence: 1,
    },
    [{ name: 'restart', title: 'Restart the deployment (rollout restart)' }]
  );
  await db
    .withTables<{ job_steps: { job_id: string; status: string; attempts: number; observed: string | null } }>()
    .updateTable('job_steps')
    .set({ status: 'succeeded', attempts: 1, observed: JSON.stringify({ restarted: true }) })
    .where('job_id', '=', '0b9d3a52-4a39-4d2e-9d7e-1f0a6a1c0001')
    .execute();

  await recordVerdict(db, 'fixture-acme', 'warning', ['connection'], new Date(iso(3)));
  await recordVerdict(db, 'fixture-acme', 'isolated', [], new Date(iso(4)));

  await upsertAlert(db, {
    fingerprint: 'f1x7000000000001',
    alertname: 'TenantHigh5xxRatio',
    status: 'firing',
    active: 1,
    event_ts: iso(5),
    severity: 'critical',
    summary: '5xx ratio above 5%',
    runbook_url: 'https://runbooks.example/5xx',
    tenant_id: 'fixture-acme',
    shard: null,
    service: 'gateway',
    environment: 'prod',
    labels: JSON.stringify({ alertname: 'TenantHigh5xxRatio', tenant_id: 'fixture-acme' }),
    starts_at: iso(5),
    ends_at: null,
    received_at: iso(5),
    generator_url: 'http://vmalert/rule',
  });

  const placement = new SqlPlacementStore(db, t.database.kind);
  const shard = {
    region: 'eu-west',
    labels: { env: 'prod' },
    capacity: 100,
    version: '1.0.0',
    status: 'ready' as const,
  };
  await placement.createShard({ id: 'gw-a', kind: 'gateway', ...shard }, new Date(iso(6)));
  await placement.createShard({ id: 'gw-b', kind: 'gateway', ...shard }, new Date(iso(6)));
  const meta = (reason: string) => ({ at: new Date(iso(7)), actor: 'alice', reason, jobId: null });
  const a = await placement.createAssignment('fixture-acme', 'gateway', 'gw-a', meta('initial'));
  await placement.moveAssignment('fixture-acme', 'gateway', a.revision, 'gw-b', meta('fixture move'));
}

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'src/sidecar/kernel/database/fixtures');
  mkdirSync(out, { recursive: true });

  const lite = await startTestApp('sqlite');
  await fill(lite);
  const path = lite.config.store.kind === 'sqlite' ? lite.config.store.path : '';
  await lite.app.close();
  await lite.database.close();
  const BetterSqlite3 = (await import('better-sqlite3')).default;
  const raw = new BetterSqlite3(path);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.pragma('journal_mode = DELETE');
  raw.exec('VACUUM');
  raw.close();
  copyFileSync(path, join(out, 'pre-modules.sqlite'));
  await lite.close().catch(() => undefined);

  const pg = await startTestApp('postgres');
  await fill(pg);
  const url = pg.config.store.kind === 'postgres' ? pg.config.store.url : '';
  const dump = execFileSync('pg_dump', ['--no-owner', '--no-privileges', '--dbname', url], { encoding: 'utf8' });
  writeFileSync(join(out, 'pre-modules.postgres.sql'), dump);
  await pg.close();
  process.stdout.write(`fixtures written to ${out}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
