/**
 * The demo's versioned config, written and applied through the real endpoints: tenant limits with a
 * default (two versions, the second raising the request rate), a prod environment override, an
 * enterprise plan override and one tenant's own override; tenant flags with a default. Each version
 * is applied by the staged config.apply job. Skipped when documents exist already (a restarted demo).
 */
import type { Environment } from '../../../src/contract';
import { mutate } from './definitions';
import { proxyApi, type Api } from './seed';

const ALL: Environment[] = ['dev', 'staging', 'prod'];

async function waitJob(api: Api, id: string): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    const r = await api.call('GET', `/api/v1/jobs/${id}`);
    if (r.status === 200 && r.json.status === 'succeeded') return;
    if (r.status === 200 && ['failed', 'cancelled'].includes(r.json.status))
      throw new Error(`config apply job ${id} ${r.json.status}: ${JSON.stringify(r.json.error)}`);
    if (Date.now() > until) throw new Error(`config apply job ${id}: ${r.status} ${JSON.stringify(r.json)}`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

/** Writes the next version of a document and applies it in `environments`. */
async function writeAndApply(
  api: Api,
  kind: string,
  scope: string,
  versions: Array<{ value: Record<string, unknown>; reason: string }>,
  environments: Environment[]
): Promise<void> {
  const path = `/api/v1/config/documents/${kind}/${encodeURIComponent(scope)}`;
  let base: number | null = null;
  for (const v of versions) {
    const written = await mutate(api, 'PUT', path, { ...v, baseVersion: base }, 201);
    base = written.version;
  }
  const applied = await mutate(
    api,
    'POST',
    `${path}/apply`,
    { version: base, environments, reason: 'demo rollout' },
    201
  );
  await waitJob(api, applied.jobId);
}

/** Seeds the config; the tenant override goes to the first prod tenant (returned). */
export async function seedConfig(hostUrl: string): Promise<{ seeded: boolean; tenantId?: string }> {
  const api = proxyApi(hostUrl, 'admin');
  const existing = await api.call('GET', '/api/v1/config/documents');
  if (existing.status !== 200 || existing.json.items.length > 0) return { seeded: false };
  const prod = await api.call('GET', '/api/v1/tenants?limit=1&environment=prod');
  const tenantId: string | undefined = prod.json?.items?.[0]?.id;
  const limits = {
    schemaVersion: 1,
    requestsPerSecond: 100,
    maxConcurrentCommands: 10,
    maxEntities: 1_000_000,
    storageGb: 10,
  };
  await writeAndApply(
    api,
    'tenant.limits',
    'default',
    [
      { value: limits, reason: 'initial tenant limits' },
      { value: { ...limits, requestsPerSecond: 120 }, reason: 'gateway capacity grew' },
    ],
    ALL
  );
  await writeAndApply(
    api,
    'tenant.limits',
    'environment:prod',
    [{ value: { schemaVersion: 1, requestsPerSecond: 200 }, reason: 'prod runs bigger gateways' }],
    ['prod']
  );
  await writeAndApply(
    api,
    'tenant.limits',
    'plan:enterprise',
    [{ value: { schemaVersion: 1, storageGb: 100, maxConcurrentCommands: 50 }, reason: 'enterprise contract' }],
    ALL
  );
  if (tenantId)
    await writeAndApply(
      api,
      'tenant.limits',
      `tenant:${tenantId}`,
      [{ value: { schemaVersion: 1, requestsPerSecond: 500 }, reason: 'launch week burst' }],
      ['prod']
    );
  await writeAndApply(
    api,
    'tenant.flags',
    'default',
    [
      {
        value: { schemaVersion: 1, flags: { 'audit.export': true, 'beta.projections': false } },
        reason: 'flags baseline',
      },
    ],
    ALL
  );
  return { seeded: true, tenantId };
}
