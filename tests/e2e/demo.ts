/**
 * `npm run demo`: the local stack (`npm run stack`: VictoriaMetrics, simulator, sidecar, …) plus the
 * Grafana-compatible host on http://127.0.0.1:3000 (Grafana 12.4 line; the 13.2 line on :3001),
 * seeded with demo tenants, for a person to click through without Docker. Ctrl-C stops what it started.
 * Users: add ?grafanaUser=viewer|editor|admin to any URL. DEMO_NO_STACK=1 runs only the sidecar.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLine } from '../host/build';
import { REPO_ROOT, type LineName } from '../host/lines';
import { startHost, type RunningHost } from '../host/server/app';
import { createSigningKey } from '../host/server/idToken';
import { APP, PLUGIN_ID } from './lib/env';
import { demoTenants, proxyApi, seedTenants } from './lib/seed';
import { startSidecar, type SidecarProcess } from './lib/stack';

const log = (s: string) => process.stdout.write(`[demo] ${s}\n`);
const PORTS: Record<LineName, number> = {
  'grafana-12': Number(process.env.DEMO_PORT ?? 3000),
  'grafana-13': Number(process.env.DEMO_PORT_13 ?? 3001),
};
const SIDECAR_PORT = Number(process.env.SWITCHYARD_PORT ?? 8787);
const VM_URL = `http://127.0.0.1:${process.env.STACK_VM_PORT ?? 18428}`;

async function up(url: string, ms: number, proc?: ChildProcess): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (proc && proc.exitCode !== null) return false;
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return true;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

function stackSecret(): string {
  const file = join(REPO_ROOT, '.stack/secrets/proxy-secret');
  return (
    process.env.SWITCHYARD_PROXY_SECRET ??
    (existsSync(file) ? readFileSync(file, 'utf8').trim() : randomBytes(32).toString('hex'))
  );
}

let cleanup: () => Promise<void> = async () => undefined;

async function main() {
  if (!existsSync(join(REPO_ROOT, 'dist/module.js')))
    throw new Error('dist/module.js missing: run npm run build first');
  for (const l of Object.keys(PORTS) as LineName[]) await buildLine(l);
  const secret = stackSecret();
  const signingKey = await createSigningKey();
  const issuer = `http://127.0.0.1:${PORTS['grafana-12']}/`;
  const hosts: RunningHost[] = [];
  let stack: ChildProcess | undefined;
  let sidecar: SidecarProcess | undefined;
  const stop = async () => {
    if (stack?.pid && stack.exitCode === null) {
      const exited = new Promise((r) => stack!.once('exit', r));
      process.kill(-stack.pid, 'SIGINT');
      await exited;
    }
    await sidecar?.stop();
    for (const h of hosts) await h.close();
  };
  cleanup = stop;
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));

  for (const line of Object.keys(PORTS) as LineName[]) {
    hosts.push(
      await startHost({
        line,
        port: PORTS[line],
        host: '127.0.0.1',
        signingKey,
        issuer,
        settings: {
          jsonData: { sidecarUrl: `http://127.0.0.1:${SIDECAR_PORT}` },
          secureJsonData: { proxySecret: secret },
        },
        dataSourceUrls: { 'switchyard-vm': VM_URL, 'switchyard-loki': '', 'switchyard-am': '' },
      })
    );
  }
  const scripts = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts ?? {};
  const sidecarReady = `http://127.0.0.1:${SIDECAR_PORT}/healthz`;
  if (scripts.stack && !process.env.DEMO_NO_STACK) {
    log('starting the local stack (npm run stack); its logs are in .stack/logs/');
    mkdirSync(join(REPO_ROOT, '.stack'), { recursive: true });
    stack = spawn('npm', ['run', '--silent', 'stack'], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        SWITCHYARD_PROXY_SECRET: secret,
        GRAFANA_URL: issuer.replace(/\/$/, ''),
        GRAFANA_ISSUER: issuer,
      },
    });
    if (!(await up(sidecarReady, 240_000, stack))) {
      log('the stack did not come up; falling back to the sidecar alone');
      stack = undefined;
    }
  }
  if (!stack) {
    sidecar = await startSidecar(
      {
        SWITCHYARD_PROXY_SECRET: secret,
        GRAFANA_URL: issuer.replace(/\/$/, ''),
        GRAFANA_ISSUER: issuer,
        SWITCHYARD_OUTBOUND_HOSTS: new URL(issuer).host,
        SWITCHYARD_SQLITE_PATH: join(REPO_ROOT, '.stack/demo/switchyard.db'),
      },
      SIDECAR_PORT
    );
  }
  const api = proxyApi(hosts[0].url);
  const existing = await api.call('GET', '/api/v1/tenants?limit=1');
  if (existing.status === 200 && existing.json.items.length === 0) {
    await seedTenants(api, demoTenants(120));
    log('seeded 120 demo tenants');
  }
  log(`Grafana 12.4 line: ${hosts[0].url}${APP}/tenants`);
  log(`Grafana 13.2 line: ${hosts[1].url}${APP}/tenants`);
  log(`switch users with ?grafanaUser=viewer|editor|admin; configuration at /plugins/${PLUGIN_ID}. Ctrl-C stops.`);
}

main().catch(async (e) => {
  process.stderr.write(`[demo] ${(e as Error).message}\n`);
  await cleanup().catch(() => undefined);
  process.exit(1);
});
