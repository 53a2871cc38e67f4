/**
 * `npm run bench:ui`: prints figures, asserts nothing on time.
 * - dist/module.js raw size and chunk count (budget: module.js ≤ 100 KB);
 * - the Tenants page with 100,000 tenants in the sidecar, on each Grafana line: time to first rows,
 *   data requests made by the first render (budget ≤ 6), the app's JavaScript the browser fetched
 *   before the first rows showed (budget ≤ 300 KB), time to the next page. Median of BENCH_RUNS (3).
 * - pages with panels (Overview, a tenant's Overview and Observability tabs): time to the first
 *   painted panel (graph, empty or error state), data requests per page load (goal ≤ 6) and the JS
 *   the page loaded. The bench stack has no VictoriaMetrics: the panels paint their empty state.
 * - the operations hub filtered to `?environment=prod` over BENCH_JOBS (10,000) finished jobs: time to
 *   the first job rows (goal ≤ 1 s), data requests on load (goal ≤ 6).
 * BENCH_TENANTS changes the fleet size.
 * BENCH_BASELINE_DIST: a second built dist (e.g. main's, `git worktree` + `npm run build`), served by a
 * second stack over a copy of the same data; each page is measured on it right before this build and
 * the closing lines print both figures and the ratio (this build / baseline).
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLine } from '../host/build';
import { REPO_ROOT, selectedLines } from '../host/lines';
import { launchBrowser, trackedPage, type Browser } from './lib/browser';
import { bulkSeedSqlite } from './lib/bulkSeed';
import { APP, open } from './lib/env';
import { missingBuild, moduleFigures } from './lib/figures';
import { startStack } from './lib/stack';
import { installTimeline, phaseSummary, readTimeline, type Phases, type Timeline } from './lib/timeline';
import { testIds } from '../../src/shared/testIds';
import { PLUGIN_ID } from '../../src/constants';

const out = (s: string) => process.stdout.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const isData = (r: string) => /\/api\/(plugin-proxy|ds\/query|datasources\/proxy)/.test(r);

/** The app's JS files among the requests (`GET /public/plugins/<id>/<file>.js…`), with their size in dist. */
function appJs(requests: string[], distDir: string): Array<{ file: string; bytes: number }> {
  const files = new Set<string>();
  for (const r of requests) {
    const m = /^GET \/public\/plugins\/([^/]+)\/([^?]+\.js)(\?|$)/.exec(r);
    if (m && m[1] === PLUGIN_ID) files.add(m[2]);
  }
  return [...files].map((file) => {
    const path = join(distDir, file);
    return { file, bytes: existsSync(path) ? statSync(path).size : 0 };
  });
}

/** Shown once a panel painted its graph, empty or error state. */
const PAINTED_PANEL = `[data-testid="${testIds.panels.panel}"]:not([data-view="loading"])`;

/**
 * Time until `ready` (a selector) is visible, then the data requests and the plugin JS bytes of the
 * load, counted 1.5 s later.
 */
async function pageLoad(
  browser: Browser,
  url: string,
  path: string,
  ready = PAINTED_PANEL
): Promise<{ painted: number; requests: number; jsBytes: number; list: string[]; timeline: Timeline }> {
  const t = await trackedPage(browser);
  await installTimeline(t.page, ready);
  let jsBytes = 0;
  t.page.on('response', (r) => {
    // The plugin's own JS (module.js and the chunks the page pulled in), not the host's Grafana bundle.
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/public/plugins/') && path.endsWith('.js'))
      void r.body().then(
        (b) => (jsBytes += b.length),
        () => undefined
      );
  });
  const t0 = Date.now();
  await open(t.page, url, path);
  await t.page.locator(ready).first().waitFor({ timeout: 60_000 });
  const painted = Date.now() - t0;
  const timeline = await readTimeline(t.page);
  await t.page.waitForTimeout(1500);
  const list = t.requests.filter(isData);
  await t.page.close();
  return { painted, requests: list.length, jsBytes, list, timeline };
}

/** Median figures of `runs` loads after one warm-up; the data requests of the first measured load. */
async function measureLoads(
  browser: Browser,
  url: string,
  path: string,
  runs: number,
  ready?: string
): Promise<{ times: number[]; requests: number; jsBytes: number; list: string[]; timeline: string; phases: string }> {
  const times: number[] = [];
  const phases: Phases[] = [];
  let timeline = '';
  const reqs: number[] = [];
  const js: number[] = [];
  let list: string[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const r = await pageLoad(browser, url, path, ready);
    if (i === 0) continue;
    if (i === 1) {
      list = r.list;
      timeline = r.timeline.text;
    }
    phases.push(r.timeline.phases);
    times.push(r.painted);
    reqs.push(r.requests);
    js.push(r.jsBytes);
  }
  return { times, requests: median(reqs), jsBytes: median(js), list, timeline, phases: phaseSummary(phases) };
}

/** One page's figures on one build: median time to ready, data requests, plugin JS (KB). */
interface Figures {
  ms: number;
  requests: number;
  jsKb: number;
}

/** A build under measure: this one, or the baseline served beside it. */
interface Target {
  label: string;
  url: string;
  distDir: string;
}

async function panelFigures(
  browser: Browser,
  line: string,
  target: Target,
  runs: number,
  tenantId: string
): Promise<Map<string, Figures>> {
  const figures = new Map<string, Figures>();
  const pages: Array<[string, string]> = [
    ['Overview', `${APP}/overview`],
    ['tenant Overview tab', `${APP}/tenants/${tenantId}`],
    ['tenant Observability tab', `${APP}/tenants/${tenantId}/observability`],
  ];
  for (const [name, path] of pages) {
    const r = await measureLoads(browser, target.url, path, runs);
    out(
      `${line}${target.label}: ${name} → first painted panel ${median(r.times)} ms (runs ${r.times.join('/')}), data requests per load ${r.requests} (goal ≤ 6), plugin JS loaded ${(r.jsBytes / 1024).toFixed(1)} KB`
    );
    out(`  ${line}${target.label} ${name} data requests: ${r.list.join(' | ')}`);
    out(`  ${line}${target.label} ${name} where the time went (medians): ${r.phases}`);
    out(`  ${line}${target.label} ${name} timeline (ms from navigation): ${r.timeline}`);
    figures.set(`${name} first painted panel`, { ms: median(r.times), requests: r.requests, jsKb: r.jsBytes / 1024 });
  }
  return figures;
}

/** The operations hub filtered to one environment over the seeded job history: time to the first job rows. */
async function operationsFigures(
  browser: Browser,
  line: string,
  target: Target,
  runs: number,
  jobs: number
): Promise<Figures> {
  const path = `${APP}/operations?environment=prod`;
  const r = await measureLoads(browser, target.url, path, runs, `[data-testid="${testIds.operations.jobRow}"]`);
  out(
    `${line}${target.label}: operations hub ?environment=prod over ${jobs} jobs → first rows ${median(r.times)} ms (runs ${r.times.join('/')}; goal ≤ 1000), data requests on load ${r.requests} (goal ≤ 6), plugin JS loaded ${(r.jsBytes / 1024).toFixed(1)} KB`
  );
  out(`  ${line}${target.label} operations hub data requests: ${r.list.join(' | ')}`);
  out(`  ${line}${target.label} operations hub where the time went (medians): ${r.phases}`);
  out(`  ${line}${target.label} operations hub timeline (ms from navigation): ${r.timeline}`);
  return { ms: median(r.times), requests: r.requests, jsKb: r.jsBytes / 1024 };
}

/** The Tenants page: first rows, data requests of the first render, app JS before the first rows, next page. */
async function tenantsFigures(
  browser: Browser,
  line: string,
  target: Target,
  runs: number,
  n: number
): Promise<Figures> {
  const { url, distDir } = target;
  const first: number[] = [];
  const next: number[] = [];
  const reqs: number[] = [];
  const jsKb: number[] = [];
  const phases: Phases[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t = await trackedPage(browser);
    await installTimeline(t.page, `[data-testid="${testIds.tenants.row}"]`);
    const t0 = Date.now();
    await open(t.page, url, `${APP}/tenants`);
    const firstRow = t.page.getByTestId(testIds.tenants.row).first();
    await firstRow.waitFor();
    const tFirst = Date.now() - t0;
    const timeline = await readTimeline(t.page);
    if (i > 0) phases.push(timeline.phases);
    if (i === 1) out(`  ${line}${target.label} Tenants timeline (ms from navigation): ${timeline.text}`);
    const js = appJs(t.requests, distDir);
    await t.page.waitForTimeout(1000);
    const dataRequests = t.requests.filter(isData).length;
    const before = await firstRow.getAttribute('data-tenant-id');
    const t1 = Date.now();
    await t.page.getByTestId(testIds.tenants.nextPage).click();
    await t.page.waitForFunction(
      ([id, rowId]) => document.querySelector(`[data-testid="${rowId}"]`)?.getAttribute('data-tenant-id') !== id,
      [before, testIds.tenants.row] as const
    );
    const tNext = Date.now() - t1;
    if (i > 0) {
      first.push(tFirst);
      next.push(tNext);
      reqs.push(dataRequests);
    }
    // Every run, the warm-up included: the first (cold) one fetches everything; later ones may
    // be answered from the browser cache without a request.
    jsKb.push(js.reduce((n, f) => n + f.bytes, 0) / 1024);
    if (i === 0)
      out(
        `  ${line}${target.label} app JS fetched before the first rows: ${js
          .sort((a, b) => b.bytes - a.bytes)
          .map((f) => `${f.file} ${(f.bytes / 1024).toFixed(1)} KB`)
          .join(', ')}`
      );
    if (i === 1)
      out(
        `  ${line}${target.label} data requests on first render: ${t.requests.filter(isData).slice(0, dataRequests).join(' | ')}`
      );
    await t.page.close();
  }
  const js = Math.max(...jsKb);
  out(`  ${line}${target.label} Tenants where the time went (medians): ${phaseSummary(phases)}`);
  out(
    `${line}${target.label}: ${n} tenants → first rows ${median(first)} ms (runs ${first.join('/')}), data requests on first render ${median(reqs)} (budget 6), app JS before first rows (cold) ${js.toFixed(1)} KB (budget 300 KB), next page ${median(next)} ms (runs ${next.join('/')})`
  );
  return { ms: median(first), requests: median(reqs), jsKb: js };
}

/** `ratio 0.62` (this build / baseline); lower is better. */
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');

async function main(at: (step: string) => void) {
  const distDir = process.env.E2E_DIST_DIR ?? join(REPO_ROOT, 'dist');
  const missing = missingBuild(distDir);
  if (missing) {
    process.stderr.write(`bench:ui measures the production build, and ${missing}\n`);
    process.exit(1);
  }
  const f = moduleFigures(distDir);
  out(
    `module.js: ${f.moduleBytes} bytes (${(f.moduleBytes / 1024).toFixed(1)} KB; budget 100 KB: ${f.moduleBytes <= 102_400 ? 'within' : 'OVER'})`
  );
  out(`chunks: ${f.chunkCount} besides module.js; all JS ${(f.totalJsBytes / 1024).toFixed(1)} KB`);

  const n = Number(process.env.BENCH_TENANTS ?? 100_000);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const lines = selectedLines();
  for (const l of lines) {
    at(`building the ${l} host`);
    await buildLine(l);
  }
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  const dbPath = join(dir, 'switchyard.db');
  const jobs = Number(process.env.BENCH_JOBS ?? 10_000);
  at(`seeding ${n} tenants and ${jobs} jobs`);
  const seeded = await bulkSeedSqlite(dbPath, n, { jobs });
  out(
    `seeded ${n} tenants and ${jobs} jobs into SQLite in ${seeded.ms} ms (seed script on the sidecar's store modules)`
  );
  const baselineDist = process.env.BENCH_BASELINE_DIST;
  at('starting the stack');
  const stack = await startStack({ lines, distDir, dbPath, platform: false });
  let baseline: Awaited<ReturnType<typeof startStack>> | undefined;
  const browser = await launchBrowser();
  try {
    if (baselineDist) {
      // Its own copy of the data: two sidecars never share one SQLite file.
      const baseDb = join(dir, 'baseline.db');
      copyFileSync(dbPath, baseDb);
      baseline = await startStack({ lines, distDir: baselineDist, dbPath: baseDb, platform: false });
      out(`baseline: ${baselineDist} (module.js ${moduleFigures(baselineDist).moduleBytes} bytes)`);
    }
    const compared: Array<[string, Figures, Figures]> = [];
    for (const line of lines) {
      at(`measuring ${line}`);
      const targets: Target[] = [{ label: '', url: stack.hosts[line]!.url, distDir }];
      if (baseline) targets.unshift({ label: ' [baseline]', url: baseline.hosts[line]!.url, distDir: baselineDist! });
      const probe = await trackedPage(browser);
      await open(probe.page, targets[0].url, `${APP}/tenants`);
      const tenantId = await probe.page.getByTestId(testIds.tenants.row).first().getAttribute('data-tenant-id');
      await probe.page.close();
      // Page by page, the baseline right before this build, so both see the same machine load.
      const results = new Map<string, Figures[]>();
      const add = (key: string, f: Figures) => results.set(key, [...(results.get(key) ?? []), f]);
      for (const target of targets) {
        for (const [k, f] of await panelFigures(browser, line, target, runs, tenantId!)) add(k, f);
      }
      for (const target of targets)
        add('operations hub first rows', await operationsFigures(browser, line, target, runs, jobs));
      for (const target of targets) add('Tenants first rows', await tenantsFigures(browser, line, target, runs, n));
      if (baseline) for (const [key, [base, mine]] of results) compared.push([`${line} ${key}`, base, mine]);
    }
    for (const [key, base, mine] of compared)
      out(
        `${key}: ${mine.ms} ms vs baseline ${base.ms} ms (ratio ${ratio(mine.ms, base.ms)}); data requests ${mine.requests} vs ${base.requests}; plugin JS ${mine.jsKb.toFixed(1)} KB vs ${base.jsKb.toFixed(1)} KB (ratio ${ratio(mine.jsKb, base.jsKb)})`
      );
  } finally {
    await browser.close();
    await stack.stop();
    await baseline?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

let step = 'start';
let finished = false;
// Node exits with 0 once nothing is pending, even while a promise is still awaited: a step that never
// settles (nothing left to wake it) must fail the run, not end it silently before the figures.
process.on('beforeExit', () => {
  if (finished) return;
  process.stderr.write(`bench:ui: the process ran out of work while "${step}" had not settled; no figures\n`);
  process.exit(1);
});
main((s) => (step = s)).then(
  () => (finished = true),
  (e) => {
    process.stderr.write(`bench:ui: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  }
);
