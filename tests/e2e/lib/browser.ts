/**
 * Debian Chromium through playwright-core (no browser downloads), one fresh profile per launch, and
 * pages that record uncaught errors and console errors so specs can assert a clean run.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '..', '..', '..', 'artifacts');

export interface Browser {
  context: BrowserContext;
  close: () => Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Generous: the machines running this are often shared and loaded; no assertion is on time.
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TrackedPage {
  page: Page;
  /** Uncaught page errors and console.error lines seen so far. */
  errors: string[];
  /** Requests made by the page (method + path), for counting data calls. */
  requests: string[];
}

/** Console noise that is not the app's fault (cosmetic 404s of fonts/icons the npm packages lack). */
const BENIGN = [/Failed to load resource.*(404|Not Found)/i, /fonts?\//i, /angle-double-left/];

export async function trackedPage(b: Browser, opts: { allowConsole?: RegExp[] } = {}): Promise<TrackedPage> {
  const page = await b.context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const t = m.text();
    if ([...BENIGN, ...(opts.allowConsole ?? [])].some((r) => r.test(t))) return;
    errors.push(`console.error: ${t}`);
  });
  page.on('request', (r) => {
    const u = new URL(r.url());
    requests.push(`${r.method()} ${u.pathname}${u.search}`);
  });
  return { page, errors, requests };
}

/** Saves `artifacts/screenshots/<line>/<name>.png`. */
export async function screenshot(page: Page, line: string, name: string): Promise<string> {
  const file = join(ARTIFACTS, 'screenshots', line, `${name}.png`);
  mkdirSync(dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
