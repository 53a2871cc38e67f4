/** Navigation across every page: app root redirect, tenants list, tenant drilldown and its tabs, not found. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { LINES, REPO_ROOT } from '../../host/lines';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP, PLUGIN_ID, e2eEnv, hostErrors, open } from '../lib/env';
import { assertClean, describeLines } from '../lib/spec';
import { testIds } from '../../../src/shared/testIds';

describeLines('navigation', (ctx) => {
  it('the app root redirects to the defaultNav page; Tenants renders, loaded through SystemJS on this line', async () => {
    const dist = e2eEnv().distDir ?? join(REPO_ROOT, 'dist');
    const manifest = JSON.parse(readFileSync(join(dist, 'plugin.json'), 'utf8')) as {
      includes: Array<{ path?: string; defaultNav?: boolean }>;
    };
    const home = manifest.includes.find((i) => i.defaultNav)!.path!.replace('%PLUGIN_ID%', PLUGIN_ID);
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/`);
    await t.page.waitForURL((u) => u.pathname === home);
    await t.page.getByRole('heading', { level: 1 }).first().waitFor();
    await open(t.page, ctx.url, `${APP}/tenants`);
    await t.page.getByTestId(testIds.tenants.row).first().waitFor();
    assert.equal(await t.page.getByRole('heading', { level: 1 }).textContent(), 'Tenants');
    const info = await t.page.evaluate(() => (window as unknown as { __hostInfo: Record<string, unknown> }).__hostInfo);
    assert.equal(info.pluginLoaded, true);
    assert.equal(info.react, LINES[ctx.line].reactVersion);
    await ctx.shot(t, 'tenants');
    assert.deepEqual(await hostErrors(t.page), []);
    assertClean(t);
    await t.page.close();
  });

  it('a row link opens the tenant detail with Overview and Activity tabs and breadcrumbs back', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants`);
    const row = t.page.getByTestId(testIds.tenants.row).first();
    const id = await row.getAttribute('data-tenant-id');
    await row.getByTestId(testIds.tenants.rowLink).click();
    await t.page.waitForURL(new RegExp(`/tenants/${id}$`));
    await t.page.getByTestId(testIds.tenant.overview).waitFor();
    assert.match((await t.page.getByRole('heading', { level: 1 }).textContent()) ?? '', new RegExp(id!));
    await ctx.shot(t, 'tenant-overview');
    await t.page.getByRole('tab', { name: 'Activity' }).click();
    await t.page.waitForURL(new RegExp(`/tenants/${id}/activity`));
    await t.page.getByTestId(testIds.tenant.activity).waitFor();
    await ctx.shot(t, 'tenant-activity');
    await t.page.getByRole('tab', { name: 'Overview' }).click();
    await t.page.getByTestId(testIds.tenant.overview).waitFor();
    await t.page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: 'Tenants' }).click();
    await t.page.getByTestId(testIds.tenants.row).first().waitFor();
    assertClean(t);
    await t.page.close();
  });

  it('an unknown tenant shows a not-found message, not a crash', async () => {
    const t = await ctx.page({ allowConsole: [/404/] });
    await open(t.page, ctx.url, `${APP}/tenants/no-such-tenant`);
    // The page's not-found state appears only for the sidecar's own 404 (code not_found, the tenant is
    // unknown), never for Grafana's "plugin route match not found", which shows as an error instead.
    const notFound = t.page.getByRole('region', { name: 'Tenant not found' });
    await notFound.waitFor();
    await t.page.getByText('Tenant no-such-tenant not found').first().waitFor();
    assert.match((await notFound.textContent()) ?? '', /There is no tenant no-such-tenant/);
    assert.equal(await t.page.getByTestId(testIds.apiError.alert).count(), 0, 'one not-found state, no error box');
    assert.equal(await t.page.getByRole('button', { name: /Drain/ }).count(), 0, 'no actions on a missing tenant');
    await ctx.shot(t, 'tenant-not-found');
    assertClean(t);
    await t.page.close();
  });

  it("an unknown app path shows the app's not-found page", async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/definitely/not/a/page`);
    await t.page.waitForTimeout(300);
    assert.equal(await t.page.getByTestId(testIds.app.errorBoundary).count(), 0);
    await ctx.shot(t, 'not-found');
    assert.deepEqual(await hostErrors(t.page), []);
    await t.page.close();
  });
});
