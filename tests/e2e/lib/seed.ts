/**
 * Seeds tenants through the real API: the host's plugin proxy as the admin user (basic auth, which the
 * proxy strips like Grafana), so every request is authorized, signed and audited as in production.
 */
import { randomUUID } from 'node:crypto';
import { PLUGIN_ID as P } from '../../../src/constants';
import type { TenantStatus } from '../../../src/contract';

const WORDS = [
  'acme',
  'globex',
  'initech',
  'umbrella',
  'hooli',
  'stark',
  'wayne',
  'wonka',
  'tyrell',
  'cyberdyne',
  'soylent',
  'aperture',
  'oscorp',
  'vandelay',
  'dunder',
  'pied',
  'gringotts',
  'monarch',
  'nakatomi',
  'zorg',
];
const ENVS = ['prod', 'staging', 'dev'] as const;
const PLANS = ['free', 'team', 'business', 'enterprise'] as const;

export interface SeedTenant {
  id: string;
  displayName: string;
  environment: (typeof ENVS)[number];
  plan: (typeof PLANS)[number];
  status: TenantStatus;
}

/** A deterministic fleet: `n` tenants, mostly active, some suspended/draining/degraded/provisioning. */
export function demoTenants(n: number): SeedTenant[] {
  const out: SeedTenant[] = [];
  for (let i = 0; out.length < n; i++) {
    const word = WORDS[i % WORDS.length];
    const env = ENVS[Math.floor(i / WORDS.length) % ENVS.length];
    const round = Math.floor(i / (WORDS.length * ENVS.length));
    const id = round ? `${word}-${env}-${round}` : `${word}-${env}`;
    const status: TenantStatus =
      i % 11 === 3
        ? 'suspended'
        : i % 13 === 5
          ? 'draining'
          : i % 17 === 7
            ? 'degraded'
            : i % 19 === 9
              ? 'provisioning'
              : 'active';
    out.push({
      id,
      displayName: `${word[0].toUpperCase()}${word.slice(1)} ${env}${round ? ` ${round}` : ''}`,
      environment: env,
      plan: PLANS[i % PLANS.length],
      status,
    });
  }
  return out;
}

export interface Api {
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>
  ): Promise<{ status: number; json: any }>;
}

/** Calls `/api/plugin-proxy/<id><path>` on a host as a given user. */
export function proxyApi(hostUrl: string, login = 'admin'): Api {
  const auth = `Basic ${Buffer.from(`${login}:${login}`).toString('base64')}`;
  return {
    async call(method, path, body, headers = {}) {
      const res = await fetch(`${hostUrl}/api/plugin-proxy/${P}${path}`, {
        method,
        headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      let json: unknown = text;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: res.status, json };
    },
  };
}

async function pool<T>(items: T[], concurrency: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    })
  );
}

export async function seedTenants(
  api: Api,
  tenants: SeedTenant[],
  opts: { concurrency?: number; onProgress?: (n: number) => void } = {}
): Promise<void> {
  let done = 0;
  await pool(tenants, opts.concurrency ?? 8, async (t) => {
    const r = await api.call(
      'POST',
      '/api/v1/tenants',
      {
        id: t.id,
        displayName: t.displayName,
        plan: t.plan,
        environment: t.environment,
        organizationId: randomUUID(),
        applicationId: randomUUID(),
        labels: { team: t.id.split('-')[0], tier: t.plan },
        contacts: [{ name: 'On-call', email: `oncall+${t.id}@example.com`, role: 'technical' }],
      },
      { 'idempotency-key': `seed-${t.id}` }
    );
    if (r.status !== 201 && r.status !== 200) throw new Error(`seeding ${t.id}: ${r.status} ${JSON.stringify(r.json)}`);
    if (++done % 1000 === 0) opts.onProgress?.(done);
  });
  // provisioning → active for all, then the other states from active.
  const byStatus = new Map<TenantStatus, string[]>();
  for (const t of tenants)
    if (t.status !== 'provisioning') byStatus.set('active', [...(byStatus.get('active') ?? []), t.id]);
  for (const t of tenants)
    if (!['provisioning', 'active'].includes(t.status))
      byStatus.set(t.status, [...(byStatus.get(t.status) ?? []), t.id]);
  for (const [to, ids] of byStatus) {
    for (let i = 0; i < ids.length; i += 200) {
      const r = await api.call(
        'POST',
        '/api/v1/tenants/bulk-status',
        { ids: ids.slice(i, i + 200), to, reason: 'seeded for the demo' },
        { 'idempotency-key': `seed-bulk-${to}-${i}-${randomUUID()}` }
      );
      if (r.status !== 200) throw new Error(`bulk ${to}: ${r.status} ${JSON.stringify(r.json)}`);
    }
  }
}
