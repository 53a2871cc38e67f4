/**
 * Fleet page and the tenant migration flow. Works with whatever the stack gives the sidecar: without a
 * platform (SWITCHYARD_PLATFORM_URL unset) the fleet is empty and says how to import it; with the
 * simulator as the platform the inventory is synced first, shards render per kind tab with the URL
 * in step, and a viewer sees cordon/drain disabled with the reason. Without SWITCHYARD_VM_URL a
 * migration's dry run must be blocked, naming the VictoriaMetrics check (fail closed).
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { APP, open } from '../lib/env';
import { proxyApi } from '../lib/seed';
import { assertClean, describeLines } from '../lib/spec';

const PLATFORM_URL = process.env.SWITCHYARD_PLATFORM_URL;

describeLines('fleet', (ctx) => {
  before(async () => {
    if (PLATFORM_URL) assert.equal((await proxyApi(ctx.url).call('POST', '/api/v1/placement/sync')).status, 200);
  });

  it('tabs per service kind in the URL; shards listed as the API returns them', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/placement/fleet?kind=runner`);
    await t.page.getByTestId('placement-fleet').waitFor();
    const api = (await proxyApi(ctx.url).call('GET', '/api/v1/placement/shards?kind=runner&limit=50')).json;
    if (api.items.length === 0) {
      await t.page.getByText('No runner shards yet', { exact: false }).waitFor();
    } else {
      await t.page.getByTestId('placement-shard-row').first().waitFor();
      const shown = await t.page.getByTestId('placement-shard-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-shard')));
      assert.deepEqual(shown, api.items.map((s: { id: string }) => s.id));
    }
    await t.page.getByTestId('placement-fleet-tab-gateway').click();
    await t.page.waitForURL(/kind=gateway/);
    await ctx.shot(t, 'fleet');
    assertClean(t);
  });

  it('a viewer sees shard actions disabled with the permission they need', async (test) => {
    const shards = (await proxyApi(ctx.url).call('GET', '/api/v1/placement/shards?kind=gateway&limit=1')).json;
    if (!shards.items?.length) return test.skip('no shards: run the stack with SWITCHYARD_PLATFORM_URL set');
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/placement/fleet?kind=gateway`, 'viewer');
    const row = t.page.getByTestId('placement-shard-row').first();
    await row.waitFor();
    assert.equal(await row.getByRole('button', { name: 'Cordon', exact: true }).isDisabled(), true);
    assert.match((await row.getByTestId('permission-reason').first().textContent()) ?? '', /placement:write/);
    assertClean(t);
  });

  it('migration dry run from the tenant Placement tab shows the plan; without VictoriaMetrics it is blocked', async (test) => {
    const api = proxyApi(ctx.url);
    const sims = PLATFORM_URL ? ((await (await fetch(`${PLATFORM_URL}/sim/state`)).json()) as { tenants: Array<{ id: string }> }).tenants : [];
    const tenant = sims.find(() => true)?.id;
    if (!tenant) return test.skip('no platform: run the stack with SWITCHYARD_PLATFORM_URL set');
    if ((await api.call('GET', `/api/v1/tenants/${tenant}`)).status === 404) {
      const sim = sims.find((x) => x.id === tenant) as unknown as { displayName: string; environment: string; organizationId: string; applicationId: string };
      const body = { id: tenant, displayName: sim.displayName, plan: 'team', environment: sim.environment, organizationId: sim.organizationId, applicationId: sim.applicationId };
      assert.equal((await api.call('POST', '/api/v1/tenants', body, { 'idempotency-key': `e2e-fleet-${tenant}` })).status, 201);
      assert.equal((await api.call('POST', `/api/v1/tenants/${tenant}/status`, { to: 'active', reason: 'e2e migration dry run' })).status, 200);
    }
    const placement = await api.call('GET', `/api/v1/placement/tenants/${tenant}`);
    if (placement.status !== 200) return test.skip(`tenant ${tenant} has no placement`);
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants/${tenant}/placement`);
    const row = t.page.locator('[data-testid="tenant-placement-row"][data-kind="gateway"]');
    await row.waitFor();
    await row.getByRole('button', { name: 'Migrate' }).click();
    await t.page.getByTestId('tenant-placement-migrate').waitFor();
    await t.page.waitForURL(/migrate=gateway/);
    await t.page.getByLabel('Target shard').click();
    await t.page.getByRole('option').first().click();
    await t.page.getByRole('button', { name: 'Dry run' }).click();
    await t.page.getByTestId('tenant-placement-plan').waitFor();
    const checks = await t.page.getByTestId('tenant-placement-plan').locator('li[data-ok]').allTextContents();
    assert.ok(checks.some((c) => c.includes('target-exists')), checks.join('\n'));
    if (!process.env.SWITCHYARD_VM_URL) assert.ok(checks.some((c) => c.includes('victoriametrics')), 'fails closed without VictoriaMetrics');
    await ctx.shot(t, 'tenant-placement-migrate');
    assertClean(t);
  });
});
