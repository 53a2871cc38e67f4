import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getJson, startTestSimulator, type TestSimulator } from './testing/startSimulator';

let s: TestSimulator;
before(async () => {
  s = await startTestSimulator({ tenants: 7 });
});
after(async () => s.close());

describe('tenant registry (GET /v1/tenants)', () => {
  it('lists every tenant with its identity and placement, page by page in id order', async () => {
    const seen: Array<Record<string, unknown>> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const {
        status,
        body,
      }: { status: number; body: { items: Array<Record<string, unknown>>; nextCursor: string | null } } = await getJson(
        `${s.url}/v1/tenants?limit=3${cursor ? `&cursor=${cursor}` : ''}`
      );
      assert.equal(status, 200);
      assert.ok(body.items.length <= 3);
      seen.push(...body.items);
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 3);
    const ids = seen.map((t) => t.tenantId as string);
    assert.deepEqual(ids, [...s.sim.model.tenants.map((t) => t.id)].sort());
    const first = s.sim.model.tenants[0];
    const wire = seen.find((t) => t.tenantId === first.id)!;
    assert.deepEqual(wire, {
      tenantId: first.id,
      displayName: first.displayName,
      environment: first.env,
      plan: first.plan,
      organizationId: first.organizationId,
      applicationId: first.applicationId,
      placement: s.sim.model.placementOf(first.id),
    });
    // Every placement is a shard of the tenant's own environment.
    for (const t of seen)
      for (const shard of Object.values(t.placement as Record<string, string>))
        assert.equal(s.sim.model.shard(shard)?.env, t.environment);
  });

  it('follows placement changes and refuses a bad limit or cursor', async () => {
    const t = s.sim.model.tenants[1];
    const other = s.sim.model.shardsOf('gateway', t.env).find((x) => x.id !== s.sim.model.shardOf(t.id, 'gateway'))!;
    s.sim.model.assign(t.id, 'gateway', other.id);
    const { body } = await getJson(`${s.url}/v1/tenants?limit=500`);
    assert.equal(body.items.find((x: { tenantId: string }) => x.tenantId === t.id).placement.gateway, other.id);
    assert.equal(body.nextCursor, null);
    assert.equal((await getJson(`${s.url}/v1/tenants?limit=0`)).status, 400);
    assert.equal((await getJson(`${s.url}/v1/tenants?limit=501`)).status, 400);
    assert.equal((await getJson(`${s.url}/v1/tenants?cursor=Not%20an%20id`)).status, 400);
  });
});
