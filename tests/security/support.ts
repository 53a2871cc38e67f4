/**
 * Shared pieces of the adversarial suite: hostile inputs, hand-forged tokens, whole-database
 * snapshots (every table's row count) and the figures table printed at the end of a run.
 */
import { endpoints, type EndpointDef, type EndpointName } from '../../src/contract';
import type { TestApp } from '../../src/sidecar/testing/testApp';

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

/** Figures gathered by a suite and printed as one table when it ends. */
export class Figures {
  private readonly rows: [string, string][] = [];
  add(name: string, value: string | number): void {
    this.rows.push([name, String(value)]);
  }
  print(title: string): void {
    const w = Math.max(...this.rows.map(([n]) => n.length), 10);
    const lines = [`\n${title}`, ...this.rows.map(([n, v]) => `  ${n.padEnd(w)}  ${v}`)];
    process.stdout.write(`${lines.join('\n')}\n`);
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
