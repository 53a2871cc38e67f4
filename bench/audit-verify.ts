/**
 * Audit chain verification benchmark (prints figures; never passes or fails on time).
 *
 * Writes a valid chain of BENCH_AUDIT_ENTRIES entries (default 50,000) straight into the store, then
 * times AuditService.verify() (read in batches, re-hash every entry, check every link) beside a plain
 * SELECT of the same rows in the same batches — the floor verification cannot beat. Then times what the
 * Audit page asks for on the same chain: the newest page unfiltered (the baseline) beside each filter
 * (actor, tenant, free text hit and miss, time range), the match count, and a capped export drained to
 * the end. Runs on SQLite and on PostgreSQL (a throwaway database on TEST_PG_URL; skipped with
 * SWITCHYARD_SKIP_PG=1). Verification figures are given in wall time and in this process's CPU time:
 * on a shared machine wall time mostly measures the neighbours, and on PostgreSQL the CPU column
 * leaves out the server's share.
 *
 *   npm run bench:audit
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { AUDIT_EXPORT_CAP, type AuditFilterQuery, type ListAuditQuery } from '../src/contract';
import { openSidecarDatabase } from '../src/sidecar/app';
import { computeEntryHash, GENESIS_HASH } from '../src/sidecar/kernel/audit/auditChain';
import { canonicalJson } from '../src/sidecar/kernel/canonicalJson';
import { systemClock } from '../src/sidecar/kernel/clock';
import { loadConfig } from '../src/sidecar/kernel/config/config';
import type { Database } from '../src/sidecar/kernel/database/database';
import type { AuditEntriesTable } from '../src/sidecar/kernel/database/schema';
import { Mutations } from '../src/sidecar/kernel/mutations';
import { AuditService } from '../src/sidecar/modules/audit/audit.service';
import { chainBatch } from '../src/sidecar/modules/audit/audit.store';
import { createTestPgDatabase, pgSkipped } from '../src/sidecar/testing/postgres';
import { ALL_TENANTS } from '../src/sidecar/kernel/scope';

const N = Number(process.env.BENCH_AUDIT_ENTRIES ?? 50_000);
/** The batch size AuditService.verify reads with. */
const BATCH = 5000;
const INSERT_BATCH = 500;
const out = (s: string) => process.stdout.write(`${s}\n`);

async function seedChain(database: Database): Promise<void> {
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  let prevHash = GENESIS_HASH;
  await database.db.transaction().execute(async (trx) => {
    for (let from = 1; from <= N; from += INSERT_BATCH) {
      const rows: AuditEntriesTable[] = [];
      for (let seq = from; seq < Math.min(from + INSERT_BATCH, N + 1); seq++) {
        const details = { from: 'active', to: 'suspended', ids: [`tenant-${seq % 977}`], note: `batch ${from}` };
        const unhashed = {
          seq,
          ts: new Date(start + seq * 1000).toISOString(),
          actor: { login: `user-${seq % 17}`, orgId: 1, role: 'Editor' },
          action: 'tenant.status',
          targetType: 'tenant',
          targetId: `tenant-${seq % 977}`,
          reason: seq % 3 === 0 ? null : `maintenance window ${seq}`,
          requestId: `req-${seq}`,
          jobId: null,
          outcome: 'success' as const,
          details,
          prevHash,
        };
        const hash = computeEntryHash(unhashed);
        rows.push({
          seq,
          ts: unhashed.ts,
          actor_login: unhashed.actor.login,
          actor_org_id: 1,
          actor_role: 'Editor',
          action: unhashed.action,
          target_type: unhashed.targetType,
          target_id: unhashed.targetId,
          reason: unhashed.reason,
          request_id: unhashed.requestId,
          job_id: null,
          outcome: unhashed.outcome,
          details: canonicalJson(details),
          prev_hash: prevHash,
          hash,
        });
        prevHash = hash;
      }
      await trx.insertInto('audit_entries').values(rows).execute();
    }
    await trx.updateTable('audit_head').set({ seq: N, hash: prevHash }).where('id', '=', 1).execute();
  });
}

/** Wall and CPU (this process: user + system) milliseconds of one run of `fn`, after a warm-up run. */
async function timed(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  await fn();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await fn();
  const c = process.cpuUsage(c0);
  return { wall: Number(process.hrtime.bigint() - t0) / 1e6, cpu: (c.user + c.system) / 1000 };
}

async function plainSelect(database: Database): Promise<number> {
  let after = 0;
  let rows = 0;
  for (;;) {
    const batch = await chainBatch(database.db, after, BATCH);
    rows += batch.length;
    if (batch.length < BATCH) return rows;
    after = Number(batch[batch.length - 1].seq);
  }
}

/** Median of `RUNS` timings after one warm-up. */
async function median(fn: () => Promise<unknown>): Promise<number> {
  const RUNS = 5;
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return ms.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

async function searchFigures(audit: AuditService): Promise<void> {
  const mid = new Date(Date.parse('2026-01-01T00:00:00.000Z') + (N / 2) * 1000).toISOString();
  const cases: Array<[string, ListAuditQuery]> = [
    ['newest page, no filter (baseline)', { limit: 50 }],
    ['actor', { limit: 50, actor: 'user-3' }],
    ['tenant (entries + its jobs)', { limit: 50, tenantId: 'tenant-5' }],
    ['free text, frequent hit', { limit: 50, q: 'maintenance' }],
    ['free text, rare (oldest 500 only)', { limit: 50, q: 'batch 1"' }],
    ['free text, no hit', { limit: 50, q: 'no-such-text' }],
    ['time range (older half)', { limit: 50, to: mid }],
  ];
  out('  search (median of 5, one page of 50)');
  for (const [label, query] of cases) {
    const ms = await median(() => audit.list(ALL_TENANTS, query));
    out(`    ${label.padEnd(34)} ${ms.toFixed(1).padStart(8)} ms`);
  }
  for (const [label, filters] of [
    ['count, no filter', {}],
    ['count, tenant', { tenantId: 'tenant-5' }],
    ['count, free text', { q: 'maintenance' }],
  ] as Array<[string, AuditFilterQuery]>) {
    const ms = await median(() => audit.count(ALL_TENANTS, filters));
    out(`    ${label.padEnd(34)} ${ms.toFixed(1).padStart(8)} ms`);
  }
  const ctx = { actor: { login: 'bench', orgId: 1 }, requestId: 'bench-export', jobId: null };
  const t0 = process.hrtime.bigint();
  const exp = await audit.export(ctx, ALL_TENANTS, { format: 'ndjson', limit: AUDIT_EXPORT_CAP });
  let rows = 0;
  for await (const _e of exp.entries) rows++;
  const exportMs = Number(process.hrtime.bigint() - t0) / 1e6;
  out(
    `    export, cap ${AUDIT_EXPORT_CAP} of ${exp.matched} ${''.padEnd(14)} ${exportMs.toFixed(0).padStart(8)} ms (${rows} rows, truncated=${exp.truncated})`
  );
}

async function run(name: string, env: Record<string, string>): Promise<void> {
  const database = await openSidecarDatabase(
    loadConfig({
      SWITCHYARD_PROXY_SECRET: 'x'.repeat(32),
      GRAFANA_URL: 'http://127.0.0.1:3000',
      SWITCHYARD_OUTBOUND_HOSTS: '127.0.0.1:3000',
      ...env,
    }).store
  );
  try {
    const t0 = Date.now();
    await seedChain(database);
    out(`${name}: wrote ${N} chained entries in ${Date.now() - t0} ms`);
    const audit = new AuditService(database.db, new Mutations(database.db, pino({ level: 'silent' }), systemClock()));
    const result = await audit.verify();
    if (!result.ok || result.checked !== N) throw new Error(`${name}: chain did not verify: ${JSON.stringify(result)}`);
    const select = await timed(() => plainSelect(database));
    const verify = await timed(() => audit.verify());
    const rate = (ms: number) => ((N / ms) * 1000).toFixed(0).padStart(9);
    const row = (name: string, t: { wall: number; cpu: number }) =>
      out(
        `  ${name.padEnd(32)} wall ${t.wall.toFixed(0).padStart(6)} ms ${rate(t.wall)} rows/s   CPU ${t.cpu.toFixed(0).padStart(6)} ms ${rate(t.cpu)} rows/s`
      );
    row(`plain SELECT (batches of ${BATCH})`, select);
    row('verify (re-hash + links)', verify);
    out(
      `  verify / SELECT                  wall ${(verify.wall / select.wall).toFixed(2)}×   CPU ${(verify.cpu / select.cpu).toFixed(2)}×   (goal ≥ 100,000 rows/s)`
    );
    await searchFigures(audit);
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sy-audit-bench-'));
  try {
    await run('sqlite', { SWITCHYARD_SQLITE_PATH: join(dir, 'audit.db') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (pgSkipped()) {
    out('postgres: skipped (SWITCHYARD_SKIP_PG=1)');
    return;
  }
  const pg = await createTestPgDatabase();
  try {
    await run('postgres', { DATABASE_URL: pg.url });
  } finally {
    await pg.drop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
