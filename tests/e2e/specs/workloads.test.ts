/**
 * Workload actions from the tenant page against the simulator: scale the gateway deployment that
 * serves a tenant through the form (a bad count is refused naming the field) → dry-run plan with the
 * replica range and pod quota checks → reason → run → job page to `succeeded`; the simulator
 * recorded one scale and the job observed the new count; the tenant's summary then lists the job's
 * audit entries. The Health tab shows the deployments serving a tenant and their pods. Each line uses
 * its own tenant.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { APP, open } from '../lib/env';
import { reservedTenant, simEffects, simState, type SimTenant } from '../lib/platform';
import { proxyApi } from '../lib/seed';
import { assertClean, describeLines } from '../lib/spec';
import { passingPlanChecks } from '../lib/plan';
import { testIds } from '../../../src/shared/testIds';

const JOB_URL = /\/operations\/jobs\/([0-9a-f-]{36})/;

describeLines('workload actions against the simulator', (ctx) => {
  let tenants: SimTenant[] = [];
  before(async () => {
    assert.ok(ctx.platformUrl, 'the e2e stack runs the simulator (unset E2E_PLATFORM=0)');
    tenants = (await simState(ctx.platformUrl)).tenants;
  });

  it('scale a deployment from the tenant page: form → plan → reason → job succeeded, scaled once', async () => {
    const tenant = reservedTenant(tenants, ctx.line, 'scale');
    const deployment = tenant.placement.gateway;
    assert.ok(deployment, `${tenant.id} has a gateway shard`);
    const env = tenant.environment;
    // Shards start at 2 replicas; each line scales to its own count, so both lines make a real change.
    const to = ctx.line === 'grafana-12' ? 3 : 4;
    const effect = `scale:platform-${env}/${deployment}`;
    const before = (await simEffects(ctx.platformUrl!)).byTarget[effect] ?? 0;

    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants/${tenant.id}`, 'editor');
    const row = t.page.locator(`[data-testid="${testIds.tenantWorkloads.row}"][data-deployment="${deployment}"]`);
    await row.waitFor();
    await t.page.getByTestId(`${testIds.tenantWorkloads.scalePrefix}${deployment}`).click();
    const replicas = t.page.getByTestId(testIds.workloadAction.replicas);
    await replicas.fill('2.5');
    await t.page.getByTestId(testIds.workloadAction.plan).click();
    await t.page.getByText('Replicas must be a whole number').waitFor();
    await replicas.fill(String(to));
    await t.page.getByTestId(testIds.workloadAction.plan).click();

    const drawer = t.page.getByTestId(testIds.runAction.drawer);
    await drawer.waitFor();
    assert.equal(await drawer.getAttribute('data-action'), 'scale');
    const checks = await passingPlanChecks(t.page);
    assert.ok(
      checks.some((c) => /within the allowed 1–10 replicas/.test(c)),
      `replica range checked:\n${checks.join('\n')}`
    );
    assert.ok(
      checks.some((c) => /pod quota|No new pods/.test(c)),
      `capacity checked:\n${checks.join('\n')}`
    );
    await ctx.shot(t, 'scale-plan');
    await t.page.getByTestId(testIds.runAction.run).click();
    await t.page.getByTestId(testIds.reasonModal.input).fill(`e2e scale ${ctx.line}`);
    await t.page.getByTestId(testIds.reasonModal.submit).click();
    await t.page.waitForURL(JOB_URL);
    await t.page.locator(`[data-testid="${testIds.job.detail}"][data-status="succeeded"]`).waitFor({ timeout: 60_000 });
    const jobId = JOB_URL.exec(t.page.url())![1];
    const job = (await proxyApi(ctx.url).call('GET', `/api/v1/jobs/${jobId}`)).json;
    assert.equal(job.steps[0].observed.replicas.to, to, JSON.stringify(job.steps[0]));
    assert.equal((await simEffects(ctx.platformUrl!)).byTarget[effect], before + 1, 'scaled exactly once');

    // Back on the tenant: the summary lists the job's audit entries, no active job, and the isolation verdict.
    await open(t.page, ctx.url, `${APP}/tenants/${tenant.id}`, 'editor');
    const activity = t.page.getByTestId(testIds.tenantSummary.activity);
    await activity.getByTestId(testIds.tenantSummary.activityEntry).first().waitFor();
    assert.match((await activity.textContent()) ?? '', new RegExp(`e2e scale ${ctx.line}`));
    await t.page
      .getByTestId(testIds.tenantSummary.jobs)
      .getByText('No job is running or waiting on this tenant.')
      .waitFor();
    await t.page.getByTestId(testIds.tenantSummary.isolation).getByTestId(testIds.isolation.verdictBadge).waitFor();
    await ctx.shot(t, 'tenant-overview-summary');
    assertClean(t);
    await t.page.close();
  });

  it("the tenant's Health tab shows the deployments serving it and their pods, as Kubernetes reports them", async () => {
    const tenant = reservedTenant(tenants, ctx.line, 'observe');
    const placed = Object.entries(tenant.placement).filter((e): e is [string, string] => Boolean(e[1]));
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants/${tenant.id}/health`, 'viewer');
    const section = t.page.getByTestId(testIds.tenantHealth.section);
    const rows = section.getByTestId(testIds.tenantHealth.deploymentRow);
    await rows.first().waitFor();
    const shown = await rows.evaluateAll((els) =>
      els.map((el) => [el.getAttribute('data-deployment'), el.getAttribute('data-state')])
    );
    assert.deepEqual(
      shown.map(([d]) => d).sort(),
      placed.map(([, shard]) => shard).sort(),
      'one row per shard it is on'
    );
    // The simulator's deployments are real Kubernetes objects: each is found (never "unknown"), with its pods.
    for (const [deployment, state] of shown) {
      assert.ok(['healthy', 'pending', 'unhealthy'].includes(state ?? ''), `${deployment} is ${state}`);
    }
    assert.ok(
      (await section.getByTestId(testIds.tenantHealth.podRow).count()) >= placed.length,
      'their pods are listed'
    );
    // A viewer sees restart and scale, disabled: running them needs operations:execute.
    assert.equal(await section.getByTestId(`${testIds.tenantHealth.restartPrefix}${placed[0]![1]}`).isDisabled(), true);
    await ctx.shot(t, 'tenant-health');
    assertClean(t);
    await t.page.close();
  });
});
