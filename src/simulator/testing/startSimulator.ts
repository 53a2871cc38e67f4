import { buildSimulator, type Simulator } from '../app';
import { SimConfigSchema, type SimConfig } from '../config';
import type { ScenariosPatch } from '../scenarios';

export interface TestSimulator {
  sim: Simulator;
  url: string;
  /** POST /sim/scenarios with the current knobs plus `patch` (the other knobs keep their values). */
  scenarios(patch: ScenariosPatch): Promise<void>;
  /** DELETE /sim/scenarios: back to the start-up knobs. */
  resetScenarios(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The one simulator launcher for every suite (simulator, sidecar, observability, reliability): the
 * real simulator on a free loopback port, quiet, with fast ticks unless overridden. Call `close()` in `after`.
 */
export async function startTestSimulator(
  overrides: Partial<Omit<SimConfig, 'scenarios'>> & { scenarios?: unknown } = {}
): Promise<TestSimulator> {
  const config = SimConfigSchema.parse({
    port: 0,
    tickMs: 100,
    rolloutDelayMs: 50,
    logLevel: 'silent',
    scenarios: {},
    // The simulated platform runs on the same (possibly shifted) clock as the sidecar under test.
    clockOffsetMs: Number(process.env.SWITCHYARD_CLOCK_OFFSET_MS ?? 0),
    ...overrides,
  });
  const sim = buildSimulator(config);
  const url = (await sim.start()).replace('localhost', '127.0.0.1');
  const send = async (method: string, body?: unknown) => {
    const res = await fetch(`${url}/sim/scenarios`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`simulator refused scenarios (${res.status}): ${await res.text()}`);
  };
  return {
    sim,
    url,
    scenarios: async (patch) =>
      send('POST', { ...((await (await fetch(`${url}/sim/scenarios`)).json()) as object), ...patch }),
    resetScenarios: () => send('DELETE'),
    close: () => sim.stop(),
  };
}

export async function waitFor<T>(
  fn: () => Promise<T | undefined | false>,
  timeoutMs: number,
  what: string
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

export async function getJson<T = any>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) } });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Parse Prometheus text exposition into {name, labels, value} samples. */
export function parseExposition(text: string): Array<{ name: string; labels: Record<string, string>; value: number }> {
  const out: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m) throw new Error(`unparseable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const lm of (m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[lm[1]] = lm[2];
    out.push({ name: m[1], labels, value: Number(m[4]) });
  }
  return out;
}
