/**
 * Where a page load's time went, from the browser's Performance API: every resource (start → end, ms
 * from navigation start), the main thread's long tasks (≥ 50 ms), and when the ready selector first
 * matched (a MutationObserver in the page, so no polling delay). Install before `goto`, read once the
 * page is ready; printed by `npm run bench:ui`.
 */
import type { Page } from 'playwright-core';

interface Resource {
  name: string;
  start: number;
  end: number;
}

/** The phases of one load, in ms; together they add up to `ready`. */
export interface Phases {
  /** Navigation start → the host asks for the app's settings (Grafana's own boot: host.js). */
  host: number;
  /** → the end of the last plugin script fetched before the first data request. */
  pluginJs: number;
  /** → the first data request starts (script evaluation, rendering, waiting for a chunk). */
  toRequest: number;
  /** → the first data request's response has arrived. */
  request: number;
  /** → the ready selector matched (rendering after the data). */
  render: number;
  ready: number;
  /** Main-thread long tasks before ready, summed. */
  longTasks: number;
}

export interface Timeline {
  phases: Phases;
  /** `host.js 12→340 · long task 341+560 · settings 905→920 · … · ready 1300`, in start order. */
  text: string;
}

/** Records long tasks and the first time `readySelector` matches, from the first script on. */
export async function installTimeline(page: Page, readySelector: string): Promise<void> {
  await page.addInitScript((sel: string) => {
    const w = window as unknown as { __longTasks: Array<[number, number]>; __readyAt?: number };
    w.__longTasks = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
    const mo = new MutationObserver(() => {
      if (document.querySelector(sel)) {
        w.__readyAt = performance.now();
        mo.disconnect();
      }
    });
    mo.observe(document, { childList: true, subtree: true, attributes: true });
  }, readySelector);
}

const isData = (name: string) => /\/api\/(plugin-proxy|ds\/query|datasources\/proxy)/.test(name);
const isPluginJs = (name: string) => /\/public\/plugins\/[^?]+\.js(\?|$)/.test(name);

export async function readTimeline(page: Page): Promise<Timeline> {
  const { resources, longTasks, readyAt } = await page.evaluate(() => ({
    resources: performance
      .getEntriesByType('resource')
      .map((e) => ({ name: e.name, start: e.startTime, end: (e as PerformanceResourceTiming).responseEnd })),
    longTasks: (window as unknown as { __longTasks: Array<[number, number]> }).__longTasks,
    readyAt: (window as unknown as { __readyAt?: number }).__readyAt ?? performance.now(),
  }));
  const ms = (x: number) => Math.round(x);
  const settings = resources.find((r) => /\/api\/plugins\/[^/]+\/settings/.test(r.name));
  const data = resources.find((r) => isData(r.name));
  const before = (r: Resource) => !data || r.start <= data.start;
  const jsEnd = Math.max(0, ...resources.filter((r) => isPluginJs(r.name) && before(r)).map((r) => r.end));
  const host = settings?.start ?? 0;
  const pluginJs = Math.max(host, jsEnd);
  const reqStart = Math.max(pluginJs, data?.start ?? pluginJs);
  const reqEnd = Math.max(reqStart, data?.end ?? reqStart);
  const phases: Phases = {
    host: ms(host),
    pluginJs: ms(pluginJs - host),
    toRequest: ms(reqStart - pluginJs),
    request: ms(reqEnd - reqStart),
    render: ms(readyAt - reqEnd),
    ready: ms(readyAt),
    longTasks: ms(longTasks.filter(([s]) => s < readyAt).reduce((n, [, d]) => n + d, 0)),
  };
  const entries = [
    ...resources.filter((r) => r.start < readyAt).map((r) => ({ what: short(r.name), start: r.start, end: r.end })),
    ...longTasks.filter(([s]) => s < readyAt).map(([start, d]) => ({ what: 'long task', start, end: start + d })),
  ].sort((a, b) => a.start - b.start);
  const text = [
    ...entries.map((e) =>
      e.what === 'long task'
        ? `long task ${ms(e.start)}+${ms(e.end - e.start)}`
        : `${e.what} ${ms(e.start)}→${ms(e.end)}`
    ),
    `ready ${ms(readyAt)}`,
  ].join(' · ');
  return { phases, text };
}

/** Median of each phase over several loads, as one line. */
export function phaseSummary(all: Phases[]): string {
  const med = (k: keyof Phases) => {
    const xs = all.map((p) => p[k]).sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)];
  };
  return `host boot ${med('host')} · plugin JS ${med('pluginJs')} · until first data request ${med('toRequest')} · first data request ${med('request')} · render after data ${med('render')} · ready ${med('ready')} ms from navigation (long tasks ${med('longTasks')} ms)`;
}

/** The last path segment (or the API path after the plugin proxy prefix), query kept short. */
function short(url: string): string {
  if (!URL.canParse(url)) return url.slice(0, 40);
  const u = new URL(url);
  const proxied = /\/api\/plugin-proxy\/[^/]+\/(.*)$/.exec(u.pathname);
  const q = u.search.length > 40 ? `${u.search.slice(0, 40)}…` : u.search;
  if (proxied) return `${proxied[1]}${q}`;
  return `${u.pathname.split('/').pop()}${/^\?(v|_cache)=/.test(q) ? '' : q}`;
}
