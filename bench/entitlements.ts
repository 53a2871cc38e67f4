/**
 * Entitlements benchmark (prints figures; never passes or fails on time), and a correctness check at
 * scale that does fail.
 *
 * Seeds 100,000 tenants (labels `team=team-0` … `team-39`) into a temp SQLite file, then into a
 * throwaway PostgreSQL database (TEST_PG_URL; skipped with SWITCHYARD_SKIP_PG=1), and on each starts the real
 * app with SWITCHYARD_ENTITLEMENTS=on and Grafana's team API served by the stand-in identity
 * provider, and maps ten teams to their label (`team=team-k`). In the same run it drives:
 * - the tenant list's first page and a page reached by cursor, as an Admin (unscoped) and as a user
 *   of the ten teams (scope = ten label selectors, a quarter of the fleet);
 * - the overview counts, both ways.
 * Then it checks that the scoped user's whole list (walked page by page) and counts contain exactly
 * the tenants of their ten teams — never one outside — and that a search and a label filter aimed
 * at another team return nothing; any difference exits 1.
 *
 *   npm run bench:entitlements       (BENCH_TENANTS, BENCH_SECONDS, BENCH_CONNECTIONS to tune)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import {
  GRAFANA_ID_HEADER,
  GRANTED_ACTION_HEADER,
  PROXY_SECRET_HEADER,
  TenantCountsSchema,
  TenantPageSchema,
  endpoints,
} from '../src/contract';
import { buildApp, openSidecarDatabase } from '../src/sidecar/app';
import { loadConfig } from '../src/sidecar/kernel/config/config';
import { TEST_SA_TOKEN, startIdentityProvider } from '../src/sidecar/testing/identityProvider';
import { runLoad } from './loadGenerator';
import { seedTenants, seedTenantsInto } from './seed';
import { createTestPgDatabase, pgSkipped } from '../src/sidecar/testing/postgres';

const N = Number(process.env.BENCH_TENANTS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PAGE = 50;
const DEEP_PAGE = 100;
/** bench/seed.ts labels tenant i with `team=team-${i % 40}`. */
const FLEET_TEAMS = 40;
const SCOPE_TEAMS = 10;
const SECRET = 'bench-proxy-secret-0123456789abcdefghij';
const out = (s: string) => process.stdout.write(`${s}\n`);

interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function drive(name: string, url: string, headers: Record<string, string>): Promise<Figures> {
  const { result: r } = await runLoad({ url, headers, connections: CONNECTIONS, duration: SECONDS });
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.non2xx + r.errors + r.timeouts,
  };
}

/** One store's run; returns the problems the correctness check found. */
async function run(storeName: string, store: Record<string, string>): Promise<string[]> {
  const idp = await startIdentityProvider();
  const problems: string[] = [];
  out(`\n== ${storeName}`);
  try {
    const teams = Array.from({ length: SCOPE_TEAMS }, (_, k) => `team-${k}`);
    idp.setTeams(Object.fromEntries(teams.map((team) => [team, ['scoped-user']])));
    const config = loadConfig({
      SWITCHYARD_PROXY_SECRET: SECRET,
      GRAFANA_URL: idp.url,
      SWITCHYARD_OUTBOUND_HOSTS: idp.host,
      ...store,
      SWITCHYARD_ENTITLEMENTS: 'on',
      SWITCHYARD_GRAFANA_SA_TOKEN: TEST_SA_TOKEN,
      LOG_LEVEL: 'warn',
    });
    const database = await openSidecarDatabase(config.store);
    const t0 = Date.now();
    if (config.store.kind === 'sqlite') await seedTenants(config.store.path, N);
    else await seedTenantsInto(database, N);
    out(`seeded ${N} tenants (${FLEET_TEAMS} team labels) in ${Date.now() - t0} ms`);

    const app = await buildApp(config, { database, logger: pino({ level: 'warn' }) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const as = async (name: keyof typeof endpoints, claims: Record<string, unknown>) => ({
      [PROXY_SECRET_HEADER]: SECRET,
      [GRANTED_ACTION_HEADER]: endpoints[name].action,
      [GRAFANA_ID_HEADER]: await idp.mint({ expiresIn: 3600, claims }),
    });
    const admin = { username: 'ada-admin', role: 'Admin', sub: 'user:1' };
    const scoped = { username: 'scoped-user', role: 'Editor', sub: 'user:2' };

    for (const team of teams) {
      const res = await fetch(`${base}${endpoints.createEntitlementRule.path}`, {
        method: 'POST',
        headers: {
          ...(await as('createEntitlementRule', admin)),
          'content-type': 'application/json',
          'idempotency-key': `bench-${team}`,
        },
        body: JSON.stringify({
          subject: { type: 'team', team },
          scope: { type: 'labels', labels: { team } },
          description: `bench ${team}`,
        }),
      });
      if (res.status !== 201) throw new Error(`rule for ${team}: ${res.status} ${await res.text()}`);
    }

    const list = {
      admin: await as('listTenants', admin),
      scoped: await as('listTenants', scoped),
    };
    const counts = {
      admin: await as('getTenantCounts', admin),
      scoped: await as('getTenantCounts', scoped),
    };
    async function page(headers: Record<string, string>, query: string) {
      const res = await fetch(`${base}/api/v1/tenants?${query}`, { headers });
      if (res.status !== 200) throw new Error(`list ${query}: ${res.status} ${await res.text()}`);
      return TenantPageSchema.parse(await res.json());
    }
    async function deepCursor(headers: Record<string, string>): Promise<string> {
      let cursor = '';
      for (let p = 1; p < DEEP_PAGE; p++) {
        cursor = (await page(headers, `limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`)).nextCursor ?? '';
      }
      return cursor;
    }
    const first = `${base}/api/v1/tenants?limit=${PAGE}`;
    const deep = {
      admin: `${first}&cursor=${await deepCursor(list.admin)}`,
      scoped: `${first}&cursor=${await deepCursor(list.scoped)}`,
    };

    const results: Figures[] = [];
    results.push(await drive('list first page, unscoped (Admin)', first, list.admin));
    results.push(await drive(`list first page, ${SCOPE_TEAMS}-team scope`, first, list.scoped));
    results.push(await drive(`list page ${DEEP_PAGE}, unscoped (Admin)`, deep.admin, list.admin));
    results.push(await drive(`list page ${DEEP_PAGE}, ${SCOPE_TEAMS}-team scope`, deep.scoped, list.scoped));
    results.push(await drive('overview counts, unscoped (Admin)', `${base}/api/v1/overview/tenants`, counts.admin));
    results.push(
      await drive(`overview counts, ${SCOPE_TEAMS}-team scope`, `${base}/api/v1/overview/tenants`, counts.scoped)
    );

    out('');
    out(
      `${'phase'.padEnd(38)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'non-2xx'.padStart(8)}`
    );
    for (const f of results) {
      out(
        `${f.name.padEnd(38)} ${f.rps.toFixed(0).padStart(9)} ${f.p50.toFixed(2).padStart(7)} ${f.p99.toFixed(2).padStart(7)} ${String(f.errors).padStart(8)}`
      );
      if (f.errors > 0) problems.push(`${f.name}: ${f.errors} non-2xx responses`);
    }
    for (let i = 0; i < results.length; i += 2) {
      const [u, s] = [results[i], results[i + 1]];
      out(
        `${s.name}: p50 ${(s.p50 / Math.max(u.p50, 0.001)).toFixed(2)}×, p99 ${(s.p99 / Math.max(u.p99, 0.001)).toFixed(2)}×, throughput ${((s.rps / u.rps) * 100).toFixed(0)} % of unscoped`
      );
    }

    // The check: exactly the tenants of the ten teams, walked page by page, and counted.
    const inScope = new Set(teams);
    const expected = Array.from({ length: N }, (_, i) => i).filter((i) => i % FLEET_TEAMS < SCOPE_TEAMS).length;
    const seen = new Set<string>();
    const tc = Date.now();
    let cursor: string | null = null;
    do {
      const p = await page(list.scoped, `limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      for (const t of p.items) {
        if (!inScope.has(t.labels.team)) problems.push(`list includes ${t.id} (team ${t.labels.team})`);
        seen.add(t.id);
      }
      cursor = p.nextCursor;
    } while (cursor);
    const scopedCounts = TenantCountsSchema.parse(
      await (await fetch(`${base}/api/v1/overview/tenants`, { headers: counts.scoped })).json()
    );
    const adminCounts = TenantCountsSchema.parse(
      await (await fetch(`${base}/api/v1/overview/tenants`, { headers: counts.admin })).json()
    );
    const byStatus = Object.values(scopedCounts.byStatus).reduce((a, b) => a + b, 0);
    const byEnvironment = Object.values(scopedCounts.byEnvironment).reduce((a, b) => a + b, 0);
    if (seen.size !== expected) problems.push(`list walked ${seen.size} tenants, expected ${expected}`);
    if (scopedCounts.total !== expected) problems.push(`counts total ${scopedCounts.total}, expected ${expected}`);
    if (byStatus !== expected || byEnvironment !== expected)
      problems.push(`counts by status ${byStatus} / by environment ${byEnvironment}, expected ${expected}`);
    if (adminCounts.total !== N) problems.push(`Admin counts ${adminCounts.total}, expected ${N}`);
    const other = `team-${SCOPE_TEAMS}`;
    const theirs = (await page(list.admin, `limit=1&label=${encodeURIComponent(`team=${other}`)}`)).items[0];
    const aimed = [
      await page(list.scoped, `limit=200&label=${encodeURIComponent(`team=${other}`)}`),
      await page(list.scoped, `limit=200&q=${encodeURIComponent(theirs.id)}`),
    ];
    for (const p of aimed) for (const t of p.items) problems.push(`an aimed query returned ${t.id} (${t.labels.team})`);
    out('');
    out(
      `check: ${SCOPE_TEAMS}-team user walked ${seen.size} of ${N} tenants (expected ${expected}); counts total ${scopedCounts.total} (by status ${byStatus}, by environment ${byEnvironment}); Admin ${adminCounts.total}; label filter and search aimed at ${other} returned ${aimed.reduce((n, p) => n + p.items.length, 0)} (${Date.now() - tc} ms)`
    );
    out(
      problems.length === 0
        ? 'check: no out-of-scope tenant listed or counted'
        : `check FAILED:\n  ${problems.slice(0, 20).join('\n  ')}`
    );

    await app.close();
    await database.close();
  } finally {
    await idp.close();
  }
  return problems.map((p) => `${storeName}: ${p}`);
}

async function main(): Promise<void> {
  const problems: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'sy-bench-ent-'));
  try {
    problems.push(...(await run('sqlite', { SWITCHYARD_SQLITE_PATH: join(dir, 'bench.db') })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (pgSkipped()) {
    out('postgres: skipped (SWITCHYARD_SKIP_PG=1)');
  } else {
    const pg = await createTestPgDatabase();
    try {
      problems.push(...(await run('postgres', { DATABASE_URL: pg.url })));
    } finally {
      await pg.drop();
    }
  }
  if (problems.length > 0) process.exit(1);
}

main().catch((err: Error) => {
  process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
