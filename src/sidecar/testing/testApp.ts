/**
 * Builds the real app (buildApp, the composition root) on a temp SQLite file or a fresh PostgreSQL
 * database, with a local identity provider, and offers `call(endpointName, …)` that sends what
 * Grafana's proxy would send (secret, granted action, ID token). Suites for later features reuse it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import {
  GRAFANA_ID_HEADER,
  GRANTED_ACTION_HEADER,
  PROXY_SECRET_HEADER,
  buildPath,
  endpoints,
  type EndpointName,
} from '../../contract';
import { buildApp, openSidecarDatabase } from '../app';
import { loadConfig, type Config } from '../kernel/config/config';
import type { Clock } from '../kernel/clock';
import type { Database } from '../kernel/database/database';
import { startIdentityProvider, type IdentityProvider, type TokenOptions } from './identityProvider';
import { createTestPgDatabase, pgSkipped } from './postgres';
import { testClock, testClockEnv } from './testClock';

export type Backend = 'sqlite' | 'postgres';
/** The stores every store-touching suite runs against. PostgreSQL is left out only with SWITCHYARD_SKIP_PG=1. */
export const BACKENDS: Backend[] = pgSkipped() ? ['sqlite'] : ['sqlite', 'postgres'];

export const TEST_SECRET = 'test-proxy-secret-0123456789abcdefghijkl';
export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789';
/** The header the metrics scraper sends. */
export const METRICS_AUTH = { authorization: `Bearer ${TEST_METRICS_TOKEN}` };

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number | string[]>;
  body?: unknown;
  /**
   * Extra headers; a value of `undefined` removes a default header. Like the browser client, a call
   * to an idempotent endpoint gets a fresh `idempotency-key` unless one is given (or removed).
   */
  headers?: Record<string, string | string[] | undefined>;
  /** Token options for this call (default: a valid token for alice in org 1). */
  token?: TokenOptions;
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  idp: IdentityProvider;
  /** The app's clock: fixtures derive every timestamp from it. */
  clock: Clock;
  call(name: EndpointName, opts?: CallOptions): Promise<LightMyRequestResponse>;
  /** The headers Grafana's proxy route for this endpoint would add (for hand-built requests). */
  proxyHeaders(name: EndpointName, token?: TokenOptions): Promise<Record<string, string>>;
  /** Row counts that every mutation changes (tenants, audit entries, idempotency keys). */
  counts(): Promise<{ tenants: number; audit: number; keys: number }>;
  close(): Promise<void>;
}

/**
 * `extraEnv` is added to the environment; with DATABASE_URL (postgres) or SWITCHYARD_SQLITE_PATH (sqlite)
 * in it, the app opens that existing database instead of a fresh one (and leaves it in place).
 */
export async function startTestApp(backend: Backend, extraEnv: Record<string, string> = {}): Promise<TestApp> {
  const clock = testClock({ ...process.env, ...extraEnv });
  const idp = await startIdentityProvider(clock);
  const cleanups: Array<() => Promise<void> | void> = [() => idp.close()];
  const env: Record<string, string> = {
    SWITCHYARD_PROXY_SECRET: TEST_SECRET,
    GRAFANA_URL: idp.url,
    LOG_LEVEL: 'silent',
    SWITCHYARD_VALIDATE_RESPONSES: 'true',
    SWITCHYARD_METRICS_TOKEN: TEST_METRICS_TOKEN,
    ...testClockEnv(),
    ...extraEnv,
    // Grafana (the identity provider's JWKS) is called through the outbound allowlist like any host.
    SWITCHYARD_OUTBOUND_HOSTS: [idp.host, extraEnv.SWITCHYARD_OUTBOUND_HOSTS ?? ''].filter(Boolean).join(','),
  };
  if (backend === 'postgres' && extraEnv.DATABASE_URL) {
    // The caller owns this database (for example one restored from a fixture).
  } else if (backend === 'sqlite' && extraEnv.SWITCHYARD_SQLITE_PATH) {
    // The caller owns this file.
  } else if (backend === 'postgres') {
    const pg = await createTestPgDatabase();
    cleanups.push(() => pg.drop());
    env.DATABASE_URL = pg.url;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'sy-test-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    env.SWITCHYARD_SQLITE_PATH = join(dir, 'nested', 'switchyard.db');
  }
  const config = loadConfig(env);
  const database = await openSidecarDatabase(config.store);
  cleanups.push(() => database.close());
  const app = await buildApp(config, { database, logger: pino({ level: 'silent' }), clock });
  cleanups.push(() => app.close());
  // Grafana's tokens live 10 minutes; a long suite (the fuzz run) gets a fresh one every 5 minutes of
  // its own running time, as Grafana would hand out.
  const TOKEN_REFRESH_MS = 300_000;
  let defaultToken = { value: await idp.mint(), at: performance.now() };
  const currentToken = async () => {
    if (performance.now() - defaultToken.at > TOKEN_REFRESH_MS) {
      defaultToken = { value: await idp.mint(), at: performance.now() };
    }
    return defaultToken.value;
  };

  async function proxyHeaders(name: EndpointName, token?: TokenOptions): Promise<Record<string, string>> {
    return {
      [PROXY_SECRET_HEADER]: TEST_SECRET,
      [GRANTED_ACTION_HEADER]: endpoints[name].action,
      [GRAFANA_ID_HEADER]: token ? await idp.mint(token) : await currentToken(),
    };
  }

  async function call(name: EndpointName, opts: CallOptions = {}): Promise<LightMyRequestResponse> {
    const def = endpoints[name];
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query ?? {})) {
      for (const one of Array.isArray(v) ? v : [v]) qs.append(k, String(one));
    }
    const headers: Record<string, string | string[] | undefined> = {
      ...(await proxyHeaders(name, opts.token)),
      ...(def.idempotent ? { 'idempotency-key': idempotencyKey() } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    };
    const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<
      string,
      string | string[]
    >;
    const query = qs.toString();
    return app.inject({
      method: def.method,
      url: `${buildPath(def.path, opts.params)}${query ? `?${query}` : ''}`,
      headers: clean,
      payload: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  }

  async function counts() {
    const db = database.db;
    const n = async (t: 'tenants' | 'audit_entries' | 'idempotency_keys') =>
      Number(
        (
          await db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n
      );
    return { tenants: await n('tenants'), audit: await n('audit_entries'), keys: await n('idempotency_keys') };
  }

  return {
    app,
    database,
    config,
    idp,
    clock,
    call,
    proxyHeaders,
    counts,
    close: async () => {
      for (const fn of cleanups.reverse()) await fn();
    },
  };
}

let seq = 0;
/** A valid createTenant body with a unique id. */
export function tenantBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  return {
    id: `t-${process.pid}-${seq}`,
    displayName: `Tenant ${seq}`,
    plan: 'team',
    environment: 'prod',
    organizationId: '6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
    applicationId: '7a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
    labels: { region: 'eu-west', tier: 'gold' },
    ...overrides,
  };
}

export function idempotencyKey(): string {
  return `key-${randomUUID()}`;
}
