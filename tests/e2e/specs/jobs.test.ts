/**
 * Jobs against the simulator (the e2e stack's platform): a drain from a tenant's deep link through
 * dry run → reason → run → job page to `succeeded`, with the simulator recording the drain exactly
 * once per shard; a cancel of a running drain (held by the `stuckDrains` knob); and a prod drain that
 * needs a second operator: the editor who requested it cannot approve, an admin can, and then it runs.
 * Each line uses its own simulator tenants so the two lines never race on one.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Page } from 'playwright-core';
import { APP, open } from '../lib/env';
import { reservedTenant, setScenarios, simEffects, simState, type SimTenant } from '../lib/platform';
import { proxyApi } from '../lib/seed';
import { assertClean, describeLines } from '../lib/spec';
import { passingPlanChecks, runPlanWithReason } from '../lib/plan';
import { testIds } from '../../../src/shared/testIds';

const JOB_URL = /\/operations\/jobs\/([0-9a-f-]{36})/;

/** Opens `?action=<action>` on the tenant page, checks the dry-run plan, gives a reason, runs; returns the job id. */
async function runFromTenantPage(
  page: Page,
  hostUrl: string,
  tenantId: string,
  action: string,
  user: 'editor' | 'admin',
  reason: string,
  approval: boolean
): Promise<string> {
  await open(page, hostUrl, `${APP}/tenants/${tenantId}?action=${action}`, user);
  const drawer = page.getByTestId(testIds.runAction.drawer);
  await drawer.waitFor();
  assert.equal(await drawer.getAttribute('data-action'), action);
  await passingPlanChecks(page);
  assert.ok((await page.getByTestId(testIds.runAction.steps).locator('li').count()) >= 3, 'the plan lists the steps');
  assert.equal(await page.getByTestId(testIds.runAction.approvalNotice).count(), approval ? 1 : 0, 'approval notice');
  return runPlanWithReason(page, reason);
}

async function jobStatus(page: Page, status: string, timeout = 60_000): Promise<void> {
  await page.locator(`[data-testid="${testIds.job.detail}"][data-status="${status}"]`).waitFor({ timeout });
}

describeLines('jobs against the simulator', (ctx) => {
  let tenants: SimTenant[] = [];
  before(async () => {
    assert.ok(ctx.platformUrl, 'the e2e stack runs the simulator (unset E2E_PLATFORM=0)');
    tenants = (await simState(ctx.platformUrl)).tenants;
  });

  it('drain: deep link → dry-run plan → reason → run → job page → succeeded; the simulator drained once per shard', async () => {
    const tenant = reservedTenant(tenants, ctx.line, 'drain');
    const shards = [...new Set(Object.values(tenant.placement).filter(Boolean))].sort();
    const key = (s: string) => `drain:${tenant.id}@${s}`;
    const before = await simEffects(ctx.platformUrl!);
    assert.deepEqual(
      Object.keys(before.byTarget).filter((k) => k.startsWith(`drain:${tenant.id}@`)),
      [],
      'not drained before'
    );
    const t = await ctx.page();
    const jobId = await runFromTenantPage(
      t.page,
      ctx.url,
      tenant.id,
      'drain',
      'editor',
      `e2e drain ${ctx.line}`,
      false
    );
    await ctx.shot(t, 'job-drain-running');
    await jobStatus(t.page, 'succeeded');
    const steps = await t.page
      .getByTestId(testIds.job.step)
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-step')}=${e.getAttribute('data-status')}`));
    assert.deepEqual(steps, [
      'resolve-shards=succeeded',
      'mark-draining=succeeded',
      'drain-shards=succeeded',
      'wait-in-flight=succeeded',
    ]);
    await t.page.getByTestId(testIds.job.auditRow).first().waitFor();
    await ctx.shot(t, 'job-drain-succeeded');

    const after = await simEffects(ctx.platformUrl!);
    const drained = Object.keys(after.byTarget)
      .filter((k) => k.startsWith(`drain:${tenant.id}@`))
      .sort();
    assert.deepEqual(drained, shards.map(key), 'every shard serving the tenant, and only those');
    for (const k of drained) assert.equal(after.byTarget[k], 1, `${k} exactly once`);
    assert.equal(after.counts.drain - before.counts.drain, shards.length);
    const api = proxyApi(ctx.url);
    const job = (await api.call('GET', `/api/v1/jobs/${jobId}`)).json;
    assert.equal(job.status, 'succeeded');
    assert.equal((await api.call('GET', `/api/v1/tenants/${tenant.id}`)).json.status, 'draining');
    assertClean(t);
    await t.page.close();
  });

  it('cancel: a drain held by the simulator (stuckDrains) is cancelled from the job page with a reason', async () => {
    const tenant = reservedTenant(tenants, ctx.line, 'cancel');
    const knobs = (await (await fetch(`${ctx.platformUrl}/sim/scenarios`)).json()) as { stuckDrains: string[] };
    await setScenarios(ctx.platformUrl!, { stuckDrains: [...knobs.stuckDrains, tenant.id] });
    const t = await ctx.page();
    try {
      const jobId = await runFromTenantPage(
        t.page,
        ctx.url,
        tenant.id,
        'drain',
        'editor',
        `e2e cancel ${ctx.line}`,
        false
      );
      await jobStatus(t.page, 'running');
      await t.page
        .locator(`[data-testid="${testIds.job.step}"][data-step="wait-in-flight"][data-status="running"]`)
        .waitFor({ timeout: 30_000 });
      await t.page.getByTestId(testIds.job.cancel).click();
      await t.page.getByTestId(testIds.reasonModal.input).fill(`e2e cancel stuck drain ${ctx.line}`);
      await t.page.getByTestId(testIds.reasonModal.submit).click();
      await jobStatus(t.page, 'cancelled', 30_000);
      assert.equal(await t.page.getByTestId(testIds.job.cancel).count(), 0, 'no cancel button on a finished job');
      await ctx.shot(t, 'job-drain-cancelled');
      const job = (await proxyApi(ctx.url).call('GET', `/api/v1/jobs/${jobId}`)).json;
      assert.equal(job.status, 'cancelled');
      assert.equal(job.cancelRequested, true);
      const audit = (await proxyApi(ctx.url).call('GET', `/api/v1/audit?action=job.cancel&targetId=${jobId}`)).json;
      assert.deepEqual(
        audit.items.map((e: { reason: string }) => e.reason),
        [`e2e cancel stuck drain ${ctx.line}`],
        'the cancel reason is audited'
      );
      assertClean(t);
    } finally {
      await setScenarios(ctx.platformUrl!, { stuckDrains: knobs.stuckDrains });
      await t.page.close();
    }
  });

  it('retry: a failed drain is retried from its job page as a new job, planned again, that runs', async () => {
    const tenant = reservedTenant(tenants, ctx.line, 'retry');
    const api = proxyApi(ctx.url, 'editor');
    const knobs = (await (await fetch(`${ctx.platformUrl}/sim/scenarios`)).json()) as { stuckDrains: string[] };
    const until = async (what: string, ok: () => Promise<boolean>, ms = 90_000) => {
      const end = Date.now() + ms;
      while (!(await ok())) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    const jobIs = (id: string, status: string) => async () =>
      (await api.call('GET', `/api/v1/jobs/${id}`)).json.status === status;
    const create = async (type: string, params: Record<string, unknown>, reason: string) => {
      const r = await api.call(
        'POST',
        '/api/v1/jobs',
        { type, params, reason },
        { 'idempotency-key': `e2e-retry-${type}-${ctx.line}-${Date.now()}` }
      );
      assert.equal(r.status, 201, JSON.stringify(r.json));
      return r.json.job.id as string;
    };
    // A drain that cannot converge fails at its wait step; the tenant stays draining until undrained.
    await setScenarios(ctx.platformUrl!, { stuckDrains: [...knobs.stuckDrains, tenant.id] });
    let failedId: string;
    try {
      failedId = await create(
        'tenant.drain',
        { tenantId: tenant.id, drainTimeoutSeconds: 20 },
        `e2e retry ${ctx.line}`
      );
      await until('the drain to fail', jobIs(failedId, 'failed'));
    } finally {
      await setScenarios(ctx.platformUrl!, { stuckDrains: knobs.stuckDrains });
    }
    const undrainId = await create('tenant.undrain', { tenantId: tenant.id }, `e2e retry undrain ${ctx.line}`);
    await until('the undrain to succeed', jobIs(undrainId, 'succeeded'));

    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/operations/jobs/${failedId}`, 'editor');
    await jobStatus(t.page, 'failed');
    // Where to look: the pods of the shards the drain resolved, their logs, and the tenant's logs.
    const failed = (await api.call('GET', `/api/v1/jobs/${failedId}`)).json;
    const shards = failed.steps[0].observed.shards as string[];
    assert.ok(shards.length > 0, JSON.stringify(failed.steps[0]));
    const href = async (id: string) => (await t.page.getByTestId(id).getAttribute('href')) ?? '';
    const pods = new URL(await href(testIds.job.podsLink), ctx.url);
    assert.equal(pods.pathname, '/d/switchyard-cluster');
    assert.equal(pods.searchParams.get('var-env'), failed.environment);
    const logExpr = async (id: string) =>
      JSON.parse(new URL(await href(id), ctx.url).searchParams.get('panes') ?? '{}').a.queries[0].expr as string;
    const logs = await logExpr(testIds.job.logsLink);
    for (const s of shards) assert.ok(logs.includes(s), `${logs} names ${s}`);
    assert.match(await logExpr(testIds.job.tenantLogsLink), new RegExp(`tenant_id="${tenant.id}"`));
    await t.page.getByTestId(testIds.job.retry).click();
    await t.page.getByTestId(testIds.reasonModal.input).fill(`e2e retry after undrain ${ctx.line}`);
    await t.page.getByTestId(testIds.reasonModal.submit).click();
    await t.page.waitForURL((u) => JOB_URL.test(u.pathname) && !u.pathname.includes(failedId));
    const retryId = JOB_URL.exec(t.page.url())![1];
    await jobStatus(t.page, 'succeeded', 90_000);
    await ctx.shot(t, 'job-drain-retried');
    const retried = (await api.call('GET', `/api/v1/jobs/${retryId}`)).json;
    assert.equal(retried.type, 'tenant.drain');
    assert.deepEqual(retried.source, { kind: 'retry', ref: failedId });
    assert.equal(retried.params.tenantId, tenant.id);
    assert.equal(retried.reason, `e2e retry after undrain ${ctx.line}`);
    assert.equal(
      (await api.call('GET', `/api/v1/jobs/${failedId}`)).json.status,
      'failed',
      'the original stays failed'
    );
    assertClean(t);
    await t.page.close();
  });

  it('approval: a prod drain requested by an editor waits; the requester cannot approve; an admin approves and it runs', async () => {
    const tenant = reservedTenant(tenants, ctx.line, 'approval');
    const before = await simEffects(ctx.platformUrl!);
    const t = await ctx.page();
    const jobId = await runFromTenantPage(
      t.page,
      ctx.url,
      tenant.id,
      'drain',
      'editor',
      `e2e prod drain ${ctx.line}`,
      true
    );
    await jobStatus(t.page, 'awaiting_approval');
    assert.equal(await t.page.getByTestId(testIds.job.approval).getAttribute('data-approval'), 'pending');
    assert.equal(await t.page.getByTestId(testIds.job.approve).isDisabled(), true, 'the requester cannot approve');
    await t.page.getByText('You requested this job: another operator must approve it.').waitFor();
    await ctx.shot(t, 'job-awaiting-approval-requester');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(
      (await proxyApi(ctx.url).call('GET', `/api/v1/jobs/${jobId}`)).json.status,
      'awaiting_approval',
      'nothing runs before approval'
    );
    assert.equal(
      (await simEffects(ctx.platformUrl!)).counts.drain,
      before.counts.drain,
      'no drain sent before approval'
    );
    await t.page.close();

    const a = await ctx.page();
    await open(a.page, ctx.url, `${APP}/operations/jobs/${jobId}`, 'admin');
    await jobStatus(a.page, 'awaiting_approval');
    assert.equal(await a.page.getByText('You requested this job').count(), 0);
    await a.page.getByTestId(testIds.job.approve).click();
    await a.page.getByTestId(testIds.reasonModal.input).fill(`e2e second operator ${ctx.line}`);
    await a.page.getByTestId(testIds.reasonModal.submit).click();
    await jobStatus(a.page, 'succeeded');
    assert.match((await a.page.getByTestId(testIds.job.approval).textContent()) ?? '', /approved by admin/);
    await ctx.shot(a, 'job-approved-succeeded');
    const job = (await proxyApi(ctx.url).call('GET', `/api/v1/jobs/${jobId}`)).json;
    assert.equal(job.requestedBy.login, 'editor');
    assert.equal(job.approval.approvedBy, 'admin');
    const after = await simEffects(ctx.platformUrl!);
    for (const s of new Set(Object.values(tenant.placement).filter(Boolean)))
      assert.equal(after.byTarget[`drain:${tenant.id}@${s}`], 1);
    assertClean(a);
    await a.page.close();
  });
});
