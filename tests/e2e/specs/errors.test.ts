/** Sidecar down: the page shows a friendly error with a request id and no stack trace. */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startHost, type RunningHost } from '../../host/server/app';
import { APP, e2eEnv, open } from '../lib/env';
import type { TrackedPage } from '../lib/browser';
import { freePort } from '../../../scripts/stack/lib/processes';
import { assertClean, describeLines } from '../lib/spec';
import { testIds } from '../../../src/shared/testIds';

const started: RunningHost[] = [];
after(async () => {
  for (const h of started) await h.close();
});

describeLines('sidecar down', (ctx) => {
  let t: TrackedPage;
  before(async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const host = await startHost({
      line: ctx.line,
      distDir: e2eEnv().distDir,
      settings: { jsonData: { sidecarUrl: dead }, secureJsonData: { proxySecret: 'd'.repeat(40) } },
    });
    started.push(host);
    t = await ctx.page({ allowConsole: [/502|Bad Gateway/] });
    await open(t.page, host.url, `${APP}/tenants`);
  });
  after(async () => t?.page.close());

  it('tenants page: a friendly error, no stack trace', async () => {
    const alert = t.page.getByTestId(testIds.apiError.alert);
    await alert.waitFor();
    await ctx.shot(t, 'sidecar-down');
    assert.match((await alert.textContent()) ?? '', /sidecar/i);
    const text = (await t.page.locator('body').innerText()) ?? '';
    assert.doesNotMatch(text, /\n\s+at .+\(.+:\d+:\d+\)/, 'no stack frames on the page');
    assert.doesNotMatch(text, /TypeError|ReferenceError|ECONNREFUSED|undefined/);
    assertClean(t);
  });

  // Grafana's proxy answers 502 with an empty body when the sidecar is unreachable, so the id shown is
  // the X-Request-Id the client sent (the sidecar adopts the same id when it does answer).
  it('tenants page: the error shows the request id the call was sent with', async () => {
    const requestId =
      (await t.page.getByTestId(testIds.apiError.requestId).textContent({ timeout: 3000 }))?.trim() ?? '';
    assert.match(
      requestId,
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/,
      `request id shown: "${requestId}"`
    );
  });
});
