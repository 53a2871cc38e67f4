import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { scrapeConfig, type ScrapeTarget } from '../../scripts/stack/lib/configs';
import {
  freePort,
  requireBinary,
  startManaged,
  tail,
  waitForHttp,
  type Managed,
} from '../../scripts/stack/lib/processes';
import { startTestSimulator } from '../../src/simulator/testing/startSimulator';
import type { Simulator } from '../../src/simulator/app';

/** Real local servers for the observability tests, on free loopback ports, all stopped in `stop()`. */
export class TestStack {
  readonly dir = mkdtempSync(join(tmpdir(), 'switchyard-obs-'));
  readonly procs: Managed[] = [];
  sim?: Simulator;
  simUrl = '';
  vmUrl = '';

  async startSimulator(tickMs = 250): Promise<string> {
    const { sim, url } = await startTestSimulator({ tickMs });
    this.sim = sim;
    this.simUrl = url;
    return url;
  }

  /** VictoriaMetrics scraping the given targets itself (-promscrape.config), every second. */
  async startVictoriaMetrics(targets: ScrapeTarget[]): Promise<string> {
    const bin = requireBinary('victoriaMetrics');
    const port = await freePort();
    const cfg = join(this.dir, 'scrape.yml');
    writeFileSync(cfg, scrapeConfig(targets, 1));
    const vm = this.launch('victoria-metrics', bin, [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${join(this.dir, 'vm')}`,
      `-promscrape.config=${cfg}`,
      '-search.latencyOffset=1s',
      '-search.disableCache',
      '-promscrape.config.strictParse=false',
    ]);
    this.vmUrl = `http://127.0.0.1:${port}`;
    await this.ready(vm, `${this.vmUrl}/health`);
    return this.vmUrl;
  }

  launch(name: string, cmd: string, args: string[]): Managed {
    const m = startManaged(name, cmd, args, { logFile: join(this.dir, `${name}.log`), cwd: this.dir });
    this.procs.push(m);
    return m;
  }

  async ready(m: Managed, url: string, timeoutMs = 20_000): Promise<void> {
    try {
      await waitForHttp(url, timeoutMs);
    } catch (e) {
      throw new Error(`${m.name}: ${(e as Error).message}\n${tail(m.logFile)}`);
    }
  }

  async query(expr: string): Promise<{
    status: string;
    error?: string;
    data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  }> {
    const res = await fetch(`${this.vmUrl}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: expr }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json()) as { status: string; error?: string; data?: never };
    return res.ok ? body : { status: 'error', error: body.error ?? `HTTP ${res.status}` };
  }

  async labelValues(label: string, match: string): Promise<string[]> {
    const res = await fetch(`${this.vmUrl}/api/v1/label/${label}/values?${new URLSearchParams({ 'match[]': match })}`);
    const body = (await res.json()) as { status: string; data: string[] };
    if (body.status !== 'success') throw new Error(`label values ${label} ${match}: ${JSON.stringify(body)}`);
    return body.data;
  }

  async waitForQuery(expr: string, pred: (n: number, values: number[]) => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      const r = await this.query(expr);
      const values = (r.data?.result ?? []).map((x) => Number(x.value[1]));
      if (r.status === 'success' && pred(values.length, values)) return;
      last = JSON.stringify(r).slice(0, 300);
      await new Promise((res) => setTimeout(res, 500));
    }
    throw new Error(`timed out waiting for ${expr}: ${last}`);
  }

  async stop(): Promise<void> {
    for (const p of [...this.procs].reverse()) await p.stop();
    if (this.sim) await this.sim.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Substitute dashboard variables the way Grafana would with "All" selected. */
export function substitute(expr: string, rateInterval = '30s', overrides: Record<string, string> = {}): string {
  const vars: Record<string, string> = {
    env: '.*',
    environment: '.*',
    service: '.*',
    shard: '.*',
    tenant: '.*',
    ...overrides,
  };
  return expr
    .replace(/\$__rate_interval/g, rateInterval)
    .replace(/\$__interval/g, '15s')
    .replace(/\$__range/g, '1h')
    .replace(/\$\{?(environment|env|service|shard|tenant)\b\}?/g, (_, v: string) => vars[v]);
}

const ROOT = join(__dirname, '..', '..');

/** The committed alert rules with group intervals and `for:` shortened so end-to-end tests fire in seconds. */
export function shortenedRules(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(join(ROOT, 'alerts')).filter((x) => x.endsWith('.rules.yaml'))) {
    const doc = parse(readFileSync(join(ROOT, 'alerts', f), 'utf8')) as {
      groups: Array<{ interval?: string; rules: Array<{ for?: string }> }>;
    };
    for (const g of doc.groups) {
      g.interval = '2s';
      for (const r of g.rules) if (r.for) r.for = '5s';
    }
    writeFileSync(join(dir, f), stringify(doc));
  }
  return join(dir, '*.rules.yaml');
}

export const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let s = '';
    req.on('data', (c) => (s += c));
    req.on('end', () => resolve(s));
  });
