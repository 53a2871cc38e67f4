/**
 * The platform behind the e2e sidecar: the simulator (src/simulator) in-process on a free port with a
 * fast tick, and the sidecar environment that points jobs, isolation probes and placement at it.
 * The sidecar's tenants, shards and placements are imported FROM the simulator (the inventory sync) so
 * ids and org/app UUIDs match (isolation checks and drains depend on it).
 * VictoriaMetrics (when installed; E2E_VM=0 skips it) scrapes the simulator every second so the
 * sidecar's migrations can pass their preflight and verification, and the hosts' `switchyard-vm` reads it.
 * With `credentialsAgent`, the simulator's credentials agent pushes the credentials each
 * credentials.refresh writes back through a host's plugin proxy, as the platform's agent does.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scrapeConfig } from '../../../scripts/stack/lib/configs';
import { findBinary, BINARIES, startManaged, waitForHttp, type Managed } from '../../../scripts/stack/lib/processes';
import { buildSimulator, type Simulator } from '../../../src/simulator/app';
import { loadSimConfig } from '../../../src/simulator/config';
import type { LineName } from '../../host/lines';
import { importInventory } from './inventory';
import type { Api } from './seed';

export interface SimTenant {
  id: string;
  displayName: string;
  environment: 'dev' | 'staging' | 'prod';
  plan: 'free' | 'team' | 'business' | 'enterprise';
  organizationId: string;
  applicationId: string;
  placement: Record<string, string>;
  isolationProblem: string | null;
}

export interface SimState {
  tenants: SimTenant[];
  shards: Array<{ id: string; kind: string; env: string }>;
  draining: Array<{ tenantId: string; shard: string }>;
}

export interface RunningPlatform {
  url: string;
  /** VictoriaMetrics scraping the simulator; undefined when not installed or E2E_VM=0. */
  vmUrl?: string;
  k8sToken: string;
  sim: Simulator;
  /** Sidecar environment variables that make the simulator its platform, Kubernetes API and job target. */
  sidecarEnv: Record<string, string>;
  stop: () => Promise<void>;
}

/** VictoriaMetrics on a free port scraping `target` (host:port) every second, with honor_labels (the simulator's own service/env). */
async function startVictoriaMetrics(
  target: string,
  port: number
): Promise<{ url: string; proc: Managed; dir: string }> {
  const bin = findBinary([...BINARIES.victoriaMetrics.names])!;
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-e2e-vm-'));
  writeFileSync(
    join(dir, 'scrape.yml'),
    scrapeConfig([{ job: 'simulator', target, service: 'simulator', env: 'e2e', honorLabels: true }], 1)
  );
  const proc = startManaged(
    'victoria-metrics',
    bin,
    [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${join(dir, 'data')}`,
      `-promscrape.config=${join(dir, 'scrape.yml')}`,
      '-search.latencyOffset=1s',
      '-search.disableCache',
      '-promscrape.config.strictParse=false',
    ],
    { logFile: join(dir, 'vm.log'), cwd: dir }
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/health`, 20_000);
  } catch (e) {
    await proc.stop();
    throw new Error(
      `victoria-metrics did not start: ${(e as Error).message}\n${readFileSync(join(dir, 'vm.log'), 'utf8').slice(-2000)}`
    );
  }
  return { url, proc, dir };
}

export async function startPlatform(
  port: number,
  opts: {
    tickMs?: number;
    vmPort?: number;
    /** The platform's credentials agent: where it pushes (`{job}` = job id) and its service account token. */
    credentialsAgent?: { pushUrl: string; token: string };
  } = {}
): Promise<RunningPlatform> {
  const k8sToken = randomBytes(16).toString('hex');
  const config = loadSimConfig(
    {
      SIM_HOST: '127.0.0.1',
      SIM_PORT: String(port),
      SIM_TICK_MS: String(opts.tickMs ?? 200),
      SIM_ROLLOUT_DELAY_MS: '100',
      SIM_K8S_TOKEN: k8sToken,
      SIM_LOG_LEVEL: process.env.E2E_SIM_LOG_LEVEL ?? 'silent',
      ...(opts.credentialsAgent
        ? {
            SIM_CREDENTIALS_AGENT_PUSH_URL: opts.credentialsAgent.pushUrl,
            SIM_CREDENTIALS_AGENT_TOKEN: opts.credentialsAgent.token,
            // Applying a credential where the workload authenticates takes a moment: the job is seen waiting.
            SIM_CREDENTIALS_AGENT_APPLY_MS: '2000',
          }
        : {}),
    },
    []
  );
  const sim = buildSimulator(config);
  await sim.start();
  const url = `http://127.0.0.1:${port}`;
  let vm: Awaited<ReturnType<typeof startVictoriaMetrics>> | undefined;
  try {
    if (opts.vmPort && process.env.E2E_VM !== '0' && findBinary([...BINARIES.victoriaMetrics.names]))
      vm = await startVictoriaMetrics(`127.0.0.1:${port}`, opts.vmPort);
  } catch (e) {
    await sim.stop();
    throw e;
  }
  return {
    url,
    vmUrl: vm?.url,
    k8sToken,
    sim,
    sidecarEnv: {
      SWITCHYARD_PLATFORM_URL: url,
      SWITCHYARD_OUTBOUND_HOSTS: [`127.0.0.1:${port}`, ...(vm ? [new URL(vm.url).host] : [])].join(','),
      SWITCHYARD_K8S_URL: url,
      SWITCHYARD_K8S_TOKEN: k8sToken,
      ...(vm ? { SWITCHYARD_VM_URL: vm.url } : {}),
      // The simulator's error noise on a single tenant over a short window (as in migration.e2e.test.ts).
      SWITCHYARD_MIGRATION_MAX_ERROR_RATIO: '0.2',
      // Fast workers and retries: the suites wait for jobs to finish.
      SWITCHYARD_JOB_POLL_MS: '100',
      SWITCHYARD_JOB_RETRY_BASE_MS: '50',
      SWITCHYARD_JOB_RETRY_MAX_MS: '500',
      SWITCHYARD_HEALTH_REFRESH_MS: '2000',
    },
    stop: async () => {
      await sim.stop();
      if (vm) {
        await vm.proc.stop();
        rmSync(vm.dir, { recursive: true, force: true });
      }
    },
  };
}

export async function simState(platformUrl: string): Promise<SimState> {
  const r = await fetch(`${platformUrl}/sim/state`);
  if (!r.ok) throw new Error(`GET /sim/state: ${r.status}`);
  return (await r.json()) as SimState;
}

export interface SimEffects {
  counts: Record<string, number>;
  byTarget: Record<string, number>;
  recent: unknown[];
}

export async function simEffects(platformUrl: string): Promise<SimEffects> {
  const r = await fetch(`${platformUrl}/sim/effects`);
  if (!r.ok) throw new Error(`GET /sim/effects: ${r.status}`);
  return (await r.json()) as SimEffects;
}

/** POST /sim/scenarios (partial knobs); throws on a rejected patch so a typo cannot pass silently. */
export async function setScenarios(platformUrl: string, patch: Record<string, unknown>): Promise<void> {
  const r = await fetch(`${platformUrl}/sim/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
  if (!r.ok) throw new Error(`POST /sim/scenarios: ${r.status} ${await r.text()}`);
}

/**
 * Imports the simulator's tenants (same id, plan, environment, org/app UUIDs, active), shards and
 * placements into the sidecar through the inventory sync an operator runs from the Fleet page.
 */
export async function seedFromSimulator(api: Api, platformUrl: string): Promise<{ tenants: number; sync: unknown }> {
  const state = await simState(platformUrl);
  const sync = await importInventory(api);
  if (sync.tenants !== state.tenants.length)
    throw new Error(`inventory sync imported ${sync.tenants} tenants, the simulator has ${state.tenants.length}`);
  return { tenants: sync.tenants, sync };
}

/**
 * Simulator tenants reserved per line and purpose for mutating specs, so the two lines (and the specs)
 * never act on one tenant: clean (no seeded isolation problem), placed, non-prod unless `approval`.
 * The first simulator tenant is left to fleet.test.ts's dry run.
 */
export function reservedTenant(
  tenants: SimTenant[],
  line: LineName,
  purpose: 'drain' | 'cancel' | 'migrate' | 'approval' | 'observe' | 'scale' | 'retry' | 'credentials'
): SimTenant {
  const clean = tenants.slice(1).filter((t) => t.isolationProblem === null && Object.values(t.placement).some(Boolean));
  const pool = clean.filter((t) => (purpose === 'approval' ? t.environment === 'prod' : t.environment !== 'prod'));
  const i =
    (line === 'grafana-12' ? 0 : 1) +
    { drain: 0, cancel: 2, migrate: 4, approval: 0, observe: 6, scale: 8, retry: 10, credentials: 12 }[purpose];
  const t = pool[i];
  if (!t) throw new Error(`no simulator tenant left for ${purpose} on ${line}`);
  return t;
}

/** One key of a Secret as the platform holds it (read through the simulator's Kubernetes API). */
export async function platformSecretValue(
  platformUrl: string,
  k8sToken: string,
  environment: string,
  secret: string,
  key: string
): Promise<string> {
  const r = await fetch(`${platformUrl}/api/v1/namespaces/platform-${environment}/secrets/${secret}`, {
    headers: { authorization: `Bearer ${k8sToken}` },
  });
  if (!r.ok) throw new Error(`GET secret ${environment}/${secret}: ${r.status}`);
  const b64 = ((await r.json()) as { data?: Record<string, string> }).data?.[key];
  if (b64 === undefined) throw new Error(`secret ${environment}/${secret} has no key ${key}`);
  return Buffer.from(b64, 'base64').toString('utf8');
}
