/**
 * Operations pages: the hub with URL filters, health as the sidecar reads it (from the simulator's
 * Kubernetes API in the default stack; honestly `unknown` without one, E2E_PLATFORM=0), the alert inbox, the job page for a missing job, and the
 * tenant deep link `?action=drain` opening the run-an-action preflight (disabled for viewers).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { APP, open, tenantFor } from '../lib/env';
import { proxyApi } from '../lib/seed';
import { assertClean, describeLines } from '../lib/spec';
import { testIds } from '../../../src/shared/testIds';

const allowConsole = [/Failed to load resource/];

describeLines('operations', (ctx) => {
  it('hub: filters come from the URL; health of every environment as the sidecar reads it (unknown without Kubernetes), the environment filter picks which; inbox and jobs render', async () => {
    const t = await ctx.page({ allowConsole });
    await open(t.page, ctx.url, `${APP}/operations?status=failed&environment=prod`, 'viewer');
    await t.page.getByTestId(testIds.operations.hub).waitFor();
    await t.page.getByTestId(testIds.operations.empty).getByText('No jobs match these filters').waitFor();
    // Health covers every environment; the hub's environment filter (prod here) picks the one shown.
    const overview = (await proxyApi(ctx.url).call('GET', '/api/v1/health/platform')).json as {
      environments: Array<{ environment: string; state: string }>;
    };
    assert.deepEqual(
      overview.environments.map((e) => e.environment),
      ['dev', 'staging', 'prod'],
      JSON.stringify(overview).slice(0, 500)
    );
    for (const e of overview.environments) {
      if (ctx.platformUrl) assert.notEqual(e.state, 'unknown', `${e.environment}: ${JSON.stringify(e).slice(0, 300)}`);
      else assert.equal(e.state, 'unknown');
    }
    const section = (env: string) =>
      t.page.locator(`[data-testid="${testIds.operations.health}"][data-environment="${env}"]`);
    const stateOf = (env: string) => overview.environments.find((e) => e.environment === env)!.state;
    await section('prod')
      .locator(`[data-testid="${testIds.operations.healthState}"][data-state="${stateOf('prod')}"]`)
      .waitFor();
    assert.equal(await t.page.getByTestId(testIds.operations.health).count(), 1, 'only the filtered environment');
    if (ctx.platformUrl)
      assert.ok(
        (await section('prod').getByTestId(testIds.operations.deploymentRow).count()) > 0,
        'deployments from the simulator are listed'
      );
    await open(t.page, ctx.url, `${APP}/operations?environment=dev`, 'viewer');
    await section('dev')
      .locator(`[data-testid="${testIds.operations.healthState}"][data-state="${stateOf('dev')}"]`)
      .waitFor();
    assert.equal(await section('prod').count(), 0);
    if (ctx.platformUrl) {
      const names = await section('dev')
        .getByTestId(testIds.operations.deploymentRow)
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
      assert.ok(names.length > 0 && names.every((n) => n.includes('-dev-')), names.join(','));
    }
    await open(t.page, ctx.url, `${APP}/operations?status=failed&environment=prod`, 'viewer');
    await t.page.getByTestId(testIds.operations.alerts).waitFor();
    assert.match(t.page.url(), /status=failed/);
    await ctx.shot(t, 'operations-hub-filtered');
    assertClean(t);
    await t.page.close();
  });

  it('hub: the environment filter sits above the sections (none in the Jobs toolbar); a pick goes to the URL and narrows health and the jobs graphs', async () => {
    const t = await ctx.page({ allowConsole });
    // The jobs graphs ask the Switchyard data source for the picked environment (when they load, or again on a pick).
    const devTrend = t.page.waitForRequest((r) => {
      const body = r.method() === 'POST' && r.url().includes('/api/ds/query') ? (r.postData() ?? '') : '';
      return body.includes('"queryType":"jobs"') && body.includes('"environment":["dev"]');
    });
    await open(t.page, ctx.url, `${APP}/operations`, 'viewer');
    await t.page.getByTestId(testIds.operations.hub).waitFor();
    const control = t.page.getByTestId(testIds.operations.filterEnvironment);
    await control.getByText('Applies to the alert inbox, jobs and platform health').waitFor();
    assert.equal(await t.page.locator('section[aria-label="Jobs"]').getByLabel('Filter by environment').count(), 0);
    await t.page.getByLabel('Filter by environment').click();
    await t.page.getByTestId('data-testid Select option').filter({ hasText: /^dev$/ }).click();
    await t.page.waitForURL(/[?&]environment=dev(&|$)/);
    await t.page.locator(`[data-testid="${testIds.operations.health}"][data-environment="dev"]`).waitFor();
    await t.page.waitForFunction(
      (id) => document.querySelectorAll(`[data-testid="${id}"]`).length === 1,
      testIds.operations.health
    );
    await devTrend;
    assertClean(t);
    await t.page.close();
  });

  it('job page: a missing job says so', async () => {
    const t = await ctx.page({ allowConsole });
    await open(t.page, ctx.url, `${APP}/operations/jobs/00000000-0000-4000-8000-000000000000`, 'viewer');
    await t.page
      .getByText(/was not found/)
      .first()
      .waitFor();
    await t.page.close();
  });

  it('tenant deep link ?action=drain opens the drain preflight for an editor; viewers see the actions disabled', async () => {
    const id = tenantFor(ctx.line, 'status');
    const t = await ctx.page({ allowConsole });
    await open(t.page, ctx.url, `${APP}/tenants/${id}?action=drain`, 'editor');
    const drawer = t.page.getByTestId(testIds.runAction.drawer);
    await drawer.waitFor();
    assert.equal(await drawer.getAttribute('data-action'), 'drain');
    await t.page
      .locator(`[data-testid="${testIds.runAction.preflight}"], [data-testid="${testIds.runAction.error}"]`)
      .first()
      .waitFor();
    await ctx.shot(t, 'tenant-drain-preflight');
    await t.page.getByTestId(testIds.runAction.close).click();
    await drawer.waitFor({ state: 'detached' });
    assert.doesNotMatch(t.page.url(), /action=/);
    await t.page.close();

    const v = await ctx.page({ allowConsole });
    await open(v.page, ctx.url, `${APP}/tenants/${id}`, 'viewer');
    assert.equal(await v.page.getByTestId(`${testIds.runAction.actionPrefix}drain`).isDisabled(), true);
    await v.page.close();
  });
});
