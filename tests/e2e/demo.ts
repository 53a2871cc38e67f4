/**
 * `npm run demo`: the local stack (`npm run stack`: VictoriaMetrics, simulator, sidecar, …) plus the
 * Grafana-compatible host on http://127.0.0.1:3000 (Grafana 12.4 line; the 13.2 line on :3001), for a
 * person to click through without Docker. The control plane starts empty and imports the simulated
 * platform's inventory (tenants, shards, placements) through the same `inventory.sync` job an
 * operator runs from the Fleet page, so every page shows the platform's real tenants from the start,
 * and releases definition bundles through dev, staging and prod (an editor requests, admin approves prod).
 * Users: add ?grafanaUser=viewer|editor|admin to any URL. Ctrl-C stops what it started.
 * DEMO_NO_STACK=1 (or a stack that does not come up) runs the simulator in-process and the sidecar alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLine } from '../host/build';
import { REPO_ROOT, type LineName } from '../host/lines';
import { startHost, type RunningHost } from '../host/server/app';
import { createSigningKey } from '../host/server/idToken';
import { DATASOURCE_UID, endpoints } from '../../src/contract';
import { seedConfig } from './lib/configSeed';
import { seedDefinitions } from './lib/definitions';
import { APP, PLUGIN_ID } from './lib/env';
import { missingBuild } from './lib/figures';
import { importInventory } from './lib/inventory';
import { startPlatform, type RunningPlatform } from './lib/platform';
import { proxyApi } from './lib/seed';
import { startSidecar, type SidecarProcess } from './lib/stack';

const log = (s: string) => process.stdout.write(`[demo] ${s}\n`);
const PORTS: Record<LineName, number> = {
  'grafana-12': Number(process.env.DEMO_PORT ?? 3000),
  'grafana-13': Number(process.env.DEMO_PORT_13 ?? 3001),
};
const SIDECAR_PORT = Number(process.env.SWITCHYARD_PORT ?? 8787);
const VM_PORT = Number(process.env.STACK_VM_PORT ?? 18428);
const VM_URL = `http://127.0.0.1:${VM_PORT}`;
const SIM_PORT = Number(process.env.SIM_PORT ?? 8790);
/** The scheduled inventory reconcile of the demo sidecar (the stack sets the same). */
const RECONCILE_MS = process.env.SWITCHYARD_INVENTORY_RECONCILE_MS ?? '60000';

async function up(url: string, ms: number, proc?: ChildProcess): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (proc && proc.exitCode !== null) return false;
    // A probe that neither answers nor fails (a port accepting before the server serves) must not
    // stall the wait: each probe gets 1.5 s whatever the fetch does.
    const probe = fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false
    );
    if (await Promise.race([probe, new Promise<boolean>((r) => setTimeout(() => r(false), 1500))])) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/** A secret the stack keeps in .stack/secrets/<file> (or takes from the environment), so both agree. */
function stackSecret(env: string, file: string): string {
  const path = join(REPO_ROOT, '.stack/secrets', file);
  return process.env[env] ?? (existsSync(path) ? readFileSync(path, 'utf8').trim() : randomBytes(32).toString('hex'));
}

let cleanup: () => Promise<void> = async () => undefined;

async function main() {
  const missing = missingBuild(join(REPO_ROOT, 'dist'));
  if (missing) throw new Error(missing);
  for (const l of Object.keys(PORTS) as LineName[]) await buildLine(l);
  const secret = stackSecret('SWITCHYARD_PROXY_SECRET', 'proxy-secret');
  // The control-plane data source's read-only token, so its panels, variables and alerts read the sidecar.
  const datasourceToken = stackSecret('SWITCHYARD_DATASOURCE_TOKEN', 'datasource-token');
  const sidecarUrl = `http://127.0.0.1:${SIDECAR_PORT}`;
  // The platform's credentials agent (in the simulator): it pushes what a credentials refresh wrote
  // through the 12.4 host's plugin proxy with a service account that holds only its own role.
  const credentialsAgent = {
    pushUrl: `http://127.0.0.1:${PORTS['grafana-12']}/api/plugin-proxy/${PLUGIN_ID}${endpoints.pushCredentials.path.replace(':id', '{job}')}`,
    token: `glsa_${randomBytes(16).toString('hex')}`,
  };
  const signingKey = await createSigningKey();
  const issuer = `http://127.0.0.1:${PORTS['grafana-12']}/`;
  const hosts: RunningHost[] = [];
  let stack: ChildProcess | undefined;
  let sidecar: SidecarProcess | undefined;
  let platform: RunningPlatform | undefined;
  const stop = async () => {
    if (stack?.pid && stack.exitCode === null) {
      const exited = new Promise((r) => stack!.once('exit', r));
      process.kill(-stack.pid, 'SIGINT');
      await exited;
    }
    await sidecar?.stop();
    await platform?.stop();
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
        settings: { jsonData: { sidecarUrl }, secureJsonData: { proxySecret: secret } },
        dataSourceUrls: { 'switchyard-vm': VM_URL, 'switchyard-loki': '', 'switchyard-am': '' },
        dataSourceSettings: {
          [DATASOURCE_UID]: { jsonData: { sidecarUrl }, secureJsonData: { sidecarToken: datasourceToken } },
        },
        ...(line === 'grafana-12' ? { credentialsAgentToken: credentialsAgent.token } : {}),
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
        SWITCHYARD_DATASOURCE_TOKEN: datasourceToken,
        SIM_CREDENTIALS_AGENT_PUSH_URL: credentialsAgent.pushUrl,
        SIM_CREDENTIALS_AGENT_TOKEN: credentialsAgent.token,
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
    log(`starting the platform simulator in-process on :${SIM_PORT}`);
    platform = await startPlatform(SIM_PORT, { tickMs: 1000, vmPort: VM_PORT, credentialsAgent });
    sidecar = await startSidecar(
      {
        ...platform.sidecarEnv,
        SWITCHYARD_INVENTORY_RECONCILE_MS: RECONCILE_MS,
        SWITCHYARD_PROXY_SECRET: secret,
        SWITCHYARD_DATASOURCE_TOKEN: datasourceToken,
        GRAFANA_URL: issuer.replace(/\/$/, ''),
        GRAFANA_ISSUER: issuer,
        // The platform simulator and VictoriaMetrics (the platform's own list) plus Grafana.
        SWITCHYARD_OUTBOUND_HOSTS: [platform.sidecarEnv.SWITCHYARD_OUTBOUND_HOSTS, new URL(issuer).host].join(','),
        SWITCHYARD_SQLITE_PATH: join(REPO_ROOT, '.stack/demo/switchyard.db'),
      },
      SIDECAR_PORT
    );
  }
  const api = proxyApi(hosts[0].url);
  const inv = await importInventory(api);
  log(
    `platform inventory imported (inventory.sync${inv.jobId ? ` job ${inv.jobId}` : ': already in agreement'}): ${inv.tenants} tenants, ${inv.shards} shards, ${inv.placements} placements`
  );
  const defs = await seedDefinitions(hosts[0].url);
  log(
    defs.seeded
      ? `definitions seeded: orders 1.1.0 in prod (last known good 1.0.0), 1.2.0 in staging and dev; billing 2.0.0 in dev${defs.overrideTenant ? `; ${defs.overrideTenant} overrides the receipt timeout of orders` : ''}`
      : 'definitions already present; not seeded again'
  );
  const config = await seedConfig(hosts[0].url);
  log(
    config.seeded
      ? `config seeded and applied: tenant limits (default v2, prod and enterprise overrides${config.tenantId ? `, ${config.tenantId}'s own override` : ''}) and tenant flags`
      : 'config documents already present; not seeded again'
  );
  log(`Grafana 12.4 line: ${hosts[0].url}${APP}/tenants`);
  log(`Grafana 13.2 line: ${hosts[1].url}${APP}/tenants`);
  log(`switch users with ?grafanaUser=viewer|editor|admin; configuration at /plugins/${PLUGIN_ID}. Ctrl-C stops.`);
}

main().catch(async (e) => {
  process.stderr.write(`[demo] ${(e as Error).message}\n`);
  await cleanup().catch(() => undefined);
  process.exit(1);
});
