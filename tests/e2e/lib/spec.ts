/**
 * Runs a spec body once per Grafana line with one Chromium per spec file, against the runner's stack
 * or, with `ownStack`, a stack of its own (e.g. a sidecar with other settings) started for the file.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { LineName } from '../../host/lines';
import { launchBrowser, screenshot, trackedPage, type Browser, type TrackedPage } from './browser';
import { e2eEnv } from './env';
import { startStack, type Stack } from './stack';

export type OwnStackOptions = Omit<Parameters<typeof startStack>[0], 'lines' | 'distDir'>;

export interface LineCtx {
  line: LineName;
  url: string;
  sidecarUrl: string;
  platformUrl?: string;
  page: (opts?: { allowConsole?: RegExp[] }) => Promise<TrackedPage>;
  shot: (t: TrackedPage, name: string) => Promise<string>;
}

/**
 * With `ownStack`, the file's stack is started before its first test, then `seed` runs on it (through the
 * first host's API); it is stopped after the last test.
 */
export function describeLines(
  title: string,
  body: (ctx: LineCtx) => void,
  opts: { ownStack?: OwnStackOptions; seed?: (stack: Stack) => Promise<void> } = {}
): void {
  const env = e2eEnv();
  let browser: Browser | undefined;
  let own: Stack | undefined;
  before(async () => {
    browser = await launchBrowser();
    if (opts.ownStack) {
      own = await startStack({ ...opts.ownStack, lines: env.hosts.map((h) => h.line), distDir: env.distDir });
      await opts.seed?.(own);
    }
  });
  after(async () => {
    await own?.stop();
    await browser?.close();
  });
  const stack = () => {
    if (!own) throw new Error('describeLines: no own stack (pass `ownStack`; it exists inside tests)');
    return own;
  };
  for (const h of env.hosts) {
    describe(`${title} [${h.line}]`, () =>
      body({
        line: h.line,
        get url() {
          return opts.ownStack ? stack().hosts[h.line]!.url : h.url;
        },
        get sidecarUrl() {
          return opts.ownStack ? stack().sidecarUrl : env.sidecarUrl;
        },
        get platformUrl() {
          return opts.ownStack ? stack().platformUrl : env.platformUrl;
        },
        page: (o) => trackedPage(browser!, o),
        shot: (t, name) => screenshot(t.page, h.line, name),
      }));
  }
}

/** No uncaught errors and no console errors (other than the allowed ones) during the test. */
export function assertClean(t: TrackedPage): void {
  assert.deepEqual(t.errors, [], `page errors:\n${t.errors.join('\n')}`);
}
