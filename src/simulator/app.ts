import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import type { SimConfig } from './config';
import { EffectLog } from './effects';
import { registerIsolationRoutes } from './isolation';
import { CredentialsAgent } from './credentialsAgent';
import { Cluster } from './kubernetes/cluster';
import { registerKubernetesRoutes } from './kubernetes/routes';
import { SimMetrics } from './metrics';
import { PlatformModel, SimError } from './model';
import { registerNodeAdminRoutes } from './nodeAdmin';
import { ImageRegistry, registerRegistryRoutes } from './registry';
import { PlatformStateFile } from './persistence';
import { ScenarioState } from './scenarios';
import { registerSimRoutes } from './simRoutes';
import { registerTenantRegistryRoutes } from './tenantRegistry';
import { TrafficEngine } from './traffic';

export interface Simulator {
  app: FastifyInstance;
  model: PlatformModel;
  scenarios: ScenarioState;
  effects: EffectLog;
  cluster: Cluster;
  registry: ImageRegistry;
  metrics: SimMetrics;
  engine: TrafficEngine;
  /** Listen, start the tick loop; resolves with the base URL. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

/** Composition root: config → model → scenarios → cluster → metrics → HTTP routes. */
export function buildSimulator(config: SimConfig, logger?: Logger): Simulator {
  // Root logger has no `service`; the simulator's own lines are `service=simulator`, platform
  // traffic lines carry the service they come from (gateway, aggregate...).
  const root = logger ?? pino({ level: config.logLevel, base: null, messageKey: 'msg' });
  const log = root.child({ service: 'simulator' });
  const model = new PlatformModel({
    seed: config.seed,
    tenants: config.tenants,
    shardsPerKind: config.shardsPerKind,
    environments: config.environments,
    clockOffsetMs: config.clockOffsetMs,
  });
  const stateFile = config.stateFile ? new PlatformStateFile(config.stateFile) : undefined;
  const restored = stateFile?.load(model);
  if (restored && typeof restored === 'object')
    log.warn({ file: config.stateFile, reason: restored.ignored }, 'platform state file ignored');
  else if (restored === 'loaded')
    log.info({ file: config.stateFile, draining: model.draining.size }, 'platform state restored');
  const scenarios = new ScenarioState(config.scenarios);
  const effects = new EffectLog();
  const metrics = new SimMetrics();
  const registry = new ImageRegistry(model);
  const cluster = new Cluster(model, scenarios, effects, config.rolloutDelayMs, registry);
  const engine = new TrafficEngine(model, scenarios, metrics, cluster, root);
  const agent =
    config.credentialsAgentPushUrl && config.credentialsAgentToken
      ? new CredentialsAgent(
          {
            pushUrl: config.credentialsAgentPushUrl,
            token: config.credentialsAgentToken,
            applyMs: config.credentialsAgentApplyMs,
            retryForMs: 120_000,
          },
          effects,
          root.child({ service: 'credentials-agent' }),
          () => model.now()
        )
      : undefined;
  if (agent) cluster.watchSecretCreates((secret) => agent.secretCreated(secret));

  const app: FastifyInstance = Fastify({
    loggerInstance: log as unknown as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 4 * 1024 * 1024,
    // stop() must not wait for requests the platform-API-hang knob holds open.
    forceCloseConnections: true,
  });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const s = String(body);
    if (s.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(s));
    } catch {
      done(Object.assign(new Error('request body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
  app.addHook('onRequest', async (req) => {
    const isK8s = req.url.startsWith('/api/') || req.url.startsWith('/apis/');
    const delay = req.url.startsWith('/nodes')
      ? scenarios.takeNodeAdminDelay()
      : isK8s
        ? scenarios.get().k8sDelayMs
        : 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    const url = req.url.split('?')[0];
    // Placement and drains change only through these routes: persist after each change.
    if (
      stateFile &&
      req.method !== 'GET' &&
      reply.statusCode < 400 &&
      (url.startsWith('/nodes/') || url.startsWith('/sim/'))
    ) {
      try {
        stateFile.save(model);
      } catch (err) {
        req.log.error({ err: (err as Error).message, file: config.stateFile }, 'platform state not saved');
      }
    }
    const tenantMatch =
      /\/(?:tenants|isolation)\/([a-z0-9][a-z0-9-]{1,62})/.exec(url) ?? /[?&]tenant=([a-z0-9-]+)/.exec(req.url);
    const level = url === '/metrics' || url === '/healthz' ? 'debug' : 'info';
    req.log[level](
      {
        tenant_id: tenantMatch?.[1],
        method: req.method,
        route: req.routeOptions.url,
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime),
      },
      'request handled'
    );
  });
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const status = err instanceof SimError ? err.status : err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, 'request failed');
    void reply.code(status).send({
      error: status === 404 ? 'not_found' : status < 500 ? 'bad_request' : 'internal',
      message: status >= 500 ? 'internal error' : err.message,
      requestId: req.id,
    });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async () => ({ status: 'ready', tenants: model.tenants.length, shards: model.shards.length }));
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  registerSimRoutes(app, model, scenarios, effects);
  registerNodeAdminRoutes(app, model, effects, scenarios);
  registerIsolationRoutes(app, model, scenarios, metrics);
  registerKubernetesRoutes(app, cluster, config.k8sToken);
  registerRegistryRoutes(app, registry);
  registerTenantRegistryRoutes(app, model);

  let timer: NodeJS.Timeout | undefined;
  let last = Date.now();
  engine.tick(config.tickMs / 1000);
  return {
    app,
    model,
    scenarios,
    effects,
    cluster,
    registry,
    metrics,
    engine,
    async start() {
      const address = await app.listen({ host: config.host, port: config.port });
      last = Date.now();
      timer = setInterval(() => {
        const now = Date.now();
        engine.tick(Math.min(10, (now - last) / 1000));
        last = now;
      }, config.tickMs);
      log.info(
        { address, tenants: model.tenants.length, shards: model.shards.length, seed: config.seed },
        'simulator listening'
      );
      return address;
    },
    async stop() {
      const t0 = Date.now();
      if (timer) clearInterval(timer);
      cluster.stop();
      agent?.stop();
      await app.close();
      log.debug({ duration_ms: Date.now() - t0 }, 'simulator stopped');
    },
  };
}
