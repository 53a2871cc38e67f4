/**
 * The Switchyard data source's logic behind Grafana's plugin protocol: QueryData, CheckHealth and
 * CallResource over the sidecar's read endpoints. No @grafana/* imports; the protocol layer
 * (src/backend/plugin) decodes Grafana's messages and calls these handlers.
 *
 * Environment: SWITCHYARD_DS_TIMEOUT_MS bounds one sidecar request (default 10000, 100 to 120000);
 * SWITCHYARD_DS_QUERY_TIMEOUT_MS bounds all the sidecar requests of one query, health check or
 * resource call together, paging included (default 30000 — Grafana's own query and alert evaluation
 * timeout — and never below the per-request timeout; at most 600000). Past it the query is a 504.
 * When Grafana cancels a call (or its deadline passes) its sidecar requests stop at once.
 */
import { DS_QUERY_TYPES } from '../../contract';
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
  const budgetMs = Math.min(Math.max(Number(env.SWITCHYARD_DS_QUERY_TIMEOUT_MS) || 30_000, timeoutMs), 600_000);
  const fetchImpl: FetchLike = deps.fetch ?? ((url, init) => fetch(url, init));
  const now = deps.now ?? Date.now;
  const log = deps.log ?? stderrLog;

  /** One client per query, health check or resource call: its own time budget, the call's signal. */
  const clientFor = (
    ctx: PluginContext,
    headers: Record<string, string | string[]>,
    signal: AbortSignal | undefined
  ): SidecarClient | QueryError => {
    const target = sidecarTarget(ctx);
    if (!('token' in target)) return target;
    return new SidecarClient(target, identityHeaders(ctx.user, headers), fetchImpl, { timeoutMs, budgetMs, signal });
  };

  return {
    queryTypes: DS_QUERY_TYPES,
    async queryData(request) {
      const secrets = secretsOf(request.pluginContext);
      const answers = await Promise.all(
        request.queries.map(async (q) => {
          const client = clientFor(request.pluginContext, request.headers, request.signal);
          return [q.refId, await answerQuery(q, { client, now, log, secrets, signal: request.signal })] as const;
        })
      );
      return Object.fromEntries(answers);
    },
    async checkHealth(request) {
      const result = await checkSidecar(
        clientFor(request.pluginContext, request.headers, request.signal),
        secretsOf(request.pluginContext)
      );
      log(result.status === 'OK' ? 'info' : 'warn', 'health check', { status: result.status, message: result.message });
      return result;
    },
    async callResource(request) {
      return handleResource(
        request,
        clientFor(request.pluginContext, request.headers, request.signal),
        secretsOf(request.pluginContext)
      );
    },
  };
}
