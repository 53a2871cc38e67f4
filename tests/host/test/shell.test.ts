/**
 * The host shell in Chromium on both Grafana lines, with fixture AMD plugins: shared modules as
 * Grafana provides them, page chrome, routing, permissions, backend calls, and the loading failures
 * Grafana would show (react-router-dom is v5; a non-shared external does not load).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, trackedPage, type Browser } from '../../e2e/lib/browser';
import { LINES, REPO_ROOT, selectedLines } from '../lines';
import { startHost, type RunningHost } from '../server/app';
import { buildLine } from '../build';

const P = 'switchyard-controlplane-app';
let browser: Browser;

function fixtureDist(moduleFile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'host-fixture-'));
  copyFileSync(join(REPO_ROOT, 'plugin.json'), join(dir, 'plugin.json'));
  copyFileSync(join(__dirname, '..', 'fixtures', moduleFile), join(dir, 'module.js'));
  return dir;
}

before(async () => {
  for (const l of selectedLines()) if (!process.env.HOST_SKIP_BUILD) await buildLine(l);
  browser = await launchBrowser();
});
after(async () => browser?.close());

for (const lineName of selectedLines()) {
  describe(`host shell on ${lineName}`, () => {
    const dists: string[] = [];
    const hosts: RunningHost[] = [];
    const host = async (fixture: string) => {
      const distDir = fixtureDist(fixture);
      dists.push(distDir);
      const h = await startHost({
        line: lineName,
        distDir,
        settings: { jsonData: { sidecarUrl: 'http://127.0.0.1:9' }, secureJsonData: { proxySecret: 'x'.repeat(40) } },
      });
      hosts.push(h);
      return h;
    };
    after(async () => {
      for (const h of hosts) await h.close();
      for (const d of dists) rmSync(d, { recursive: true, force: true });
    });

    it("loads the AMD module through SystemJS with the line's React, chrome, routing and permissions", async () => {
      const h = await host('good.module.js');
      const t = await trackedPage(browser);
      await t.page.goto(`${h.url}/a/${P}/start?grafanaUser=viewer`);
      await t.page.getByTestId('react').waitFor();
      assert.equal(await t.page.getByTestId('react').textContent(), LINES[lineName].reactVersion);
      assert.equal(await t.page.getByTestId('loc').textContent(), `/a/${P}/start`);
      assert.equal(await t.page.getByTestId('meta').textContent(), P);
      assert.equal(await t.page.getByTestId('can-write').textContent(), 'false');
      assert.equal(await t.page.getByRole('heading', { level: 1 }).textContent(), 'Fixture title');
      assert.ok((await t.page.getByRole('navigation', { name: 'Breadcrumbs' }).textContent())?.includes('Fixture app'));
      await t.page
        .getByTestId('resp')
        .filter({ hasText: /error 502/ })
        .waitFor();
      await t.page.getByRole('button', { name: 'Go child' }).click();
      await t.page.getByTestId('child').waitFor();
      const info = await t.page.evaluate(
        () => (window as unknown as { __hostInfo: { grafanaVersion: string } }).__hostInfo
      );
      assert.equal(info.grafanaVersion, LINES[lineName].grafanaVersion);
      assert.deepEqual(
        t.errors.filter((e) => !/502/.test(e)),
        []
      );
      await t.page.close();
    });

    it('an editor holds tenants:write; the config page shows secureJsonFields only', async () => {
      const h = await host('good.module.js');
      const t = await trackedPage(browser);
      await t.page.goto(`${h.url}/a/${P}/x?grafanaUser=editor`);
      await t.page.getByTestId('can-write').filter({ hasText: 'true' }).waitFor();
      await t.page.goto(`${h.url}/plugins/${P}?page=configuration&grafanaUser=admin`);
      assert.equal(await t.page.getByTestId('config').textContent(), 'secure fields: {"proxySecret":true}');
      await t.page.close();
    });

    it('a plugin that externalizes react-router-dom (v6 API) fails, because Grafana shares v5 under that name', async () => {
      const h = await host('wrongRouterDom.module.js');
      const t = await trackedPage(browser);
      await t.page.goto(`${h.url}/a/${P}/x`);
      await t.page.waitForFunction(() => (window as unknown as { __hostReady?: boolean }).__hostReady === true);
      await t.page.waitForTimeout(500);
      assert.equal(await t.page.getByTestId('v6').count(), 0);
      assert.ok(t.errors.length > 0, 'the render error is reported');
      await t.page.close();
    });

    it('a plugin with an external Grafana does not share fails to load with "Error loading plugin"', async () => {
      const h = await host('missingExternal.module.js');
      const t = await trackedPage(browser);
      await t.page.goto(`${h.url}/a/${P}/x`);
      await t.page.getByText('Error loading plugin').waitFor();
      const errs = await t.page.evaluate(() => (window as unknown as { __hostErrors: string[] }).__hostErrors);
      assert.ok(
        errs.some((e) => /plugin load failed/.test(e)),
        errs.join('\n')
      );
      await t.page.close();
    });
  });
}
