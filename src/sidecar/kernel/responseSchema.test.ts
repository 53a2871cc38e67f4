import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { endpoints, type Tenant } from '../../contract';
import { responseJsonSchema } from './responseSchema';

const tenant = (id: string, extra: Record<string, unknown> = {}): Tenant =>
  ({
    id,
    displayName: `Tenant "${id}" \u2014 ünïcode \\ </script>`,
    plan: 'business',
    environment: 'prod',
    organizationId: '6f1c2a8e-3b7d-4c1e-9a2f-1d2e3f4a5b6c',
    applicationId: '7a2d3b9f-4c8e-4d2f-8b3a-2e3f4a5b6c7d',
    labels: { team: 'payments', 'region.eu/zone': 'eu-west-1', empty: '' },
    quotas: { requestsPerSecond: 250, storageGb: 0, maxConnections: 1_000_000 },
    featureFlags: { killSwitch: false, betaSearch: true },
    contacts: [
      { name: 'Ada', email: 'ada@example.com', role: 'owner' },
      { name: 'Bo', email: 'bo@example.com', role: 'billing' },
    ],
    status: 'active',
    version: 7,
    createdAt: '2026-01-02T03:04:05.678Z',
    updatedAt: '2026-01-03T03:04:05.000+02:00',
    ...extra,
  }) as Tenant;

async function serializeWithRouteSchema(body: unknown): Promise<string> {
  const schema = endpoints.listTenants.response;
  if (!schema) throw new Error('listTenants has no response schema');
  const app = Fastify();
  app.get('/page', { schema: { response: { 200: responseJsonSchema(schema) } } }, async () => body);
  const res = await app.inject({ method: 'GET', url: '/page' });
  await app.close();
  assert.equal(res.statusCode, 200);
  return res.body;
}

test('the compiled serializer writes a tenant page with the same meaning as JSON.stringify', async () => {
  const page = { items: [tenant('acme'), tenant('globex')], nextCursor: 'eyJmIjoiYSJ9', prevCursor: null };
  const body = await serializeWithRouteSchema(page);
  assert.deepEqual(JSON.parse(body), JSON.parse(JSON.stringify(page)));
});

test('the compiled serializer leaves out fields the contract does not name', async () => {
  const leaky = tenant('acme', { proxySecret: 'do-not-send' });
  (leaky.quotas as unknown as Record<string, unknown>).internal = 1;
  (leaky.contacts[0] as unknown as Record<string, unknown>).token = 'x';
  const page = { items: [leaky], nextCursor: null, prevCursor: null, debug: { sql: 'select' } };
  const body = await serializeWithRouteSchema(page);
  assert.doesNotMatch(body, /do-not-send|internal|token|select|debug/);
  assert.deepEqual(JSON.parse(body), {
    items: [tenant('acme')],
    nextCursor: null,
    prevCursor: null,
  });
});
