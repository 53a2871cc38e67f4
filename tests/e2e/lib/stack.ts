/**
 * Starts what the browser suites need and stops exactly what it started: the platform simulator
 * (in-process, unless `platform: false`), Alertmanager (with `alertmanager: true`: its own port and
 * storage dir, delivering to the sidecar's webhook, and the sidecar's silences API), the sidecar (a
 * child process on a fresh temp SQLite file, pointed at the simulator for isolation, jobs and
 * placement) and one host per Grafana line. Both hosts share one ID-token signing
 * key and one root URL (issuer), like an HA Grafana pair, so one sidecar trusts both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { REPO_ROOT, type LineName } from '../../host/lines';
import { startHost, type RunningHost } from '../../host/server/app';
import { createSigningKey } from '../../host/server/idToken';
import { startPlatform, type RunningPlatform } from './platform';
import { DATASOURCE_UID, endpoints } from '../../../src/contract';
import { PLUGIN_ID } from '../../../src/constants';
import { freePort } from '../../../scripts/stack/lib/processes';
import { startAlertmanager, type AlertmanagerProcess } from '../../../src/sidecar/testing/alertmanagerProcess';

export interface Stack {
  hosts: Partial<Record<LineName, RunningHost>>;
  sidecarUrl: string;
  /** The simulator's base URL; undefined when started with `platform: false`. */
  platformUrl?: string;
  /** VictoriaMetrics scraping the simulator: the sidecar's SWITCHYARD_VM_URL and the hosts' `switchyard-vm`. */
  vmUrl?: string;
  /** The simulator's Kubernetes API token (specs read what the platform holds, e.g. a Secret, as the platform's own agents do). */
  platformK8sToken?: string;
  /** Alertmanager delivering to the sidecar (SWITCHYARD_ALERTMANAGER_URL); undefined unless `alertmanager: true`. */
  alertmanagerUrl?: string;
  secret: string;
  /** The data source's read-only credential: the sidecar's SWITCHYARD_DATASOURCE_TOKEN and the hosts' `sidecarToken`. */
  datasourceToken: string;
  /** The service account token every host accepts (`Authorization: Bearer`); the sidecar's with `grafanaServiceAccount`. */
  serviceAccountToken: string;
  /** The credentials agent's service account token (role "Switchyard Credentials Agent" only); the simulator's agent pushes with it. */
  credentialsAgentToken: string;
  dbDir: string;
  stop: () => Promise<void>;
}

async function waitFor(url: string, ms: number, proc?: ChildProcess): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (proc && proc.exitCode !== null) throw new Error(`process exited with ${proc.exitCode} before ${url} answered`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become ready within ${ms} ms`);
}

export interface SidecarProcess {
  url: string;
  proc: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
}

/** `npm run sidecar` (the one place that says how the sidecar is started), in its own process group. */
export async function startSidecar(env: Record<string, string>, port?: number): Promise<SidecarProcess> {
  const p = port ?? (await freePort());
  let out = '';
  // The runner exports the platform and VictoriaMetrics of its own stack to the spec processes
  // (tests/e2e/run.ts); a stack a spec starts gets a platform only through `env`.
  const inherited = { ...process.env };
  delete inherited.SWITCHYARD_PLATFORM_URL;
  delete inherited.SWITCHYARD_VM_URL;
  const proc = spawn('npm', ['run', '--silent', 'sidecar'], {
    cwd: REPO_ROOT,
    env: { ...inherited, LOG_LEVEL: 'warn', ...env, SWITCHYARD_HOST: '127.0.0.1', SWITCHYARD_PORT: String(p) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (d) => (out = (out + d).slice(-20_000)));
  proc.stderr?.on('data', (d) => (out = (out + d).slice(-20_000)));
  const url = `http://127.0.0.1:${p}`;
  const stop = async () => {
    if (proc.exitCode !== null || proc.pid === undefined) return;
    const exited = new Promise((r) => proc.once('exit', r));
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const t = setTimeout(() => {
      try {
        process.kill(-proc.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 8000);
    await exited;
    clearTimeout(t);
  };
  try {
    await waitFor(`${url}/healthz`, 60_000, proc);
  } catch (e) {
    await stop();
    throw new Error(`sidecar did not start: ${(e as Error).message}\n${out}`);
  }
  return { url, proc, log: () => out, stop };
}

export async function startStack(opts: {
  lines: LineName[];
  distDir?: string;
  hostPorts?: Partial<Record<LineName, number>>;
  vmUrl?: string;
  lokiUrl?: string;
  dbPath?: string;
  platform?: boolean;
  sidecarEnv?: Record<string, string>;
  /** Give the sidecar the hosts' service account token (SWITCHYARD_GRAFANA_SA_TOKEN: teams, annotations). */
  grafanaServiceAccount?: boolean;
  /** Start Alertmanager (needs the Debian `prometheus-alertmanager`, installed by scripts/ci/ensure-system.sh). */
  alertmanager?: boolean;
}): Promise<Stack> {
  const secret = randomBytes(24).toString('hex');
  const serviceAccountToken = `glsa_${randomBytes(16).toString('hex')}`;
  const credentialsAgentToken = `glsa_${randomBytes(16).toString('hex')}`;
  const datasourceToken = randomBytes(24).toString('hex');
  const dbDir = mkdtempSync(join(tmpdir(), 'switchyard-e2e-db-'));
  const sidecarPort = await freePort();
  const sidecarUrl = `http://127.0.0.1:${sidecarPort}`;
  const signingKey = await createSigningKey();
  const hosts: Partial<Record<LineName, RunningHost>> = {};
  let issuer: string | undefined;
  const started: Array<{ stop: () => Promise<void> }> = [];
  const hostPorts: Partial<Record<LineName, number>> = { ...opts.hostPorts };
  let platform: RunningPlatform | undefined;
  let alertmanager: AlertmanagerProcess | undefined;
  // The bearer token Alertmanager sends to the sidecar's webhook (SWITCHYARD_ALERT_WEBHOOK_TOKEN).
  const webhookToken = randomBytes(24).toString('hex');
  try {
    if (opts.platform !== false) {
      // The platform's credentials agent pushes through the first host's plugin proxy (Grafana's URL).
      const grafanaPort = (hostPorts[opts.lines[0]] ??= await freePort());
      platform = await startPlatform(await freePort(), {
        vmPort: await freePort(),
        credentialsAgent: {
          pushUrl: `http://127.0.0.1:${grafanaPort}/api/plugin-proxy/${PLUGIN_ID}${endpoints.pushCredentials.path.replace(':id', '{job}')}`,
          token: credentialsAgentToken,
        },
      });
      started.push(platform);
    }
    if (opts.alertmanager) {
      // Started before the sidecar: its deliveries are retried until the sidecar answers.
      alertmanager = await startAlertmanager({
        webhook: { url: `${sidecarUrl}/api/v1/alerts/webhook`, token: webhookToken },
      });
      started.push(alertmanager);
    }
    for (const line of opts.lines) {
      const h = await startHost({
        line,
        port: hostPorts[line],
        distDir: opts.distDir,
        signingKey,
        issuer,
        serviceAccountToken,
        credentialsAgentToken,
        settings: { jsonData: { sidecarUrl }, secureJsonData: { proxySecret: secret } },
        // VictoriaMetrics is the platform's (fed by the simulator) unless given; Loki points nowhere
        // without a local stack (Loki panels show their error), Alertmanager only when started.
        dataSourceUrls: {
          'switchyard-vm': opts.vmUrl ?? platform?.vmUrl ?? '',
          'switchyard-loki': opts.lokiUrl ?? '',
          'switchyard-am': alertmanager?.url ?? '',
        },
        // The backend data source reaches this run's sidecar with its own token; editable here (unlike
        // the provisioned file) so the config editor's Save & test can be exercised.
        dataSourceSettings: {
          [DATASOURCE_UID]: {
            jsonData: { sidecarUrl },
            secureJsonData: { sidecarToken: datasourceToken },
            readOnly: false,
          },
        },
      });
      issuer = issuer ?? `${h.url}/`;
      hosts[line] = h;
      started.push({ stop: () => h.close() });
    }
    const grafanaUrl = issuer!.replace(/\/$/, '');
    const sidecar = await startSidecar(
      {
        SWITCHYARD_PROXY_SECRET: secret,
        SWITCHYARD_DATASOURCE_TOKEN: datasourceToken,
        GRAFANA_URL: grafanaUrl,
        GRAFANA_ISSUER: issuer!,
        SWITCHYARD_SQLITE_PATH: opts.dbPath ?? join(dbDir, 'switchyard.db'),
        ...platform?.sidecarEnv,
        ...(opts.grafanaServiceAccount ? { SWITCHYARD_GRAFANA_SA_TOKEN: serviceAccountToken } : {}),
        ...(alertmanager
          ? { SWITCHYARD_ALERTMANAGER_URL: alertmanager.url, SWITCHYARD_ALERT_WEBHOOK_TOKEN: webhookToken }
          : {}),
        ...opts.sidecarEnv,
        // Grafana's JWKS is fetched through the outbound allowlist, beside the platform's and Alertmanager's hosts.
        SWITCHYARD_OUTBOUND_HOSTS: [
          new URL(grafanaUrl).host,
          platform?.sidecarEnv.SWITCHYARD_OUTBOUND_HOSTS,
          alertmanager && new URL(alertmanager.url).host,
          opts.sidecarEnv?.SWITCHYARD_OUTBOUND_HOSTS,
        ]
          .filter(Boolean)
          .join(','),
      },
      sidecarPort
    );
    started.push(sidecar);
  } catch (e) {
    for (const s of started.reverse()) await s.stop();
    rmSync(dbDir, { recursive: true, force: true });
    throw e;
  }
  return {
    hosts,
    sidecarUrl,
    platformUrl: platform?.url,
    vmUrl: platform?.vmUrl,
    platformK8sToken: platform?.k8sToken,
    alertmanagerUrl: alertmanager?.url,
    secret,
    datasourceToken,
    serviceAccountToken,
    credentialsAgentToken,
    dbDir,
    stop: async () => {
      for (const s of started.reverse()) await s.stop().catch(() => undefined);
      rmSync(dbDir, { recursive: true, force: true });
    },
  };
}
