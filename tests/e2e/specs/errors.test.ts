/** Sidecar down: the page shows a friendly error with a request id and no stack trace. */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { startHost, type RunningHost } from '../../host/server/app';
import { APP, e2eEnv, open } from '../lib/env';
import { freePort } from '../lib/stack';
import { assertClean, describeLines } from '../lib/spec';

const started: RunningHost[] = [];
after(async () => {
  for (const h of started) await h.close();
});

describeLines('sidecar down', (ctx) => {
  it('tenants page: friendly error with a request id and no stack trace', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const host = await startHost({ line: ctx.line, distDir: e2eEnv().distDir, settings: { jsonData: { sidecarUrl: dead }, secureJsonData: { proxySecret: 'd'.repeat(40) } } });
    started.push(host);
    const t = await ctx.page({ allowConsole: [/502|Bad Gateway/] });
    await open(t.page, host.url, `${APP}/tenants`);
    const alert = t.page.getByTestId('api-error');
    await alert.waitFor();
    await ctx.shot(t, 'sidecar-down');
    const requestId = (await alert.getByTestId('api-error-request-id').textContent())?.trim() ?? '';
    assert.ok(requestId.length >= 8, `request id shown: "${requestId}"`);
    const text = (await t.page.locator('body').innerText()) ?? '';
    assert.doesNotMatch(text, /\n\s+at .+\(.+:\d+:\d+\)/, 'no stack frames on the page');
    assert.doesNotMatch(text, /TypeError|ReferenceError|ECONNREFUSED/);
    assertClean(t);
    await t.page.close();
  });
});
