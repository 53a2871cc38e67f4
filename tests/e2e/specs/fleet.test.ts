/**
 * Fleet page and the tenant migration flow. Works with whatever the stack gives the sidecar: without a
 * platform (E2E_PLATFORM=0) the fleet is empty and says how to import it; with the simulator as the
 * platform (the default) the inventory is synced, shards render per kind tab with the URL in step, and
 * a viewer sees cordon/drain disabled with the reason. Without VictoriaMetrics a migration's dry run
 * must be blocked, naming the VictoriaMetrics check (fail closed); with it (the default when installed)
 * a migration runs from the Placement tab to `succeeded` and the simulator serves the tenant from the target.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { testIds } from '../../../src/shared/testIds';
import { APP, e2eEnv, open } from '../lib/env';
import { reservedTenant, simEffects, simState } from '../lib/platform';
import { proxyApi } from '../lib/seed';
import { assertClean, describeLines } from '../lib/spec';
import { passingPlanChecks, runPlanWithReason } from '../lib/plan';

const { platformUrl: PLATFORM_URL, vmUrl: VM_URL } = e2eEnv();

describeLines('fleet', (ctx) => {
  before(async () => {
    if (PLATFORM_URL) assert.equal((await proxyApi(ctx.url).call('POST', '/api/v1/placement/sync')).status, 200);
  });

  it('tabs per service kind in the URL; shards listed as the API returns them', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/placement/fleet?kind=runner`);
    await t.page.getByTestId(testIds.placement.fleet).waitFor();
    const api = (await proxyApi(ctx.url).call('GET', '/api/v1/placement/shards?kind=runner&limit=50')).json;
    if (api.items.length === 0) {
      await t.page.getByText('No runner shards yet', { exact: false }).waitFor();
    } else {
      await t.page.getByTestId(testIds.placement.shardRow).first().waitFor();
      const shown = await t.page
        .getByTestId(testIds.placement.shardRow)
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-shard')));
      assert.deepEqual(
        shown,
        api.items.map((s: { id: string }) => s.id)
      );
    }
    await t.page.getByTestId(`${testIds.placement.fleetTabPrefix}gateway`).click();
    await t.page.waitForURL(/kind=gateway/);
    await ctx.shot(t, 'fleet');
    assertClean(t);
  });

  it('a viewer sees shard actions disabled with the permission they need', async () => {
    const shards = (await proxyApi(ctx.url).call('GET', '/api/v1/placement/shards?kind=gateway&limit=1')).json;
    assert.ok(shards.items?.length, 'the e2e stack synced shards from the simulator (E2E_PLATFORM must not be 0)');
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/placement/fleet?kind=gateway`, 'viewer');
    const row = t.page.getByTestId(testIds.placement.shardRow).first();
    await row.waitFor();
    assert.equal(await row.getByRole('button', { name: 'Cordon', exact: true }).isDisabled(), true);
    assert.match((await row.getByTestId(testIds.permissionReason).first().textContent()) ?? '', /placement:write/);
    assertClean(t);
  });

  it('Sync inventory… previews the import as a plan (nothing left after the start-up import); a shard opens its page with its tenants, and a link opens its cordon plan', async () => {
    assert.ok(PLATFORM_URL, 'the e2e stack runs the simulator (E2E_PLATFORM must not be 0)');
    const preview = (await proxyApi(ctx.url).call('GET', '/api/v1/placement/inventory')).json;
    assert.equal(preview.changes, false, 'the e2e stack imported the inventory through the sync');
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/placement/fleet?kind=gateway`);
    await t.page.getByTestId(testIds.placement.inventorySync).click();
    const drawer = t.page.getByTestId(testIds.runAction.drawer);
    await drawer.waitFor();
    assert.equal(await drawer.getAttribute('data-action'), 'sync-inventory');
    await drawer.getByText('Control plane and platform agree; nothing to import').waitFor();
    await ctx.shot(t, 'fleet-inventory-sync');
    await t.page.getByTestId(testIds.runAction.close).click();
    const first = t.page.getByTestId(testIds.placement.shardLink).first();
    const shardId = (await first.textContent())!.trim();
    await first.click();
    await t.page.waitForURL(new RegExp(`/placement/fleet/shards/${shardId}`));
    const detail = t.page.getByTestId(testIds.placement.shardDetail);
    await detail.waitFor();
    const api = (await proxyApi(ctx.url).call('GET', `/api/v1/placement/shards/${shardId}/tenants?limit=50`)).json;
    assert.ok(api.items.length > 0, `${shardId} serves tenants`);
    await t.page.getByTestId(testIds.placement.shardTenantRow).first().waitFor();
    const shown = await t.page
      .getByTestId(testIds.placement.shardTenantRow)
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-tenant')));
    assert.deepEqual(
      shown,
      api.items.map((a: { tenantId: string }) => a.tenantId)
    );
    await ctx.shot(t, 'shard-detail');

    // An alert's link (`?action=cordon`) opens the shard's cordon plan; closing it leaves the plain page.
    await open(t.page, ctx.url, `${APP}/placement/fleet/shards/${shardId}?action=cordon`);
    const plan = t.page.getByTestId(testIds.runAction.drawer);
    await plan.waitFor();
    assert.equal(await plan.getAttribute('data-action'), 'cordon');
    assert.equal(await plan.getAttribute('data-intent'), `shard.cordon:${shardId}`);
    await ctx.shot(t, 'shard-cordon-plan');
    await t.page.getByTestId(testIds.runAction.close).click();
    await plan.waitFor({ state: 'detached' });
    assert.equal(new URL(t.page.url()).searchParams.get('action'), null);
    assertClean(t);
  });

  it('migration dry run from the tenant Placement tab shows the plan; without VictoriaMetrics it is blocked', async () => {
    const api = proxyApi(ctx.url);
    const sims = PLATFORM_URL
      ? ((await (await fetch(`${PLATFORM_URL}/sim/state`)).json()) as { tenants: Array<{ id: string }> }).tenants
      : [];
    const tenant = sims.find(() => true)?.id;
    assert.ok(tenant, 'the e2e stack runs the simulator (E2E_PLATFORM must not be 0)');
    if ((await api.call('GET', `/api/v1/tenants/${tenant}`)).status === 404) {
      const sim = sims.find((x) => x.id === tenant) as unknown as {
        displayName: string;
        environment: string;
        organizationId: string;
        applicationId: string;
      };
      const body = {
        id: tenant,
        displayName: sim.displayName,
        plan: 'team',
        environment: sim.environment,
        organizationId: sim.organizationId,
        applicationId: sim.applicationId,
      };
      assert.equal(
        (await api.call('POST', '/api/v1/tenants', body, { 'idempotency-key': `e2e-fleet-${tenant}` })).status,
        201
      );
      assert.equal(
        (
          await api.call(
            'POST',
            `/api/v1/tenants/${tenant}/status`,
            { to: 'active', reason: 'e2e migration dry run' },
            { 'idempotency-key': `e2e-fleet-active-${tenant}` }
          )
        ).status,
        200
      );
    }
    const placement = await api.call('GET', `/api/v1/placement/tenants/${tenant}`);
    assert.equal(placement.status, 200, `tenant ${tenant} has a placement`);
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants/${tenant}/placement`);
    const row = t.page.locator(`[data-testid="${testIds.placement.tenantPlacementRow}"][data-kind="gateway"]`);
    await row.waitFor();
    await row.getByRole('button', { name: 'Migrate' }).click();
    await t.page.getByTestId(testIds.placement.tenantPlacementMigrate).waitFor();
    await t.page.waitForURL(/migrate=gateway/);
    await t.page.getByLabel('Target shard').click();
    await t.page.getByRole('option').first().click();
    await t.page.getByRole('button', { name: 'Dry run' }).click();
    await t.page.getByTestId(testIds.runAction.preflight).waitFor();
    assert.equal(await t.page.getByTestId(testIds.runAction.drawer).getAttribute('data-action'), 'migrate');
    const checks = await t.page.getByTestId(testIds.runAction.check).allTextContents();
    assert.ok(
      checks.some((c) => c.includes('target-exists')),
      checks.join('\n')
    );
    if (!VM_URL)
      assert.ok(
        checks.some((c) => c.includes('victoriametrics')),
        'fails closed without VictoriaMetrics'
      );
    await ctx.shot(t, 'tenant-placement-migrate');
    assertClean(t);
  });

  it(
    'migration from the tenant Placement tab: dry run → reason → Migrate → the job page shows it succeeded; the simulator serves the tenant from the target',
    {
      skip:
        !process.env.CI &&
        (!PLATFORM_URL || !VM_URL) &&
        'needs the simulator and VictoriaMetrics (E2E_PLATFORM/E2E_VM)',
    },
    async () => {
      const state = await simState(PLATFORM_URL!);
      const tenant = reservedTenant(state.tenants, ctx.line, 'migrate');
      const from = tenant.placement.gateway;
      const to = state.shards.find((s) => s.kind === 'gateway' && s.env === tenant.environment && s.id !== from)!.id;
      const api = proxyApi(ctx.url);
      // VictoriaMetrics needs a few scrapes of the tenant's load before the preflight can pass.
      const body = {
        type: 'tenant.migrate',
        params: { tenantId: tenant.id, kind: 'gateway', targetShardId: to },
        reason: 'e2e readiness probe',
      };
      const until = Date.now() + 60_000;
      let plan: { blocked: boolean; preflight: Array<{ name: string; ok: boolean; message: string }> } | undefined;
      while (Date.now() < until) {
        plan = (
          await api.call('POST', '/api/v1/jobs?dryRun=true', body, {
            'idempotency-key': `e2e-migrate-probe-${Date.now()}`,
          })
        ).json.plan;
        if (plan && !plan.blocked) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      assert.ok(
        plan && !plan.blocked,
        `preflight still blocked: ${JSON.stringify(plan?.preflight.filter((c) => !c.ok))}`
      );
      const before = await simEffects(PLATFORM_URL!);

      const t = await ctx.page();
      await open(t.page, ctx.url, `${APP}/tenants/${tenant.id}/placement`, 'editor');
      const row = t.page.locator(`[data-testid="${testIds.placement.tenantPlacementRow}"][data-kind="gateway"]`);
      await row.getByText(from, { exact: true }).waitFor();
      await row.getByRole('button', { name: 'Migrate' }).click();
      await t.page.getByTestId(testIds.placement.tenantPlacementMigrate).waitFor();
      await t.page.getByLabel('Target shard').click();
      await t.page.getByRole('option', { name: new RegExp(`^${to} `) }).click();
      await t.page.getByRole('button', { name: 'Dry run' }).click();
      await passingPlanChecks(t.page);
      await runPlanWithReason(t.page, `e2e migration ${ctx.line}`);
      await t.page
        .locator(`[data-testid="${testIds.job.detail}"][data-status="succeeded"]`)
        .waitFor({ timeout: 90_000 });
      const steps = await t.page
        .getByTestId(testIds.job.step)
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
      assert.ok(steps.length >= 5 && steps.every((s) => s === 'succeeded'), steps.join(','));
      await ctx.shot(t, 'tenant-placement-migrated');

      assert.equal(
        (await simState(PLATFORM_URL!)).tenants.find((x) => x.id === tenant.id)!.placement.gateway,
        to,
        'the platform serves the tenant from the target'
      );
      const after = await simEffects(PLATFORM_URL!);
      const key = `placementChange:${tenant.id}/gateway`;
      assert.equal((after.byTarget[key] ?? 0) - (before.byTarget[key] ?? 0), 1, 'one placement change on the platform');
      const placement = (await api.call('GET', `/api/v1/placement/tenants/${tenant.id}`)).json;
      assert.equal(placement.kinds.find((k: { kind: string }) => k.kind === 'gateway').assignment.shardId, to);
      assert.equal((await api.call('GET', `/api/v1/tenants/${tenant.id}`)).json.status, 'active');
      await open(t.page, ctx.url, `${APP}/tenants/${tenant.id}/placement`, 'viewer');
      await t.page
        .locator(`[data-testid="${testIds.placement.tenantPlacementRow}"][data-kind="gateway"]`)
        .getByText(to, { exact: true })
        .waitFor();
      assertClean(t);
    }
  );
});
