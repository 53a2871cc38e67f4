/**
 * Isolation posture page and Tenant → Isolation tab. Works with whatever platform the stack gives the
 * sidecar: without one (E2E_PLATFORM=0) the pages must say "not configured" and keep re-probe disabled;
 * with a platform, re-probe runs with a reason and is audited. With the simulator as the platform (the
 * default stack, its tenants seeded into the sidecar), its seeded misconfigurations must show up as
 * violations first, with the naming contract spelled out (expected vs actual).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Page } from 'playwright-core';
import { APP, e2eEnv, open } from '../lib/env';
import { proxyApi } from '../lib/seed';
import { assertClean, describeLines } from '../lib/spec';
import { testIds } from '../../../src/shared/testIds';

const PLATFORM_URL = e2eEnv().platformUrl;
const RANK: Record<string, number> = { violation: 0, unknown: 1, warning: 2, isolated: 3 };

async function rows(page: Page): Promise<Array<{ id: string; verdict: string; env: string }>> {
  await page.getByTestId(testIds.isolation.row).first().waitFor();
  return page.getByTestId(testIds.isolation.row).evaluateAll((els) =>
    els.map((e) => ({
      id: e.getAttribute('data-tenant-id') ?? '',
      verdict: e.getAttribute('data-verdict') ?? '',
      env: e.getAttribute('data-environment') ?? '',
    }))
  );
}

describeLines('isolation', (ctx) => {
  it('posture page: counts by verdict, most severe first, filters in the URL', async () => {
    const t = await ctx.page();
    const posture = (await proxyApi(ctx.url).call('GET', '/api/v1/isolation?limit=200')).json;
    await open(t.page, ctx.url, `${APP}/isolation`);
    await t.page.getByTestId(testIds.isolation.page).waitFor();
    const list = await rows(t.page);
    const ranks = list.map((r) => RANK[r.verdict]);
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
      'violations first'
    );
    const counts = await t.page.getByTestId(testIds.isolation.count).allTextContents();
    assert.equal(counts.length, 4);
    const total = counts.reduce((n, c) => n + Number(c.split(': ')[1]), 0);
    assert.equal(
      total,
      Object.values(posture.counts as Record<string, number>).reduce((a, b) => a + b, 0)
    );
    if (!posture.configured) {
      await t.page.getByTestId(testIds.isolation.notConfigured).waitFor();
      assert.equal(await t.page.getByTestId(testIds.isolation.reprobe).first().getAttribute('aria-disabled'), 'true');
    }
    // Click a verdict other than the first row's, so the filtered list must differ from the one shown.
    const pick = (['unknown', 'warning', 'isolated', 'violation'] as const).find(
      (v) => v !== list[0].verdict && (posture.counts as Record<string, number>)[v] > 0
    );
    assert.ok(pick, `only one verdict present: ${JSON.stringify(posture.counts)}`);
    await t.page.locator(`[data-testid="${testIds.isolation.count}"][data-verdict="${pick}"]`).click();
    await t.page.waitForURL(new RegExp(`[?&]verdict=${pick}`));
    // The table re-renders after the URL changes: wait for it to show the filter, then check what it shows.
    await t.page
      .waitForFunction(
        ([v, rowId]) =>
          [...document.querySelectorAll(`[data-testid="${rowId}"]`)].every((e) => e.getAttribute('data-verdict') === v),
        [pick, testIds.isolation.row] as const,
        { timeout: 15_000 }
      )
      .catch(() => undefined);
    const filtered = await rows(t.page);
    assert.ok(
      filtered.every((r) => r.verdict === pick),
      JSON.stringify(filtered.slice(0, 5))
    );
    await ctx.shot(t, 'isolation-posture');
    await open(t.page, ctx.url, `${APP}/isolation?verdict=violation,unknown&environment=prod`);
    const shared = await rows(t.page);
    assert.ok(
      shared.every((r) => ['violation', 'unknown'].includes(r.verdict) && r.env === 'prod'),
      JSON.stringify(shared.slice(0, 5))
    );
    assertClean(t);
    await t.page.close();
  });

  it('tenant Isolation tab: every check with evidence, and the verdict history', async () => {
    const t = await ctx.page();
    const id = 'acme-prod';
    await open(t.page, ctx.url, `${APP}/tenants/${id}/isolation`);
    await t.page.getByTestId(testIds.isolation.tab).waitFor();
    assert.equal(await t.page.getByTestId(testIds.isolation.check).count(), 15);
    await t.page.getByTestId(testIds.isolation.history).waitFor();
    const verdict = await t.page.getByTestId(testIds.isolation.tab).getAttribute('data-verdict');
    assert.ok(verdict && verdict in RANK);
    const detail = (await proxyApi(ctx.url).call('GET', `/api/v1/isolation/tenants/${id}`)).json;
    const button = t.page.getByTestId(testIds.isolation.tab).getByTestId(testIds.isolation.reprobe);
    if (detail.configured) {
      await button.click();
      await t.page.getByTestId(testIds.reasonModal.input).fill(`e2e isolation review ${ctx.line}`);
      await t.page.getByTestId(testIds.reasonModal.submit).click();
      await t.page.getByTestId(testIds.reasonModal.dialog).waitFor({ state: 'detached' });
      const audit = (await proxyApi(ctx.url).call('GET', `/api/v1/audit?action=isolation.probe&targetId=${id}`)).json;
      assert.ok(audit.items.some((e: { reason: string }) => e.reason === `e2e isolation review ${ctx.line}`));
    } else {
      assert.equal(await button.getAttribute('aria-disabled'), 'true');
      await t.page.getByTestId(testIds.isolation.notConfigured).waitFor();
    }
    await ctx.shot(t, 'tenant-isolation');
    assertClean(t);
    await t.page.close();
  });

  it(
    'with the simulator as platform: seeded misconfigurations are violations first; naming mismatch spelled out',
    { skip: !process.env.CI && !PLATFORM_URL && 'no platform (E2E_PLATFORM=0)' },
    async () => {
      const state = (await (await fetch(`${PLATFORM_URL}/sim/state`)).json()) as {
        tenants: Array<{
          id: string;
          displayName: string;
          environment: string;
          organizationId: string;
          applicationId: string;
          isolationProblem: string | null;
        }>;
      };
      const api = proxyApi(ctx.url);
      // The stack seeds the sidecar from the simulator: same ids and org/app UUIDs, which the checks compare.
      for (const s of state.tenants.filter((x) => x.isolationProblem)) {
        const t = (await api.call('GET', `/api/v1/tenants/${s.id}`)).json;
        assert.deepEqual(
          [t.organizationId, t.applicationId],
          [s.organizationId, s.applicationId],
          `${s.id} seeded from the simulator`
        );
        assert.equal((await api.call('GET', `/api/v1/isolation/tenants/${s.id}`)).status, 200);
      }
      const violating = state.tenants
        .filter((s) =>
          ['shared_connection', 'privilege_violation', 'schema_misalignment'].includes(s.isolationProblem ?? '')
        )
        .map((s) => s.id);
      assert.ok(violating.length > 0, 'the simulator seeds violations');
      const t = await ctx.page();
      await open(t.page, ctx.url, `${APP}/isolation`);
      const all = await rows(t.page);
      assert.equal(all[0]?.verdict, 'violation', 'the unfiltered posture starts with violations');
      await open(t.page, ctx.url, `${APP}/isolation?verdict=violation`);
      const list = await rows(t.page);
      for (const id of violating)
        assert.ok(
          list.some((r) => r.id === id && r.verdict === 'violation'),
          `${id} listed as a violation`
        );
      await ctx.shot(t, 'isolation-violations');
      const naming = state.tenants.find((s) => s.isolationProblem === 'naming_mismatch');
      assert.ok(naming, 'the simulator seeds a naming mismatch');
      await open(t.page, ctx.url, `${APP}/tenants/${naming.id}/isolation`);
      const warning = t.page.getByTestId(testIds.isolation.namingWarning);
      await warning.waitFor();
      const expected = `appdb_${naming.organizationId.replace(/-/g, '')}_${naming.applicationId.replace(/-/g, '').slice(0, 8)}`;
      assert.match((await warning.textContent()) ?? '', new RegExp(`Expected ${expected}, actual appdb_`));
      const clean = state.tenants.find((s) => s.isolationProblem === null && s.id !== naming.id)!;
      await open(t.page, ctx.url, `${APP}/tenants/${clean.id}/isolation`);
      await t.page.getByTestId(testIds.isolation.check).first().waitFor();
      assert.equal(
        await t.page.getByTestId(testIds.isolation.namingWarning).count(),
        0,
        'no naming warning when the names follow the contract'
      );
      await ctx.shot(t, 'tenant-isolation-naming');
      assertClean(t);
      await t.page.close();
    }
  );

  it('a viewer can read the posture but re-probe is disabled with the reason', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/isolation`, 'viewer');
    await rows(t.page);
    assert.equal(await t.page.getByTestId(testIds.isolation.reprobe).first().isDisabled(), true);
    const reason = await t.page.getByTestId(testIds.permissionReason).first().textContent();
    assert.match(reason ?? '', /isolation:probe/);
    assertClean(t);
    await t.page.close();
  });
});
