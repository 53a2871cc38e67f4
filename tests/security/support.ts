/**
 * Shared pieces of the adversarial suite: the target (the real app on a store, wired to the
 * simulated platform and a VictoriaMetrics stand-in), hostile inputs, hand-forged tokens,
 * whole-database snapshots (every table's row count), leak detection and the figures each suite
 * prints and records for the summary (summary.test.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { endpoints, type EndpointDef, type EndpointName } from '../../src/contract';
import { startFakeVm, type FakeVm } from '../../src/sidecar/testing/fakeVictoriaMetrics';
import { jobsEnv, seedTenant, startSim, type SimHandle } from '../../src/sidecar/testing/jobsTestkit';
import {
  TEST_METRICS_TOKEN,
  TEST_SECRET,
  startTestApp,
  type Backend,
  type TestApp,
} from '../../src/sidecar/testing/testApp';

export const ENDPOINT_NAMES = Object.keys(endpoints) as EndpointName[];
export const endpointDef = (name: EndpointName) => endpoints[name] as EndpointDef;
export const isMutating = (name: EndpointName) => endpointDef(name).method !== 'GET';

/** Text that the API must refuse (or store and verify byte for byte) wherever a string goes. */
export const HOSTILE_STRINGS: string[] = [
  'abc\ud800def',
  '\udc00',
  'tail\ud83d',
  'a\u0000b',
  '\u0000',
  'bell\u0007',
  'esc\u001b[31mred',
  'c1\u009b',
  'reason \u202egnp.exe',
  'iso\u2066late\u2069',
  'line\u2028sep',
  "'; DROP TABLE tenants; --",
  '../../etc/passwd',
  '%00',
  '${jndi:ldap://127.0.0.1/x}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  '\ufeffbom',
  'x'.repeat(70_000),
  '🚀'.repeat(300),
];

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** An unsigned token (`alg: none`) with otherwise valid claims. */
export function algNoneToken(issuer: string): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64url({ alg: 'none', typ: 'jwt' })}.${b64url({
    sub: 'user:1',
    username: 'alice',
    role: 'Admin',
    iss: issuer,
    aud: ['org:1'],
    iat: now - 5,
    exp: now + 600,
  })}.`;
}

/** Tables that record refusals themselves (the security log), left out of "nothing changed". */
const REFUSAL_LOGS = new Set(['security_events']);

/** Row count of every table of the store: any refused request must leave all of them unchanged. */
export async function snapshot(t: TestApp): Promise<Record<string, number>> {
  const tables = await t.database.db.introspection.getTables();
  const out: Record<string, number> = {};
  for (const table of tables) {
    if (REFUSAL_LOGS.has(table.name)) continue;
    const row = await t.database.db
      .selectFrom(table.name as never)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    out[table.name] = Number((row as { n: number | string | bigint }).n);
  }
  return out;
}

/**
 * The sidecar under attack, wired as in production: job workers on, the platform API, node admin and
 * Kubernetes API on the simulator (which records every side effect it receives), placement reads on
 * a VictoriaMetrics stand-in (which records every query). A seeded tenant exists on both sides, so a
 * request that wrongly got through would have something real to act on.
 */
export interface Target {
  t: TestApp;
  sim: SimHandle;
  vm: FakeVm;
  /** A tenant that exists in the control plane and on the simulated platform. */
  tenantId: string;
  /** Side effects the simulated platform has received so far (every effect type). */
  platformEffects(): Promise<number>;
  close(): Promise<void>;
}

export async function startTarget(backend: Backend): Promise<Target> {
  const sim = await startSim();
  const vm = await startFakeVm(() => []);
  const t = await startTestApp(
    backend,
    jobsEnv(sim.url, {
      SWITCHYARD_VM_URL: vm.url,
      SWITCHYARD_OUTBOUND_HOSTS: `${new URL(sim.url).host},${vm.host}`,
    })
  );
  const tenantId = sim.sim.model.tenants[0].id;
  await seedTenant(t, sim, tenantId);
  return {
    t,
    sim,
    vm,
    tenantId,
    platformEffects: async () => Object.values((await sim.effects()).counts).reduce((a, b) => a + b, 0),
    close: async () => {
      await t.close();
      await sim.close();
      await vm.close();
    },
  };
}

/** What must never appear in a response: stack frames, SQL, module paths, configured secrets. */
const LEAK_PATTERNS = [/\n\s+at .+:\d+:\d+/, /node_modules/, /\bSELECT .+ FROM\b/i, /\bINSERT INTO\b/i];
const SECRETS = [TEST_SECRET, TEST_METRICS_TOKEN];

/** Whether a response (headers and body) leaks internals or a configured secret. */
export function leaks(res: { body: string; headers: Record<string, unknown> }): boolean {
  const text = `${JSON.stringify(res.headers)}\n${res.body}`;
  return LEAK_PATTERNS.some((p) => p.test(text)) || SECRETS.some((s) => text.includes(s));
}

/** Where suites record their figures for the summary (set by `npm run test:security`). */
export const FIGURES_DIR_ENV = 'SECURITY_FIGURES_DIR';

export interface RecordedFigures {
  title: string;
  rows: [string, string][];
  /** Red-line counts: each must be 0. */
  zeros: Record<string, number>;
  /** Audit chain status per store, when the suite verified it. */
  chains: Record<string, boolean>;
}

/** Figures gathered by a suite, printed as one table when it ends and recorded for the summary. */
export class Figures {
  private readonly rows: [string, string][] = [];
  private readonly zeros: Record<string, number> = {};
  private readonly chains: Record<string, boolean> = {};
  add(name: string, value: string | number): void {
    this.rows.push([name, String(value)]);
  }
  /** A count that must be 0 (unauthorized successes, state changes, 500s, leaks, …). */
  zero(name: string, value: number): void {
    this.add(name, value);
    this.zeros[name] = value;
  }
  /** The audit chain's status after the suite's traffic. */
  chain(store: string, ok: boolean, detail: string): void {
    this.add(`${store}: audit chain`, detail);
    this.chains[store] = ok;
  }
  print(title: string): void {
    const w = Math.max(...this.rows.map(([n]) => n.length), 10);
    const lines = [`\n${title}`, ...this.rows.map(([n, v]) => `  ${n.padEnd(w)}  ${v}`)];
    process.stdout.write(`${lines.join('\n')}\n`);
    const dir = process.env[FIGURES_DIR_ENV];
    if (dir) {
      mkdirSync(dir, { recursive: true });
      const recorded: RecordedFigures = { title, rows: this.rows, zeros: this.zeros, chains: this.chains };
      writeFileSync(join(dir, `${title.replace(/[^a-z0-9]+/gi, '-')}.json`), JSON.stringify(recorded));
    }
  }
}

/** status → count */
export class StatusHistogram {
  readonly counts = new Map<number, number>();
  add(status: number): void {
    this.counts.set(status, (this.counts.get(status) ?? 0) + 1);
  }
  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }
  count(pred: (status: number) => boolean): number {
    let n = 0;
    for (const [s, c] of this.counts) if (pred(s)) n += c;
    return n;
  }
  toString(): string {
    return [...this.counts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, c]) => `${s}×${c}`)
      .join(' ');
  }
}
