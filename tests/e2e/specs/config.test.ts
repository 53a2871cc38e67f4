/** The app config page saves settings; the secret goes to Grafana once and never comes back to the browser. */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { startHost, type RunningHost } from '../../host/server/app';
import { e2eEnv, open, PLUGIN_ID } from '../lib/env';
import { assertClean, describeLines } from '../lib/spec';
import { testIds } from '../../../src/shared/testIds';

const started: RunningHost[] = [];
after(async () => {
  for (const h of started) await h.close();
});

const OLD_SECRET = 'o'.repeat(40);
const NEW_SECRET = `new-secret-${'z'.repeat(32)}`;

describeLines('config page', (ctx) => {
  it('shows the URL, "configured" for the secret, saves a new URL and secret; responses never carry it', async () => {
    const host = await startHost({
      line: ctx.line,
      distDir: e2eEnv().distDir,
      settings: {
        jsonData: { sidecarUrl: 'http://sidecar.invalid:8787' },
        secureJsonData: { proxySecret: OLD_SECRET },
      },
    });
    started.push(host);
    const t = await ctx.page();
    const bodies: string[] = [];
    const posted: string[] = [];
    t.page.on('response', async (r) => {
      if (r.url().includes('/api/')) bodies.push(await r.text().catch(() => ''));
    });
    t.page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes(`/api/plugins/${PLUGIN_ID}/settings`))
        posted.push(r.postData() ?? '');
    });
    await open(t.page, host.url, `/plugins/${PLUGIN_ID}?page=configuration`, 'admin');
    await t.page.getByTestId(testIds.config.form).waitFor();
    assert.equal(await t.page.getByTestId(testIds.config.sidecarUrl).inputValue(), 'http://sidecar.invalid:8787');
    assert.match((await t.page.getByTestId(testIds.config.proxySecretState).textContent()) ?? '', /: configured/);
    await ctx.shot(t, 'config');

    await t.page.getByTestId(testIds.config.sidecarUrl).fill('http://sidecar.example:8787');
    await t.page.getByRole('button', { name: /reset/i }).click();
    await t.page.getByTestId(testIds.config.proxySecret).fill(NEW_SECRET);
    await t.page.getByTestId(testIds.config.save).click();
    await t.page.waitForFunction(() => true);
    await t.page.getByTestId(testIds.config.proxySecretState).filter({ hasText: ': configured' }).waitFor();
    await t.page.waitForTimeout(500);

    assert.equal(posted.length, 1, 'one save');
    assert.equal(JSON.parse(posted[0]).secureJsonData.proxySecret, NEW_SECRET, 'the secret is sent once, on save');
    const s = host.settings();
    assert.equal(s.jsonData.sidecarUrl, 'http://sidecar.example:8787');
    assert.equal(s.secureJsonData.proxySecret, NEW_SECRET);
    for (const b of bodies) {
      assert.ok(!b.includes(NEW_SECRET) && !b.includes(OLD_SECRET), 'no response carries a secret');
    }
    const inPage = await t.page.content();
    assert.ok(
      !inPage.includes(NEW_SECRET) && !inPage.includes(OLD_SECRET),
      'the page does not hold the secret after save'
    );
    await ctx.shot(t, 'config-saved');
    assertClean(t);
    await t.page.close();
  });

  it('a viewer cannot open the configuration', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `/plugins/${PLUGIN_ID}?page=configuration`, 'viewer');
    await t.page.getByText(/Access denied/).waitFor();
    assert.equal(await t.page.getByTestId(testIds.config.form).count(), 0);
    await t.page.close();
  });
});
