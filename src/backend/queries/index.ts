/**
 * The Switchyard data source's logic behind Grafana's plugin protocol: QueryData, CheckHealth and
 * CallResource over the sidecar's read endpoints. No @grafana/* imports; the protocol layer
 * (src/backend/plugin) decodes Grafana's messages and calls these handlers.
 *
 * Environment: SWITCHYARD_DS_TIMEOUT_MS (one sidecar call, default 10000).
 */
import { createLogger } from '../plugin/log';
import type { BackendHandlers, PluginContext } from '../plugin/types';
import { checkSidecar } from './health';
import { identityHeaders } from './identity';
import { answerQuery, type Log } from './queryData';
import { handleResource } from './resources';
import { secretsOf, sidecarTarget } from './settings';
import { SidecarClient, type FetchLike } from './sidecarClient';
import type { QueryError } from './errors';

export interface HandlerDeps {
  fetch?: FetchLike;
  /** Epoch ms. */
  now?: () => number;
  log?: Log;
}

/**
 * hclog JSON lines on stderr through the protocol layer's logger (Grafana reads the plugin's stderr;
 * go-plugin demotes a line whose `@timestamp` lacks Go's six fractional digits to a raw debug line).
 */
const stderrLogger = createLogger('switchyard-datasource');
const stderrLog: Log = (level, message, fields) => stderrLogger.log(level, message, fields);

export function createSwitchyardHandlers(env: NodeJS.ProcessEnv, deps: HandlerDeps = {}): BackendHandlers {
  const timeoutMs = Math.min(Math.max(Number(env.SWITCHYARD_DS_TIMEOUT_MS) || 10_000, 100), 120_000);
  const fetchImpl: FetchLike = deps.fetch ?? ((url, init) => fetch(url, init));
  const now = deps.now ?? Date.now;
  const log = deps.log ?? stderrLog;

  const clientFor = (ctx: PluginContext, headers: Record<string, string | string[]>): SidecarClient | QueryError => {
    const target = sidecarTarget(ctx);
    if (!('token' in target)) return target;
    return new SidecarClient(target, identityHeaders(ctx.user, headers), fetchImpl, timeoutMs);
  };

  return {
    async queryData(request) {
      const client = clientFor(request.pluginContext, request.headers);
      const secrets = secretsOf(request.pluginContext);
      const answers = await Promise.all(
        request.queries.map(async (q) => [q.refId, await answerQuery(q, { client, now, log, secrets })] as const)
      );
      return Object.fromEntries(answers);
    },
    async checkHealth(request) {
      const result = await checkSidecar(
        clientFor(request.pluginContext, request.headers),
        secretsOf(request.pluginContext)
      );
      log(result.status === 'OK' ? 'info' : 'warn', 'health check', { status: result.status, message: result.message });
      return result;
    },
    async callResource(request) {
      return handleResource(
        request,
        clientFor(request.pluginContext, request.headers),
        secretsOf(request.pluginContext)
      );
    },
  };
}
