/**
 * "Where the time goes" for one tenants list request: each stage of the request path timed on its
 * own, in process, with the same inputs the HTTP phases use. The sum is compared with the in-process
 * request time (`app.inject`), so the part fastify and the hooks add shows up as the remainder.
 * Stages are timed as the least of several batches (see timeMs): every stage runs in process without
 * waiting on anything (better-sqlite3 is synchronous), so its least batch is its CPU cost, and that
 * holds on a machine shared with other work where a plain elapsed time does not.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GRANTED_ACTION_HEADER, endpoints, findTextViolation } from '../src/contract';
import type { Authenticate } from '../src/sidecar/kernel/trust/authenticate';
import type { Db } from '../src/sidecar/kernel/database/schema';
import type { Mutations } from '../src/sidecar/kernel/mutations';
import { systemClock } from '../src/sidecar/kernel/clock';
import { ALL_TENANTS } from '../src/sidecar/kernel/scope';
import { TenantsService } from '../src/sidecar/modules/tenants/tenants.service';
import { listTenantDocuments, rowToTenant } from '../src/sidecar/modules/tenants/tenants.store';

export interface Stage {
  name: string;
  ms: number;
  /** Not on the request path in the measured configuration (shown for reference). */
  offPath?: boolean;
}

/**
 * Milliseconds per call of `fn`, the least of seven batches after a warm-up. Every timed stage runs
 * in this thread without waiting on I/O (better-sqlite3 is synchronous, app.inject stays in memory),
 * so its elapsed time is its CPU time unless the thread was preempted or a collection of earlier
 * phases' garbage fell in the batch; the least batch leaves both out. (Process CPU time would count
 * the GC's helper threads and the SQLite checkpoint worker; the per-thread clock ticks too coarsely.)
 */
export async function timeMs(fn: () => unknown, iterations: number): Promise<number> {
  for (let i = 0; i < Math.min(50, iterations); i++) await fn();
  const perBatch = Math.max(1, Math.ceil(iterations / 7));
  let best = Infinity;
  for (let b = 0; b < 7; b++) {
    const t0 = performance.now();
    for (let i = 0; i < perBatch; i++) await fn();
    best = Math.min(best, (performance.now() - t0) / perBatch);
  }
  return best;
}

function fakeRequest(headers: Record<string, string>): FastifyRequest {
  const rawHeaders = Object.entries(headers).flat();
  const log = { warn: () => undefined };
  return { raw: { rawHeaders }, headers, log } as unknown as FastifyRequest;
}

export interface StageInputs {
  app: FastifyInstance;
  db: Db;
  /** For TenantsService (list never writes). */
  mutations: Mutations;
  authenticate: Authenticate;
  /** Verifies a never-seen token (the cost of a cache miss). */
  verifyFresh: () => Promise<unknown>;
  headers: Record<string, string>;
  url: string;
  page: number;
  validateResponses: boolean;
  /** The serializer fastify compiles from the list route's response schema (the path before stored documents). */
  serialize?: (page: unknown) => string;
}

export interface StageFigures {
  stages: Stage[];
  injectMs: number;
  /** The app's /healthz through app.inject: fastify, the global hooks and the inject harness. */
  healthInjectMs: number;
  responseBytes: number;
}

export async function measureStages(s: StageInputs): Promise<StageFigures> {
  const req = fakeRequest(s.headers);
  const action = s.headers[GRANTED_ACTION_HEADER] as typeof endpoints.listTenants.action;
  const query = { limit: String(s.page) };
  const rawRows = await s.db
    .selectFrom('tenants')
    .selectAll()
    .orderBy('id')
    .limit(s.page + 1)
    .execute();
  const tenants = rawRows.map(rowToTenant);
  const page = { items: tenants.slice(0, s.page), nextCursor: 'x'.repeat(80), prevCursor: null };
  const serialize = s.serialize;
  const service = new TenantsService(s.db, s.mutations, systemClock());
  const { query: querySchema, response: responseSchema } = endpoints.listTenants;
  if (!querySchema || !responseSchema) throw new Error('listTenants has no query or response schema');
  const listQuery = () => querySchema.parse(query);
  const stages: Stage[] = [
    { name: 'trust boundary (cached token)', ms: await timeMs(() => s.authenticate(req, action), 5000) },
    { name: 'ID token verify, cache miss', ms: await timeMs(s.verifyFresh, 200), offPath: true },
    { name: 'text check (query)', ms: await timeMs(() => findTextViolation(query, 'query'), 20000) },
    { name: 'zod input parse', ms: await timeMs(() => querySchema.parse(query), 20000) },
    {
      name: 'service.listJson (documents, cursors, join)',
      ms: await timeMs(() => service.listJson(ALL_TENANTS, listQuery()), 1000),
    },
    {
      name: '  of which store query (documents)',
      ms: await timeMs(
        () =>
          listTenantDocuments(s.db, {
            sort: 'id',
            descending: false,
            backward: false,
            limit: s.page + 1,
            scope: ALL_TENANTS,
          }),
        1000
      ),
      offPath: true,
    },
    {
      name: `response validation (${s.validateResponses ? 'on' : 'off'})`,
      ms: await timeMs(() => responseSchema.safeParse(page), 500),
      offPath: !s.validateResponses,
    },
    // The path before stored documents (every column read, parsed, mapped, then serialized).
    {
      name: 'before: store query (all columns)',
      ms: await timeMs(
        () =>
          s.db
            .selectFrom('tenants')
            .selectAll()
            .orderBy('id')
            .limit(s.page + 1)
            .execute(),
        1000
      ),
      offPath: true,
    },
    { name: 'before: row → Tenant mapping', ms: await timeMs(() => rawRows.map(rowToTenant), 2000), offPath: true },
    {
      name: 'before: service.list (query, mapping, cursors)',
      ms: await timeMs(() => service.list(ALL_TENANTS, listQuery()), 1000),
      offPath: true,
    },
    { name: 'before: JSON.stringify of the page', ms: await timeMs(() => JSON.stringify(page), 2000), offPath: true },
  ];
  if (serialize) {
    stages.push({
      name: 'before: route serializer (fast-json-stringify)',
      ms: await timeMs(() => serialize(page), 2000),
      offPath: true,
    });
  }
  const injectMs = await timeMs(() => s.app.inject({ method: 'GET', url: s.url, headers: s.headers }), 1000);
  const healthInjectMs = await timeMs(() => s.app.inject({ method: 'GET', url: '/healthz' }), 1000);
  const responseBytes = (await s.app.inject({ method: 'GET', url: s.url, headers: s.headers })).rawPayload.length;
  return { stages, injectMs, healthInjectMs, responseBytes };
}

export function printStages(out: (s: string) => void, r: StageFigures): void {
  out('where the time goes (ms per list request, in process, least of 7 batches)');
  let sum = 0;
  for (const st of r.stages) {
    if (!st.offPath) sum += st.ms;
    out(`  ${st.name.padEnd(44)} ${st.ms.toFixed(4).padStart(9)}${st.offPath ? '  (not on the path)' : ''}`);
  }
  out(`  ${'sum of stages on the path'.padEnd(44)} ${sum.toFixed(4).padStart(9)}`);
  out(`  ${'whole request via app.inject'.padEnd(44)} ${r.injectMs.toFixed(4).padStart(9)}`);
  out(`  ${'  of which /healthz via app.inject'.padEnd(44)} ${r.healthInjectMs.toFixed(4).padStart(9)}`);
  out(
    `  ${`rest (route hooks, cursor, ${r.responseBytes} B body)`.padEnd(44)} ${(r.injectMs - sum - r.healthInjectMs).toFixed(4).padStart(9)}`
  );
}
