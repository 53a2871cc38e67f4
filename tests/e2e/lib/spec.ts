/** Runs a spec body once per Grafana line with one Chromium per spec file. */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { LineName } from '../../host/lines';
import { launchBrowser, screenshot, trackedPage, type Browser, type TrackedPage } from './browser';
import { e2eEnv } from './env';

export interface LineCtx {
  line: LineName;
  url: string;
  sidecarUrl: string;
  platformUrl?: string;
  page: (opts?: { allowConsole?: RegExp[] }) => Promise<TrackedPage>;
  shot: (t: TrackedPage, name: string) => Promise<string>;
}

export function describeLines(title: string, body: (ctx: LineCtx) => void): void {
  const env = e2eEnv();
  let browser: Browser | undefined;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  for (const h of env.hosts) {
    describe(`${title} [${h.line}]`, () =>
      body({
        line: h.line,
        url: h.url,
        sidecarUrl: env.sidecarUrl,
        platformUrl: env.platformUrl,
        page: (opts) => trackedPage(browser!, opts),
        shot: (t, name) => screenshot(t.page, h.line, name),
      }));
  }
}

/** No uncaught errors and no console errors (other than the allowed ones) during the test. */
export function assertClean(t: TrackedPage): void {
  assert.deepEqual(t.errors, [], `page errors:\n${t.errors.join('\n')}`);
}
