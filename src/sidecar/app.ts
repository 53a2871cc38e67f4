/**
 * THE composition root: config → kernel (logger, metrics, clock, database, mutations, idempotency,
 * trust boundary) → platform adapters → modules (each a SidecarModule) → job engine → routes.
 * main.ts and every test build the app through `buildApp`; nothing else constructs modules or opens
 * the database. A new capability is a new folder under modules/ and one line in MODULES below.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER } from '../contract';
import { createJobs, jobsMigrations, jobsRoutes, type JobsService, type ModuleJobs } from './jobs';
import { systemClock, type Clock } from './kernel/clock';
import type { Config, StoreConfig } from './kernel/config/config';
import { openDatabase, type Database } from './kernel/database/database';
import type { NumberedMigration } from './kernel/database/migrations';
import { registerErrorHandling } from './kernel/errors';
import { clientErrorHandler, frameworkErrorHandler, installSecurityHeaders, serverTimeouts } from './kernel/hardening';
import { registerHealthRoutes } from './kernel/health.routes';
import { idempotencyMigrations } from './kernel/idempotency/idempotency.migrations';
import { IdempotencyService } from './kernel/idempotency/idempotency.service';
import { createLogger } from './kernel/logger';
import { createMetrics } from './kernel/metrics';
import type { ModuleContext, ModuleInstance } from './kernel/module';
import { Mutations } from './kernel/mutations';
import { runWithRequestId } from './kernel/requestContext';
import { mergeHandlers, registerEndpoints, type RegistrarDeps } from './kernel/registrar';
import { createAuthenticator } from './kernel/trust/authenticate';
import { IdTokenVerifier } from './kernel/trust/idToken';
import { auditModule } from './modules/audit';
import { configModule } from './modules/config';
import { entitlementsModule } from './modules/entitlements';
import { definitionsModule } from './modules/definitions';
import { deploymentsModule } from './modules/deployments';
import { isolationModule } from './modules/isolation';
import { operationsModule } from './modules/operations';
import { placementModule, type InventoryReconciler, type SubmitJob } from './modules/placement';
import { securityModule } from './modules/security';
import { tenantsModule } from './modules/tenants';
import { createPlatform } from './platform';
import { grafanaKeysFetch } from './platform/grafana';

/** Every feature module, in creation order (a module may use the exports of those before it). */
export const MODULES = [
  tenantsModule,
  auditModule,
  isolationModule,
  operationsModule,
  placementModule,
  securityModule,
  entitlementsModule,
  deploymentsModule,
  definitionsModule,
  configModule,
] as const;

/** The one migration sequence: the kernel's and the job engine's tables, then each module's. */
export const MIGRATIONS: readonly NumberedMigration[] = [
  ...idempotencyMigrations,
  ...jobsMigrations,
  ...MODULES.flatMap((m) => m.migrations),
];

/** Opens the configured database and brings it to the latest migration. */
export function openSidecarDatabase(store: StoreConfig): Promise<Database> {
  return openDatabase(store, MIGRATIONS);
}

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

function createServer(config: Config, logger: Logger): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: (req) => adoptRequestId(req.headers[REQUEST_ID_HEADER]),
    requestIdHeader: false,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: false,
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
    // No automatic HEAD twin of every GET: HEAD would run the GET handler (an audit export records
    // an export) without delivering the body. HEAD is answered 404 like any route outside the table.
    exposeHeadRoutes: false,
    ...serverTimeouts(),
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
  });
  installSecurityHeaders(app);
  app.decorateRequest('caller', null);
  // JSON bodies only.
  app.removeContentTypeParser('text/plain');
  // The id on the response, and on outbound calls made while handling the request (platform/http.ts).
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    runWithRequestId(request.id, done);
  });
  return app;
}

async function createModules(
  ctx: ModuleContext,
  jobs: () => JobsService
): Promise<{
  modules: Array<ModuleInstance<object, ModuleJobs>>;
  recordRefusal: RegistrarDeps['onRefused'];
  resolveScope: RegistrarDeps['resolveScope'];
  inventoryReconciler: InventoryReconciler;
}> {
  const platform = createPlatform(ctx.config, ctx.clock);
  const tenants = await tenantsModule.create({ ...ctx, nodeAdmin: platform.nodeAdmin });
  const security = await securityModule.create(ctx);
  const placement = await placementModule.create({ ...ctx, ...platform, ...tenants.exports });
  const entitlements = await entitlementsModule.create({ ...ctx, grafanaTeams: platform.grafanaTeams });
  return {
    modules: [
      tenants,
      await auditModule.create(ctx),
      await isolationModule.create({ ...ctx, isolationApi: platform.isolationApi }),
      await operationsModule.create({ ...ctx, ...platform }),
      placement,
      security,
      entitlements,
      await deploymentsModule.create({ ...ctx, ...platform }),
      await definitionsModule.create({ ...ctx, jobs }),
      await configModule.create({ ...ctx, tenants: tenants.exports.tenants, jobs }),
    ],
    recordRefusal: security.exports.record,
    resolveScope: entitlements.exports.scopeOf,
    inventoryReconciler: placement.exports.inventoryReconciler,
  };
}

/** The scheduled inventory reconcile submits its syncs as the sidecar itself (audited as `switchyard`). */
function reconcileSubmitter(jobs: JobsService, config: Config): SubmitJob {
  const actor = { login: 'switchyard', orgId: config.grafana.allowedOrgs[0], role: 'system' };
  return async (input) => {
    const requestId = randomUUID();
    const r = await jobs.create({ actor, requestId }, { ...actor, sub: 'service:inventory-reconcile' }, input, false);
    return { jobId: r.job?.id ?? '' };
  };
}

export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<FastifyInstance> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock(config.clockOffsetMs);
  const database = overrides.database ?? (await openSidecarDatabase(config.store));
  const metrics = createMetrics();
  const app = createServer(config, logger);
  metrics.install(app);
  registerErrorHandling(app);

  const mutations = new Mutations(database.db, logger.child({ component: 'audit' }), clock);
  const idempotency = new IdempotencyService(database.db, config.idempotency, clock);
  const ctx: ModuleContext = {
    config,
    db: database.db,
    dialect: database.kind,
    mutations,
    logger,
    clock,
    metrics: metrics.registry,
  };
  // Modules that start jobs of their own get the engine's service once it exists (it needs their job types).
  let jobsService: JobsService | null = null;
  const { modules, recordRefusal, resolveScope, inventoryReconciler } = await createModules(ctx, () => {
    if (!jobsService) throw new Error('the job engine is not created yet');
    return jobsService;
  });
  const jobs = createJobs({
    config: config.jobs,
    platformTimeoutMs: config.platform.timeoutMs,
    db: database.db,
    mutations,
    logger,
    clock,
    contributions: modules.flatMap((m) => (m.jobs ? [m.jobs] : [])),
  });
  jobsService = jobs.service;
  const tokens = new IdTokenVerifier({
    jwksUrl: config.grafana.jwksUrl,
    issuer: config.grafana.issuer,
    allowedOrgs: config.grafana.allowedOrgs,
    cooldownMs: config.jwks.cooldownMs,
    cacheMaxAgeMs: config.jwks.cacheMaxAgeMs,
    clock,
    fetchKeys: grafanaKeysFetch({
      allowedHosts: config.platform.outboundHosts,
      timeoutMs: config.operations.annotations.timeoutMs,
    }),
  });

  registerHealthRoutes(app, { ping: database.ping, registry: metrics.registry, metricsToken: config.metricsToken });
  registerEndpoints(app, mergeHandlers(jobsRoutes(jobs.service), ...modules.map((m) => m.routes)), {
    authenticate: createAuthenticator(config.proxySecret, tokens, {
      token: config.datasourceToken,
      orgId: config.grafana.allowedOrgs[0],
    }),
    idempotency,
    validateResponses: config.validateResponses,
    onRefused: recordRefusal,
    resolveScope,
  });
  for (const m of modules) m.directRoutes?.(app);

  const purge = setInterval(() => {
    idempotency.purgeExpired().catch((err: Error) => logger.warn({ err: err.message }, 'idempotency key purge failed'));
  }, PURGE_INTERVAL_MS);
  purge.unref();
  for (const m of modules) m.start?.();
  jobs.registerMetrics(metrics.registry);
  jobs.start();
  inventoryReconciler.start(reconcileSubmitter(jobs.service, config));
  app.addHook('onClose', async () => {
    clearInterval(purge);
    await jobs.stop();
    for (const m of [...modules].reverse()) await m.stop?.();
    if (!overrides.database) await database.close();
  });
  return app;
}
