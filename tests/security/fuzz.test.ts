/**
 * Fuzz every endpoint with well-shaped requests derived from its zod schemas, then hostile mutations
 * (lone surrogates, NUL, bidi overrides, 10,000-level nesting, oversize bodies, __proto__ keys,
 * tampered cursors, wrong content types, malformed JSON, hostile path parameters), sent with a valid
 * identity so they reach the handlers, against the sidecar wired to the simulated platform (job
 * workers on) and a VictoriaMetrics stand-in. Fixed seed, ≥ 10,000 cases per store. Expected: no 500
 * (a 5xx is only ever a 503 naming an unavailable dependency), nothing internal or secret in any
 * response, the process keeps answering, no prototype pollution, and the audit chain verifies
 * afterwards whatever was stored.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { IDEMPOTENCY_KEY_HEADER, buildPath, type EndpointName, pathParamNames } from '../../src/contract';
import { BACKENDS, type TestApp } from '../../src/sidecar/testing/testApp';
import { ENDPOINT_NAMES, Figures, HOSTILE_STRINGS, StatusHistogram, endpointDef, leaks, startTarget } from './support';
import { arbitraryFromZod } from './zodArbitrary';

const RUNS = Number(process.env.SECURITY_FUZZ_RUNS ?? 10_000);
const SEED = 20261202;

type Mutation =
  | 'none'
  | 'hostile-leaf'
  | 'proto-key'
  | 'deep-nesting'
  | 'oversize'
  | 'content-type'
  | 'malformed-json'
  | 'tampered-cursor'
  | 'hostile-param'
  | 'hostile-query';
const MUTATIONS: Mutation[] = [
  'none',
  'hostile-leaf',
  'hostile-leaf',
  'proto-key',
  'deep-nesting',
  'oversize',
  'content-type',
  'malformed-json',
  'tampered-cursor',
  'hostile-param',
  'hostile-query',
];

interface Case {
  name: EndpointName;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  mutation: Mutation;
  pick: number;
}

const caseArb: fc.Arbitrary<Case> = fc.constantFrom(...ENDPOINT_NAMES).chain((name) => {
  const def = endpointDef(name);
  const paramNames = pathParamNames(def.path);
  return fc.record({
    name: fc.constant(name),
    params: fc.record(
      Object.fromEntries(
        paramNames.map((k) => [
          k,
          fc.oneof(fc.constantFrom('t-1', 'shard-a', 'job-1'), fc.string({ minLength: 1, maxLength: 20 })),
        ])
      )
    ) as fc.Arbitrary<Record<string, string>>,
    query: arbitraryFromZod(def.query).map((q) => (q && typeof q === 'object' ? (q as Record<string, unknown>) : {})),
    body: arbitraryFromZod(def.body),
    mutation: fc.constantFrom(...MUTATIONS),
    pick: fc.nat(),
  });
});

/** Replaces one string leaf (chosen by `pick`) with a hostile string; adds one when there is none. */
function hostileLeaf(value: unknown, pick: number): unknown {
  const hostile = HOSTILE_STRINGS[pick % HOSTILE_STRINGS.length];
  const leaves: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (typeof child === 'string')
          leaves.push({ parent: v as Record<string, unknown>, key: Array.isArray(v) ? Number(k) : k });
        else stack.push(child);
      }
    }
  }
  if (leaves.length === 0) return value && typeof value === 'object' ? { ...value, note: hostile } : { note: hostile };
  const leaf = leaves[pick % leaves.length];
  (leaf.parent as Record<string | number, unknown>)[leaf.key] = hostile;
  return value;
}

/** Percent-encodes a string as UTF-8 bytes, lone surrogates included (as WTF-8), which encodeURIComponent refuses. */
function encodeAnything(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...Buffer.from(s, 'utf16le').toString('latin1')].length
      ? Buffer.from(s).toString('hex').replace(/../g, '%$&')
      : '';
  }
}

function queryString(query: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one === undefined) continue;
      parts.push(`${encodeAnything(k)}=${encodeAnything(typeof one === 'object' ? JSON.stringify(one) : String(one))}`);
    }
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** `seeded`: the tenant that exists on both sides; the placeholder `t-1` stands for it. */
async function send(t: TestApp, c: Case, counter: number, seeded: string) {
  const def = endpointDef(c.name);
  let params = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, v === 't-1' ? seeded : v]));
  let query = c.query;
  let body = c.body;
  let contentType = 'application/json';
  let raw: string | undefined;
  const hostile = HOSTILE_STRINGS[c.pick % HOSTILE_STRINGS.length];
  switch (c.mutation) {
    case 'hostile-leaf':
      body = def.body ? hostileLeaf(body, c.pick) : body;
      if (!def.body) query = hostileLeaf(query, c.pick) as Record<string, unknown>;
      break;
    case 'proto-key':
      raw = `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}${body && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length ? `,${JSON.stringify(body).slice(1)}` : '}'}`;
      break;
    case 'deep-nesting':
      raw = `{"extra":${'['.repeat(10_000)}${']'.repeat(10_000)}${body && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length ? `,${JSON.stringify(body).slice(1)}` : '}'}`;
      break;
    case 'oversize':
      raw = JSON.stringify({
        ...(body && typeof body === 'object' ? body : {}),
        pad: 'x'.repeat(t.config.bodyLimitBytes + 1),
      });
      break;
    case 'content-type':
      contentType = [
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/xml',
        'multipart/form-data; boundary=x',
      ][c.pick % 4];
      break;
    case 'malformed-json':
      raw = ['{', '{"a":}', 'nul', '{"a":1}}', '\u0000', '{"a":"\\ud800"}'][c.pick % 6];
      break;
    case 'tampered-cursor':
      query = {
        ...query,
        cursor: Buffer.from(JSON.stringify({ k: hostile.slice(0, 40), n: c.pick })).toString('base64url'),
      };
      break;
    case 'hostile-param':
      params = Object.fromEntries(Object.keys(params).map((k) => [k, hostile.slice(0, 300)]));
      break;
    case 'hostile-query':
      query = { ...query, [hostile.slice(0, 30)]: hostile.slice(0, 300) };
      break;
  }
  const path = def.path.replace(/:([A-Za-z0-9_]+)/g, (_, k: string) => encodeAnything(params[k] ?? 'x'));
  const url = `${path}${queryString(query)}`;
  const payload = raw ?? (def.method === 'GET' || body === undefined ? undefined : JSON.stringify(body));
  const headers: Record<string, string> = {
    ...(await t.proxyHeaders(c.name)),
    ...(payload !== undefined ? { 'content-type': contentType } : {}),
    ...(def.idempotent ? { [IDEMPOTENCY_KEY_HEADER]: `fuzz-key-${counter}-${c.pick}` } : {}),
    ...(def.ifMatch ? { 'if-match': '"1"' } : {}),
  };
  return t.app.inject({ method: def.method, url, headers, payload });
}

const figures = new Figures();
after(() => figures.print('fuzz figures'));

for (const backend of BACKENDS) {
  describe(`fuzz on ${backend}`, () => {
    test(`${RUNS} schema-derived and hostile requests: no 500, process alive, audit chain verifies`, async () => {
      const target = await startTarget(backend);
      const t = target.t;
      const histogram = new StatusHistogram();
      const undeclared5xx: string[] = [];
      const leaked: string[] = [];
      let counter = 0;
      try {
        await fc.assert(
          fc.asyncProperty(caseArb, async (c) => {
            counter += 1;
            const res = await send(t, c, counter, target.tenantId);
            histogram.add(res.statusCode);
            if (res.statusCode >= 500) {
              const err = res.json() as { code?: string };
              if (res.statusCode !== 503 || err.code !== 'unavailable') {
                undeclared5xx.push(`${c.name} ${c.mutation} → ${res.statusCode} ${res.body.slice(0, 200)}`);
              }
            }
            if (leaks(res)) leaked.push(`${c.name} ${c.mutation} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true }
        );
        assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
        const health = await t.app.inject({ method: 'GET', url: '/healthz' });
        assert.equal(health.statusCode, 200);
        const verify = await t.call('verifyAudit');
        assert.equal(verify.statusCode, 200, verify.body);
        const chain = verify.json() as { ok: boolean; checked: number; firstBroken: unknown };
        figures.add(`${backend}: requests`, histogram.total);
        figures.add(`${backend}: status histogram`, histogram.toString());
        figures.add(
          `${backend}: 5xx (all 503 with code unavailable)`,
          histogram.count((s) => s >= 500)
        );
        figures.zero(`${backend}: 500s and undeclared 5xx`, undeclared5xx.length);
        figures.zero(`${backend}: responses leaking internals or secrets`, leaked.length);
        figures.add(`${backend}: platform side effects (accepted jobs)`, await target.platformEffects());
        figures.add(`${backend}: VictoriaMetrics queries`, target.vm.queries.length);
        figures.chain(
          backend,
          chain.ok,
          chain.ok ? `verifies (${chain.checked} entries)` : `BROKEN at ${JSON.stringify(chain.firstBroken)}`
        );
        assert.deepEqual(
          undeclared5xx.slice(0, 5),
          [],
          `${undeclared5xx.length} requests answered with an undeclared 5xx`
        );
        assert.deepEqual(leaked.slice(0, 5), [], `${leaked.length} responses leak internals or secrets`);
        assert.equal(chain.ok, true, `audit chain broken: ${JSON.stringify(chain.firstBroken)}`);
      } finally {
        await target.close();
      }
    });
  });
}
void buildPath;
