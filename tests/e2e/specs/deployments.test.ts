/**
 * Deployments page with the simulator as the platform and VictoriaMetrics scraping it: a canary
 * rollout to staging started from the page (plan → preflight → reason → run) passes its gate with
 * the measured values and limits shown, and is promoted; a bad build started through the API fails
 * its gate and rolls back by itself, the page showing why. The matrix reflects both.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Deployment } from '../../../src/contract';
import { testIds } from '../../../src/shared/testIds';
import { APP, e2eEnv, open } from '../lib/env';
import { simState } from '../lib/platform';
import { proxyApi } from '../lib/seed';
import { assertClean, describeLines } from '../lib/spec';
import { passingPlanChecks, runPlanWithReason } from '../lib/plan';

const { platformUrl: PLATFORM_URL, vmUrl: VM_URL } = e2eEnv();
const needs =
  !process.env.CI && (!PLATFORM_URL || !VM_URL) && 'needs the simulator and VictoriaMetrics (E2E_PLATFORM/E2E_VM)';

/** The staging gateway shards, busiest first (a canary gate needs traffic to decide). */
async function stagingGateways(): Promise<string[]> {
  const state = await simState(PLATFORM_URL!);
  const load = new Map<string, number>();
  for (const t of state.tenants)
    if (t.environment === 'staging' && t.placement.gateway)
      load.set(t.placement.gateway, (load.get(t.placement.gateway) ?? 0) + 1);
  return [...load.entries()].sort((a, b) => b[1] - a[1]).map(([s]) => s);
}

async function waitDeployment(url: string, id: string, done: (d: Deployment) => boolean, ms = 120_000) {
  const api = proxyApi(url);
  const until = Date.now() + ms;
  for (;;) {
    const r = await api.call('GET', `/api/v1/deployments/${id}`);
    if (r.status === 200 && done(r.json as Deployment)) return r.json as Deployment;
    if (Date.now() > until) throw new Error(`deployment ${id}: ${r.status} ${JSON.stringify(r.json)}`);
    await new Promise((res) => setTimeout(res, 1000));
  }
}

describeLines('deployments', (ctx) => {
  it('the page shows the version matrix read from the platform', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/deployments?env=staging`);
    await t.page.getByTestId(testIds.deployments.page).waitFor();
    if (PLATFORM_URL) {
      await t.page.getByTestId(testIds.deployments.matrixRow).first().waitFor();
      const envs = await t.page
        .getByTestId(testIds.deployments.matrixRow)
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-shard')));
      assert.ok(envs.length > 0 && envs.every((s) => s?.includes('-staging-')), envs.join(' '));
    } else {
      await t.page.getByTestId(testIds.deployments.matrixError).waitFor();
    }
    await ctx.shot(t, 'deployments');
    assertClean(t);
  });

  it(
    'a canary to staging started from the page passes its gate with measured values and is promoted',
    { skip: needs },
    async () => {
      const [shard] = await stagingGateways();
      const version = ctx.line === 'grafana-12' ? '2.15.0' : '2.15.1';
      const t = await ctx.page();
      await open(t.page, ctx.url, `${APP}/deployments?env=staging`, 'admin');
      await t.page.getByTestId(testIds.deployments.matrixRow).first().waitFor();
      await t.page.getByLabel('Rollout image version').click();
      await t.page.getByRole('option', { name: version, exact: true }).click();
      await t.page.getByLabel('Rollout shards').click();
      await t.page.getByRole('option', { name: shard, exact: true }).click();
      await t.page.keyboard.press('Escape');
      await t.page.getByTestId(testIds.deployments.steps).fill('50');
      // Loose absolute limits: a busy staging shard runs hot already; the gate compares with its baseline.
      await t.page.getByLabel('Max 5xx percent').fill('20');
      await t.page.getByLabel('Max p95 ms').fill('10000');
      await t.page.getByLabel('Baseline factor').fill('25');
      await t.page.getByTestId(testIds.deployments.window).fill('10');
      await t.page.getByTestId(testIds.deployments.pauseSeconds).fill('12');
      await t.page.getByTestId(testIds.deployments.plan).click();
      await passingPlanChecks(t.page);
      const id = await runPlanWithReason(t.page, `e2e canary ${ctx.line}`);
      await open(t.page, ctx.url, `${APP}/deployments?env=staging&deployment=${id}`, 'admin');
      // Live: the gate appears while the rollout runs, then the rollout is promoted.
      const detail = t.page.getByTestId(testIds.deployments.detail);
      await t.page
        .locator(`[data-testid="${testIds.deployments.gate}"][data-passed="true"]`)
        .waitFor({ timeout: 90_000 });
      await t.page
        .locator(`[data-testid="${testIds.deployments.detail}"][data-status="succeeded"]`)
        .waitFor({ timeout: 90_000 });
      const cells = await detail.getByTestId(testIds.deployments.gateCheck).allTextContents();
      assert.ok(
        cells.some((c) => /5xx ratio.*%.*≤/.test(c)),
        cells.join('\n')
      );
      assert.ok(
        cells.some((c) => /p95 latency.*ms.*≤/.test(c)),
        cells.join('\n')
      );
      await ctx.shot(t, 'deployments-canary-promoted');
      const version2 = await t.page
        .locator(`[data-testid="${testIds.deployments.matrixRow}"][data-shard="${shard}"]`)
        .getByTestId(testIds.deployments.matrixVersion)
        .textContent();
      assert.equal(version2, version);
      assertClean(t);
    }
  );

  it('a bad build fails its canary gate and rolls back by itself; the page says why', { skip: needs }, async () => {
    const shards = await stagingGateways();
    const shard = shards[1] ?? shards[0];
    const api = proxyApi(ctx.url);
    const before = (await api.call('GET', '/api/v1/deployments/matrix')).json.cells.find(
      (c: { shardId: string }) => c.shardId === shard
    ).imageVersion;
    const r = await api.call(
      'POST',
      '/api/v1/jobs',
      {
        type: 'deployment.rollout',
        params: {
          kind: 'gateway',
          environment: 'staging',
          imageVersion: '2.15.0-bad',
          shards: [shard],
          strategy: {
            type: 'canary',
            steps: [50],
            stepPauseSeconds: 12,
            gate: { max5xxRatio: 0.05, maxP95Ms: 2000, baselineFactor: 25, windowSeconds: 10, minRequests: 20 },
          },
        },
        reason: `e2e bad build ${ctx.line}`,
      },
      { 'idempotency-key': `e2e-bad-build-${ctx.line}` }
    );
    assert.equal(r.status, 201, JSON.stringify(r.json));
    const id = r.json.job.id as string;
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/deployments?env=staging&deployment=${id}`);
    await t.page
      .locator(`[data-testid="${testIds.deployments.detail}"][data-status="rolled_back"]`)
      .waitFor({ timeout: 120_000 });
    await t.page.locator(`[data-testid="${testIds.deployments.gate}"][data-passed="false"]`).waitFor();
    const outcome = await t.page.getByTestId(testIds.deployments.outcome).textContent();
    assert.match(outcome ?? '', /Gate failed at 50%: canary 5xx ratio/);
    await ctx.shot(t, 'deployments-bad-build-rolled-back');
    const d = await waitDeployment(ctx.url, id, (x) => x.finishedAt !== null);
    assert.equal(d.status, 'rolled_back');
    const after = (await api.call('GET', '/api/v1/deployments/matrix')).json.cells.find(
      (c: { shardId: string }) => c.shardId === shard
    );
    assert.equal(after.imageVersion, before);
    assert.equal(after.canaryVersion, null);
    assertClean(t);
  });
});
