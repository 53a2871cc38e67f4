/**
 * Grafana's interval arithmetic, as its backend computes it for a Prometheus-type query
 * (grafana/grafana pkg/promlib/models/query.go `calculatePrometheusInterval`, `calculateRateInterval`,
 * `InterpolateVariables`; pkg/components/gtime `FormatInterval`; the interval calculator's rounding):
 * - step = max(round(range / maxDataPoints), min interval, range / 11000), where the min interval is the
 *   query's "Min step" if literal, else the request's intervalMs, else the data source scrape interval, else 15s;
 * - `$__rate_interval` = max(intervalMs + scrape interval, 4 × scrape interval), scrape interval = the
 *   query's literal min step, else the data source's `timeInterval`, default 15s
 *   (https://grafana.com/docs/grafana/latest/datasources/prometheus/template-variables/).
 */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/** `15s`, `1m30s`, `500ms` → milliseconds; undefined when not a duration. */
export function parseDurationMs(text: string | undefined): number | undefined {
  if (!text || !/^(\d+(\.\d+)?(ms|s|m|h|d|w|y))+$/.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g)) total += Number(m[1]) * UNIT_MS[m[2]];
  return total;
}

/** gtime.FormatInterval: the largest whole unit (`1d`, `2h`, `5m`, `15s`, `200ms`). */
export function formatInterval(ms: number): string {
  const units: Array<[string, number]> = [
    ['y', UNIT_MS.y],
    ['d', UNIT_MS.d],
    ['h', UNIT_MS.h],
    ['m', UNIT_MS.m],
    ['s', UNIT_MS.s],
    ['ms', 1],
  ];
  for (const [u, size] of units) if (ms >= size) return `${Math.floor(ms / size)}${u}`;
  return '1ms';
}

/** Go's time.Duration.String() for whole milliseconds: `1m0s`, `1h0m15s`, `30s`, `1.5s`, `250ms`. */
export function goDurationString(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}

/** The interval calculator's rounding table (ms upper bound → rounded interval). */
const ROUNDING: Array<[number, number]> = [
  [10, 1],
  [15, 10],
  [35, 20],
  [75, 50],
  [150, 100],
  [350, 200],
  [750, 500],
  [1500, 1000],
  [3500, 2000],
  [7500, 5000],
  [12500, 10_000],
  [17500, 15_000],
  [25000, 20_000],
  [45000, 30_000],
  [90000, 60_000],
  [210000, 120_000],
  [450000, 300_000],
  [750000, 600_000],
  [1050000, 900_000],
  [1500000, 1_200_000],
  [2700000, 1_800_000],
  [5400000, 3_600_000],
  [9000000, 7_200_000],
  [16200000, 10_800_000],
  [24300000, 21_600_000],
  [64800000, 43_200_000],
  [129600000, 86_400_000],
  [604800000, 86_400_000],
  [1814400000, 604_800_000],
  [3628800000, 2_592_000_000],
];

export function roundInterval(ms: number): number {
  for (const [limit, rounded] of ROUNDING) if (ms <= limit) return rounded;
  return UNIT_MS.y;
}

export interface IntervalInput {
  fromMs: number;
  toMs: number;
  /** The frontend's `intervalMs` for this query (range / panel width, at least the min interval). */
  intervalMs?: number;
  maxDataPoints?: number;
  /** The query's "Min step" (`interval` in the query model): a duration or `$__interval`/`$__rate_interval`. */
  minStep?: string;
  /** The data source's scrape interval (`jsonData.timeInterval`). */
  scrapeInterval?: string;
}

export interface Intervals {
  rangeMs: number;
  stepMs: number;
  intervalMs: number;
  rateIntervalMs: number;
}

const isVariableInterval = (s?: string) => !!s && /^\$(\{)?__(rate_)?interval(_ms)?(\})?$/.test(s);

export function computeIntervals(q: IntervalInput): Intervals {
  const rangeMs = Math.max(0, q.toMs - q.fromMs);
  const literalMinStep = isVariableInterval(q.minStep) ? undefined : parseDurationMs(q.minStep);
  const minInterval =
    literalMinStep ?? (q.intervalMs ? q.intervalMs : undefined) ?? parseDurationMs(q.scrapeInterval) ?? 15_000;
  const resolution = q.maxDataPoints && q.maxDataPoints > 0 ? q.maxDataPoints : 1500;
  const raw = rangeMs / resolution;
  const calculated = raw < minInterval ? minInterval : roundInterval(raw);
  const safe = roundInterval(rangeMs / 11_000);
  const adjusted = Math.max(calculated, safe);
  const dsScrapeMs = parseDurationMs(q.scrapeInterval) ?? 15_000;
  if (q.minStep === '$__rate_interval' || q.minStep === '${__rate_interval}') {
    // The step itself is the rate interval, and `$__rate_interval` is that step.
    const step = Math.max(adjusted + dsScrapeMs, 4 * dsScrapeMs);
    return { rangeMs, stepMs: step, intervalMs: step, rateIntervalMs: step };
  }
  const intervalMinStep = q.minStep === '$__interval' || q.minStep === '${__interval}';
  const scrapeMs = intervalMinStep ? adjusted : (literalMinStep ?? dsScrapeMs);
  const queryIntervalMs = q.intervalMs ?? adjusted;
  const rateIntervalMs = Math.max(queryIntervalMs + scrapeMs, 4 * scrapeMs);
  return { rangeMs, stepMs: adjusted, intervalMs: adjusted, rateIntervalMs };
}

/**
 * The backend's replacement of the built-in variables in a PromQL expression, in Grafana's order
 * (`_ms`/`_s` forms before their prefixes): `$__interval_ms`, `$__interval`, `$__range_ms`,
 * `$__range_s`, `$__range`, `$__rate_interval_ms`, `$__rate_interval`, each also as `${…}`.
 */
export function interpolatePromBuiltins(expr: string, iv: Intervals): string {
  const rangeS = Math.round(iv.rangeMs / 1000);
  const pairs: Array<[string, string]> = [
    ['__interval_ms', String(iv.intervalMs)],
    ['__interval', formatInterval(iv.intervalMs)],
    ['__range_ms', String(iv.rangeMs)],
    ['__range_s', String(rangeS)],
    ['__range', `${rangeS}s`],
    ['__rate_interval_ms', String(iv.rateIntervalMs)],
    ['__rate_interval', goDurationString(iv.rateIntervalMs)],
  ];
  let out = expr;
  for (const [name, value] of pairs) out = out.split(`$${name}`).join(value).split(`\${${name}}`).join(value);
  return out;
}
