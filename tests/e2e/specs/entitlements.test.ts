/**
 * Entitlements on (a stack of its own: SWITCHYARD_ENTITLEMENTS=on, the sidecar reading Grafana's teams
 * from the host's team API with the service account token). Rules map team `payments` to the tenants
 * labelled team=payments and team `search` to team=search. Pam (Viewer, team payments) sees only the
 * payments tenants everywhere: the tenants list, the overview counts, the operations hub's environment
 * filter and the tenant search; a search tenant's URL shows the same not-found page as a missing tenant.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Page } from 'playwright-core';
import { APP, open } from '../lib/env';
import { proxyApi, seedTenants, type SeedTenant } from '../lib/seed';
import { assertClean, describeLines } from '../lib/spec';
import type { Stack } from '../lib/stack';
import { testIds } from '../../../src/shared/testIds';

/** Labels come from the id (`team` = the id's first word); payments is in prod and staging only. */
const TENANTS: SeedTenant[] = [
  { id: 'payments-prod', displayName: 'Payments prod', environment: 'prod', plan: 'business', status: 'active' },
  { id: 'payments-eu-prod', displayName: 'Payments EU prod', environment: 'prod', plan: 'team', status: 'suspended' },
  { id: 'payments-staging', displayName: 'Payments staging', environment: 'staging', plan: 'team', status: 'active' },
  { id: 'search-prod', displayName: 'Search prod', environment: 'prod', plan: 'enterprise', status: 'active' },
  { id: 'search-dev', displayName: 'Search dev', environment: 'dev', plan: 'free', status: 'degraded' },
];
const ids = (team: string) =>
  TENANTS.filter((t) => t.id.startsWith(`${team}-`))
    .map((t) => t.id)
    .sort();
const PAYMENTS = ids('payments');

async function rowIds(page: Page): Promise<string[]> {
  await page.getByTestId(testIds.tenants.row).first().waitFor();
  const rows = page.getByTestId(testIds.tenants.row);
  const out: string[] = [];
  for (let i = 0; i < (await rows.count()); i++) out.push((await rows.nth(i).getAttribute('data-tenant-id')) ?? '');
  return out.sort();
}

/** Both teams' tenants, and a rule per team: its members see the tenants labelled with its name. */
async function seed(stack: Stack): Promise<void> {
  const first = Object.values(stack.hosts)[0]!;
  const admin = proxyApi(first.url);
  await seedTenants(admin, TENANTS);
  for (const team of ['payments', 'search']) {
    const r = await admin.call(
      'POST',
      '/api/v1/entitlements/rules',
      {
        subject: { type: 'team', team },
        scope: { type: 'labels', labels: { team } },
        description: `Team ${team} operates its own tenants`,
      },
      { 'idempotency-key': `e2e-entitlement-${team}` }
    );
    assert.equal(r.status, 201, JSON.stringify(r.json));
  }
}

describeLines(
  'entitlements',
  (ctx) => {
    it('the tenants list shows a team-payments viewer only the payments tenants (the admin sees all)', async () => {
      const t = await ctx.page();
      await open(t.page, ctx.url, `${APP}/tenants`, 'pam');
      assert.deepEqual(await rowIds(t.page), PAYMENTS);
      await ctx.shot(t, 'entitlements-tenants-pam');
      await open(t.page, ctx.url, `${APP}/tenants`, 'admin');
      assert.deepEqual(await rowIds(t.page), TENANTS.map((x) => x.id).sort());
      assertClean(t);
      await t.page.close();
    });

    it('the overview counts only the payments tenants', async () => {
      const t = await ctx.page();
      await open(t.page, ctx.url, `${APP}/overview`, 'pam');
      await t.page.getByRole('heading', { name: `Tenants (${PAYMENTS.length})` }).waitFor();
      const count = async (attr: string, value: string) =>
        t.page.locator(`[data-${attr}="${value}"][data-testid^="overview-"]`).getAttribute('aria-label');
      assert.equal(await count('environment', 'prod'), '2 prod');
      assert.equal(await count('environment', 'staging'), '1 staging');
      assert.equal(await count('environment', 'dev'), '0 dev');
      const statuses = t.page.getByTestId(testIds.overview.statusCount);
      const byStatus: Record<string, string | null> = {};
      for (let i = 0; i < (await statuses.count()); i++) {
        const s = statuses.nth(i);
        byStatus[(await s.getAttribute('data-status')) ?? ''] = await s.getAttribute('aria-label');
      }
      assert.deepEqual(byStatus, { active: '2 Active', suspended: '1 Suspended' });
      await ctx.shot(t, 'entitlements-overview-pam');
      assertClean(t);
      await t.page.close();
    });

    it("the operations hub offers only the environments of the user's tenants", async () => {
      const t = await ctx.page();
      await open(t.page, ctx.url, `${APP}/operations`, 'pam');
      await t.page.getByTestId(testIds.operations.hub).waitFor();
      await t.page.getByLabel('Filter by environment').click();
      const options = t.page.getByTestId('data-testid Select option');
      await options.first().waitFor();
      await t.page.waitForFunction(
        () => document.querySelectorAll('[data-testid="data-testid Select option"]').length === 2
      );
      assert.deepEqual((await options.allTextContents()).sort(), ['prod', 'staging']);
      await ctx.shot(t, 'entitlements-operations-pam');
      await t.page.keyboard.press('Escape');
      assertClean(t);
      await t.page.close();
    });

    it('the tenant search finds only payments tenants', async () => {
      const t = await ctx.page();
      await open(t.page, ctx.url, `${APP}/tenants`, 'pam');
      await t.page.getByTestId(testIds.tenants.row).first().waitFor();
      await t.page.getByTestId(testIds.tenants.search).fill('prod');
      await t.page.getByTestId(testIds.tenants.search).press('Enter');
      await t.page.waitForURL(/q=prod/);
      await t.page.waitForFunction(() => document.querySelectorAll('[data-testid="tenants-row"]').length === 2);
      assert.deepEqual(await rowIds(t.page), ['payments-eu-prod', 'payments-prod']);
      await open(t.page, ctx.url, `${APP}/tenants?q=search`, 'pam');
      await t.page.getByTestId(testIds.tenants.empty).waitFor();
      assert.equal(await t.page.getByTestId(testIds.tenants.row).count(), 0);
      await ctx.shot(t, 'entitlements-search-pam');
      assertClean(t);
      await t.page.close();
    });

    it("another team's tenant URL shows the not-found page, exactly like a missing tenant", async () => {
      const t = await ctx.page({ allowConsole: [/404/] });
      await open(t.page, ctx.url, `${APP}/tenants/search-prod`, 'pam');
      // The same not-found state as a tenant that does not exist (navigation.test.ts).
      await t.page.getByRole('region', { name: 'Tenant not found' }).waitFor();
      await t.page.getByText('Tenant search-prod not found').first().waitFor();
      assert.equal(await t.page.getByTestId(testIds.tenant.overview).count(), 0);
      await ctx.shot(t, 'entitlements-other-team-pam');
      const api = proxyApi(ctx.url, 'pam');
      const other = await api.call('GET', '/api/v1/tenants/search-prod');
      const missing = await api.call('GET', '/api/v1/tenants/no-such-tenant');
      assert.deepEqual([other.status, missing.status], [404, 404]);
      const shape = (j: { code?: string; message?: string }, id: string) => ({
        code: j.code,
        message: j.message?.replace(id, '<id>'),
      });
      assert.deepEqual(shape(other.json, 'search-prod'), shape(missing.json, 'no-such-tenant'));
      // Sam (team search) does see it.
      assert.equal((await proxyApi(ctx.url, 'sam').call('GET', '/api/v1/tenants/search-prod')).status, 200);
      assertClean(t);
      await t.page.close();
    });
  },
  {
    ownStack: {
      platform: false,
      grafanaServiceAccount: true,
      sidecarEnv: { SWITCHYARD_ENTITLEMENTS: 'on' },
    },
    seed,
  }
);
