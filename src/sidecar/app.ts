/**
 * THE composition root: config → logger, metrics, store → services → routes. main.ts and every test
 * build the app through `buildApp`; nothing else constructs services or opens the store.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER } from '../contract';
import { createAuthenticator } from './kernel/trust/authenticate';
import { IdTokenVerifier } from './kernel/trust/idToken';
import type { Config } from './kernel/config/config';
import { registerErrorHandling } from './kernel/errors';
import { createJobs } from './jobs';
import { createLogger } from './kernel/logger';
import { createMetrics } from './kernel/metrics';
import { auditRoutes } from './modules/audit/audit.routes';
import { registerHealthRoutes } from './kernel/health.routes';
import { mergeHandlers, registerEndpoints } from './kernel/registrar';
import { jobsRoutes } from './jobs/jobs.routes';
import { tenantsRoutes } from './modules/tenants/tenants.routes';
import { isolationRoutes } from './modules/isolation/isolation.routes';
import { placementRoutes } from './modules/placement/placement.routes';
import { buildPlacement } from './modules/placement';
import { AuditService } from './modules/audit/audit.service';
import { IdempotencyService } from './kernel/idempotency/idempotency.service';
import { buildIsolation } from './modules/isolation';
import { buildOperations } from './modules/operations/index';
import { Mutations } from './kernel/mutations';
import { TenantsService } from './modules/tenants/tenants.service';
import { openDatabase, type Database } from './kernel/database/database';
import { systemClock, type Clock } from './kernel/clock';

export interface AppOverrides {
  logger?: Logger;
  /** An already-open database (tests that inspect or tamper with tables directly). */
  database?: Database;
  clock?: Clock;
}

const PURGE_INTERVAL_MS = 15 * 60_000;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The browser client sends a fresh UUID as X-Request-Id so the id it shows on a failure is the one in
 * our logs and audit entries. Anything that is not a well-formed UUID is replaced by our own.
 */
export function adoptRequestId(sent: string | string[] | undefined): string {
  return typeof sent === 'string' && UUID_PATTERN.test(sent) ? sent : randomUUID();
}

export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<FastifyInstance> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock(config.clockOffsetMs);
  const database = overrides.database ?? (await openDatabase(config.store));
  const metrics = createMetrics();

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: (req) => adoptRequestId(req.headers[REQUEST_ID_HEADER]),
    requestIdHeader: false,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: false,
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
  });
  app.decorateRequest('caller', null);
  // JSON bodies only.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    reply.header('cache-control', 'no-store');
  });
  metrics.install(app);
  registerErrorHandling(app);

  const mutations = new Mutations(database.db, logger.child({ component: 'audit' }), clock);
  const idempotency = new IdempotencyService(database.db, config.idempotency, clock);
  const tenants = new TenantsService(database.db, mutations);
  const audit = new AuditService(database.db, mutations);
  const isolation = buildIsolation(config, { db: database.db, mutations, registry: metrics.registry, logger, clock });
  const operations = buildOperations(config, { db: database.db, logger, clock });
  const placement = await buildPlacement(config, { db: database.db, dialect: database.kind, mutations, logger, clock });
  const jobs = createJobs(
    config,
    database.db,
    mutations,
    tenants,
    logger,
    clock,
    { ...placement, thresholds: config.placement.thresholds },
    operations.jobListener
  );
  const tokens = new IdTokenVerifier({
    jwksUrl: config.grafana.jwksUrl,
    issuer: config.grafana.issuer,
    allowedOrgs: config.grafana.allowedOrgs,
    cooldownMs: config.jwks.cooldownMs,
    cacheMaxAgeMs: config.jwks.cacheMaxAgeMs,
    clock,
  });

  registerHealthRoutes(app, { ping: database.ping, registry: metrics.registry });
  registerEndpoints(
    app,
    mergeHandlers(
      tenantsRoutes(tenants),
      auditRoutes(audit),
      jobsRoutes(jobs.service),
      isolationRoutes(isolation.service),
      operations.routes,
      placementRoutes(placement.service)
    ),
    {
      authenticate: createAuthenticator(config.proxySecret, tokens),
      idempotency,
      validateResponses: config.validateResponses,
    }
  );

  const purge = setInterval(() => {
    idempotency.purgeExpired().catch((err: Error) => logger.warn({ err: err.message }, 'idempotency key purge failed'));
  }, PURGE_INTERVAL_MS);
  purge.unref();
  operations.registerDirectRoutes(app);
  isolation.start();
  operations.start();
  jobs.registerMetrics(metrics.registry);
  jobs.start();
  app.addHook('onClose', async () => {
    clearInterval(purge);
    await jobs.stop();
    await isolation.stop();
    await operations.stop();
    await placement.close();
    if (!overrides.database) await database.close();
  });
  return app;
}
