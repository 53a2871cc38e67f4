/**
 * Every page the app routes to (src/shared/routing.ts ROUTES, plus plugin.json page includes) renders its
 * title as admin and as viewer without crashing: no error boundary, no uncaught error. Each gets a
 * screenshot. Tenant detail tabs are walked as well.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTES } from '../../../src/shared/routing';
import { REPO_ROOT } from '../../host/lines';
import { APP, PLUGIN_ID, e2eEnv, hostErrors, open } from '../lib/env';
import { describeLines } from '../lib/spec';
import { testIds } from '../../../src/shared/testIds';

function pagePaths(): string[] {
  const dist = e2eEnv().distDir ?? join(REPO_ROOT, 'dist');
  const manifest = JSON.parse(readFileSync(join(dist, 'plugin.json'), 'utf8')) as {
    includes?: Array<{ type: string; path?: string }>;
  };
  const fromManifest = (manifest.includes ?? [])
    .filter((i) => i.type === 'page' && i.path?.startsWith('/a/'))
    .map((i) => i.path!.replace('%PLUGIN_ID%', PLUGIN_ID));
  const fromRoutes = Object.values(ROUTES).map((r) => `${APP}/${r}`);
  return [...new Set([...fromManifest, ...fromRoutes])];
}

// Data sources without a local stack answer 502 through the data source proxy, and the host has no
// Loki (the tenant Observability tab's logs panel shows that error; Scenes logs it): expected here.
const allowConsole = [/Failed to load resource/, /PanelQueryRunner Error.*core data source loki/];

describeLines('every page', (ctx) => {
  for (const path of pagePaths()) {
    for (const user of ['admin', 'viewer'] as const) {
      it(`${path} renders as ${user}`, async () => {
        const t = await ctx.page({ allowConsole });
        await open(t.page, ctx.url, path, user);
        await t.page.getByRole('heading', { level: 1 }).first().waitFor();
        await t.page.waitForTimeout(500);
        assert.equal(await t.page.getByTestId(testIds.app.errorBoundary).count(), 0, 'no error boundary');
        assert.equal(await t.page.getByText('An unexpected error happened').count(), 0, 'no host error boundary');
        await ctx.shot(t, `page-${path.replace(`${APP}/`, '').replace(/\//g, '-')}-${user}`);
        assert.deepEqual(await hostErrors(t.page), []);
        assert.deepEqual(t.errors, []);
        await t.page.close();
      });
    }
  }

  it('every tab of a tenant detail page renders', async () => {
    const t = await ctx.page({ allowConsole });
    await open(t.page, ctx.url, `${APP}/tenants/acme-prod`);
    await t.page.getByRole('tab').first().waitFor();
    const names = await t.page.getByRole('tab').allTextContents();
    assert.ok(names.length >= 2, names.join());
    for (const name of names) {
      await t.page.getByRole('tab', { name }).click();
      await t.page.waitForTimeout(800);
      assert.equal(await t.page.getByTestId(testIds.app.errorBoundary).count(), 0, `tab ${name}`);
      await ctx.shot(t, `tenant-tab-${name.trim().toLowerCase().replace(/\W+/g, '-')}`);
    }
    assert.deepEqual(await hostErrors(t.page), []);
    assert.deepEqual(t.errors, []);
    await t.page.close();
  });
});
