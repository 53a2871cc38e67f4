/**
 * Reliability harness: the sidecar as a real child process (so it can be SIGKILLed) on a temp SQLite
 * file or a PostgreSQL database, an identity provider for Grafana ID tokens, and an HTTP client
 * that sends what Grafana's proxy would send.
 */
import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  GRAFANA_ID_HEADER,
  GRANTED_ACTION_HEADER,
  PROXY_SECRET_HEADER,
  buildPath,
  endpoints,
  type EndpointName,
  type JobDetail,
} from '../../src/contract';
import { freePort } from '../../scripts/stack/lib/processes';
import { SIDECAR, bundle, isStale } from '../../scripts/bundle-node';
import { startIdentityProvider, type IdentityProvider } from '../../src/sidecar/testing/identityProvider';
import { TEST_SECRET } from '../../src/sidecar/testing/testApp';

const ROOT = resolve(__dirname, '..', '..');

export interface SidecarProcess {
  url: string;
  child: ChildProcess;
  /** kill -9: no shutdown hooks, no lease release. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

let bundled: Promise<string> | null = null;

/** The sidecar as production runs it (.build/sidecar/main.cjs), rebuilt once per test process when stale. */
export function sidecarBundle(): Promise<string> {
  bundled ??= (async () => {
    if (isStale(SIDECAR.outfile)) await bundle(SIDECAR.entry, SIDECAR.outfile);
    return join(ROOT, SIDECAR.outfile);
  })();
  return bundled;
}

/**
 * Sidecar starts in this process, one at a time: a port from freePort() is free only until someone
 * binds it, so two lanes starting at once could be handed the same port — and the loser's readiness
 * probe would then be answered by the winner's sidecar, on another database.
 */
let starting: Promise<unknown> = Promise.resolve();

export function spawnSidecar(env: Record<string, string>): Promise<SidecarProcess> {
  const started = starting.then(() => startSidecar(env));
  starting = started.catch(() => undefined);
  return started;
}

async function startSidecar(env: Record<string, string>): Promise<SidecarProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', await sidecarBundle()], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_PATH: join(ROOT, 'node_modules'),
      LOG_LEVEL: 'warn',
      SWITCHYARD_PORT: String(port),
      SWITCHYARD_HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sidecar exited at start: ${stderr}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`sidecar did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    child,
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export function tempSqlite(): { path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sy-rel-'));
  return { path: join(dir, 'switchyard.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ApiClient {
  idp: IdentityProvider;
  call(
    base: string,
    name: EndpointName,
    opts?: {
      params?: Record<string, string>;
      query?: Record<string, string>;
      body?: unknown;
      headers?: Record<string, string>;
      login?: string;
    }
  ): Promise<{ status: number; json: any; headers: Headers }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  job(base: string, id: string): Promise<JobDetail>;
  waitJob(
    base: string,
    id: string,
    pred: (j: JobDetail) => boolean,
    timeoutMs?: number,
    intervalMs?: number
  ): Promise<JobDetail>;
}

/** Lifetime of the harness's ID tokens (Grafana's are short-lived too). */
const TOKEN_SECONDS = 300;

export async function apiClient(): Promise<ApiClient> {
  const idp = await startIdentityProvider();
  // One ID token per login, minted again well before it expires (a slow run outlives a token).
  const tokens = new Map<string, { token: string; renewAt: number }>();
  const token = async (login: string) => {
    const held = tokens.get(login);
    if (held && Date.now() < held.renewAt) return held.token;
    const minted = {
      token: await idp.mint({ claims: { username: login, sub: `user:${login}` }, expiresIn: TOKEN_SECONDS }),
      renewAt: Date.now() + (TOKEN_SECONDS * 1000) / 2,
    };
    tokens.set(login, minted);
    return minted.token;
  };
  const call: ApiClient['call'] = async (base, name, opts = {}) => {
    const def = endpoints[name];
    const qs = new URLSearchParams(opts.query ?? {}).toString();
    const res = await fetch(`${base}${buildPath(def.path, opts.params)}${qs ? `?${qs}` : ''}`, {
      method: def.method,
      headers: {
        [PROXY_SECRET_HEADER]: TEST_SECRET,
        [GRANTED_ACTION_HEADER]: def.action,
        [GRAFANA_ID_HEADER]: await token(opts.login ?? 'alice'),
        // Like the browser client: a fresh key per call to an idempotent endpoint unless one is given.
        ...(def.idempotent ? { 'idempotency-key': `rel-${randomUUID()}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
  };
  const job = async (base: string, id: string) => {
    const r = await call(base, 'getJob', { params: { id } });
    if (r.status !== 200) throw new Error(`getJob ${r.status}: ${JSON.stringify(r.json)}`);
    return r.json as JobDetail;
  };
  return {
    idp,
    call,
    job,
    async waitJob(base, id, pred, timeoutMs = 30_000, intervalMs = 20) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const j = await job(base, id);
        if (pred(j)) return j;
        if (Date.now() > deadline)
          throw new Error(
            `job ${id}: condition not reached in ${timeoutMs} ms (status ${j.status}, steps ${j.steps.map((s) => `${s.name}:${s.status}`).join(',')}, error ${JSON.stringify(j.error)})`
          );
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    },
  };
}

export const isTerminal = (j: JobDetail) => ['succeeded', 'failed', 'cancelled'].includes(j.status);

/** Base environment of a reliability sidecar pointed at the simulator. */
export function sidecarEnv(
  idp: IdentityProvider,
  simUrl: string,
  extra: Record<string, string> = {}
): Record<string, string> {
  return {
    SWITCHYARD_PROXY_SECRET: TEST_SECRET,
    GRAFANA_URL: idp.url,
    SWITCHYARD_PLATFORM_URL: simUrl,
    SWITCHYARD_OUTBOUND_HOSTS: `${new URL(simUrl).host},${idp.host}`,
    SWITCHYARD_K8S_URL: simUrl,
    SWITCHYARD_ISOLATION_REFRESH_MS: '0',
    SWITCHYARD_APPROVAL_POLICY: 'none',
    SWITCHYARD_JOB_POLL_MS: '50',
    SWITCHYARD_JOB_LEASE_MS: '1000',
    SWITCHYARD_JOB_RETRY_BASE_MS: '20',
    SWITCHYARD_JOB_RETRY_MAX_MS: '200',
    SWITCHYARD_JOB_WAIT_TIMEOUT_MS: '20000',
    SWITCHYARD_PLATFORM_TIMEOUT_MS: '2000',
    ...extra,
  };
}
