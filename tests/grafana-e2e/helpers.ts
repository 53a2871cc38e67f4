/** Shared by the real-Grafana specs: plugin id, proxy URLs, and seeding through Grafana's plugin proxy. */
import type { APIRequestContext } from '@playwright/test';
import { randomUUID } from 'node:crypto';

export const PLUGIN_ID = 'switchyard-controlplane-app';
export const PROXY = `/api/plugin-proxy/${PLUGIN_ID}`;
export const STATUS_TENANT = 'e2e-status-tenant';
export const VIEWER_TENANT = 'e2e-viewer-tenant';

export function adminAuth(): Record<string, string> {
  const user = process.env.GRAFANA_ADMIN_USER ?? 'admin';
  const password = process.env.GRAFANA_ADMIN_PASSWORD ?? 'admin';
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/** Creates (idempotently) and activates a tenant through Grafana's app proxy as the admin. */
export async function ensureActiveTenant(request: APIRequestContext, id: string): Promise<void> {
  const create = await request.post(`${PROXY}/api/v1/tenants`, {
    headers: { ...adminAuth(), 'idempotency-key': `grafana-e2e-${id}` },
    data: {
      id,
      displayName: `E2E ${id}`,
      plan: 'team',
      environment: 'staging',
      organizationId: '6f1c1f7e-1d1a-4c55-9f3e-0d7a1c9e2b10',
      applicationId: '0b7f6a52-8a3c-4a0e-b2f4-5d1e7c3a9f21',
    },
  });
  if (![200, 201, 409].includes(create.status())) {
    throw new Error(`create ${id}: ${create.status()} ${await create.text()}`);
  }
  const current = await request.get(`${PROXY}/api/v1/tenants/${id}`, { headers: adminAuth() });
  const tenant = (await current.json()) as { status: string };
  if (tenant.status !== 'active') {
    const r = await request.post(`${PROXY}/api/v1/tenants/${id}/status`, {
      headers: { ...adminAuth(), 'idempotency-key': `grafana-e2e-activate-${id}-${randomUUID()}` },
      data: { to: 'active', reason: 'reset by grafana-e2e seed' },
    });
    if (!r.ok()) throw new Error(`activate ${id}: ${r.status()} ${await r.text()}`);
  }
}
