/**
 * Definition bundles through the proxy, as an Operator and an Approver would: upload, promote (prod
 * approved by a second person) and wait for the promotion job. Used by the definitions spec and to
 * give the demo bundles in dev, staging and prod.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Environment, Promotion } from '../../../src/contract';
import { proxyApi, type Api } from './seed';

/** A small coherent bundle: an aggregate, a projection of its events, a saga calling an effect provider. */
export function demoBundle(name: string, version: string, extra: { projections?: string[] } = {}) {
  return {
    manifest: { name, version, description: `${name} domain definitions` },
    aggregates: [
      { name: 'Order', commands: ['PlaceOrder', 'CancelOrder'], events: ['OrderPlaced', 'OrderCancelled'] },
      { name: 'Payment', commands: ['Capture'], events: ['PaymentCaptured'] },
    ],
    projections: [
      { name: 'OrderList', consumes: ['OrderPlaced', 'OrderCancelled'] },
      ...(extra.projections ?? []).map((p) => ({ name: p, consumes: ['PaymentCaptured'] })),
    ],
    sagas: [{ name: 'Checkout', triggers: ['OrderPlaced'], issues: ['Capture'], effects: ['receipt'] }],
    effectProviders: [{ name: 'receipt', type: 'email', timeoutMs: 5000 }],
    tenantOverridesAllowed: true,
  };
}

export async function mutate(api: Api, method: string, path: string, body: unknown, expect: number) {
  const r = await api.call(method, path, body, { 'idempotency-key': `e2e-${randomUUID()}` });
  assert.equal(r.status, expect, `${method} ${path}: ${JSON.stringify(r.json)}`);
  return r.json;
}

export async function waitPromotion(api: Api, id: string, status: Promotion['status']): Promise<Promotion> {
  const until = Date.now() + 60_000;
  for (;;) {
    const r = await api.call('GET', `/api/v1/definitions/promotions/${id}`);
    if (r.status === 200 && r.json.status === status) return r.json as Promotion;
    if (Date.now() > until) throw new Error(`promotion ${id}: ${r.status} ${JSON.stringify(r.json)}`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

/** Promotes a stored version into `to`; prod is approved by `approver` (a second person). */
export async function promote(
  requester: Api,
  approver: Api,
  name: string,
  version: string,
  to: Environment
): Promise<Promotion> {
  const reason = `release ${name} ${version}`;
  const p = await mutate(requester, 'POST', '/api/v1/definitions/promotions', { name, version, to, reason }, 201);
  if (p.status === 'awaiting_approval')
    await mutate(approver, 'POST', `/api/v1/definition-approvals/${p.id}`, { reason: 'impact reviewed' }, 200);
  return waitPromotion(requester, p.id, 'succeeded');
}

/** Uploads a version and runs it through each environment in `through`, in order. */
export async function release(
  requester: Api,
  approver: Api,
  bundle: ReturnType<typeof demoBundle>,
  through: Environment[]
): Promise<void> {
  await mutate(requester, 'POST', '/api/v1/definitions/bundles', { bundle, reason: 'new definitions' }, 201);
  for (const to of through) await promote(requester, approver, bundle.manifest.name, bundle.manifest.version, to);
}

/**
 * The demo's definitions: `orders` 1.0.0 → 1.1.0 in prod (1.0.0 its last known good), 1.2.0 in
 * staging and dev; `billing` 2.0.0 in dev only; the first prod tenant runs `orders` with a longer
 * `receipt` timeout (a tenant override, which the bundle's policy allows). Skipped when bundles exist
 * already (a restarted demo).
 */
export async function seedDefinitions(hostUrl: string): Promise<{ seeded: boolean; overrideTenant?: string }> {
  const editor = proxyApi(hostUrl, 'editor');
  const admin = proxyApi(hostUrl, 'admin');
  const existing = await editor.call('GET', '/api/v1/definitions/bundles');
  if (existing.status !== 200 || existing.json.items.length > 0) return { seeded: false };
  const all: Environment[] = ['dev', 'staging', 'prod'];
  await release(editor, admin, demoBundle('orders', '1.0.0'), all);
  await release(editor, admin, demoBundle('orders', '1.1.0', { projections: ['Revenue'] }), all);
  await release(editor, admin, demoBundle('orders', '1.2.0', { projections: ['Revenue', 'Refunds'] }), [
    'dev',
    'staging',
  ]);
  await release(editor, admin, demoBundle('billing', '2.0.0'), ['dev']);
  const prod = await editor.call('GET', '/api/v1/tenants?limit=1&environment=prod');
  const overrideTenant: string | undefined = prod.json?.items?.[0]?.id;
  if (overrideTenant) {
    const override = {
      bundleName: 'orders',
      effectProviders: [{ name: 'receipt', type: 'email', timeoutMs: 12_000 }],
      reason: 'their mail relay answers slowly; receipts time out at 5 s',
    };
    await mutate(editor, 'PUT', `/api/v1/definitions/overrides/${overrideTenant}`, override, 200);
  }
  return { seeded: true, overrideTenant };
}
