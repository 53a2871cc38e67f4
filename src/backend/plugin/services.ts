/**
 * The gRPC method implementations of the plugin protocol (pluginv2 Data, Diagnostics, Resource) on
 * top of BackendHandlers. Nothing a handler does for one query becomes a gRPC error: bad query JSON,
 * a thrown handler, a missing answer or a frame that cannot be encoded are that refId's error.
 *
 * Every QueryData, CheckHealth and CallResource call hands its handler an AbortSignal that fires
 * when the client cancels the call (gRPC `cancelled`, e.g. Grafana's request context ending), when
 * the call's deadline passes, or when shutdown force-closes it. A call that ended this way is never
 * answered: nothing is written to it, and the request metric records `cancelled`.
 */
import {
  status as GrpcStatus,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
} from '@grpc/grpc-js';
import {
  callResourceMessages,
  callResourceRequestFrom,
  dataQueryFrom,
  dataResponseMessage,
  errorResponse,
  pluginContextFrom,
} from './convert';
import type { DataResponse } from '../frames/frame';
import type { Logger } from './log';
import { INVALID_JSON_QUERY_TYPE, type PluginMetrics } from './metrics';
import type { Message } from './proto';
import type { BackendHandlers, DataQuery } from './types';

type Unary = (call: ServerUnaryCall<Message, Message>, callback: sendUnaryData<Message>) => void;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((value as Record<string, unknown>) ?? {})) out[k] = String(v);
  return out;
}

export interface ServiceContext {
  handlers: BackendHandlers;
  logger: Logger;
  metrics: PluginMetrics;
}

/** setTimeout's longest delay; a deadline further away is left to the client. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface CallSignal {
  signal: AbortSignal;
  /** The client is gone (cancelled, deadline passed): the call must not be written to. */
  ended(): boolean;
  /** Stops watching the call (its answer is sent or dropped). */
  release(): void;
}

/** An AbortSignal for one call: aborted on the call's `cancelled` event and when its deadline passes. */
function watchCall(
  call: Pick<ServerUnaryCall<Message, Message>, 'on' | 'removeListener' | 'getDeadline' | 'cancelled'>
): CallSignal {
  const controller = new AbortController();
  const cancel = () => {
    if (!controller.signal.aborted) {
      controller.abort(new DOMException('the client cancelled the call', 'AbortError'));
    }
  };
  call.on('cancelled', cancel);
  let timer: NodeJS.Timeout | undefined;
  const deadline = call.getDeadline();
  const at = deadline instanceof Date ? deadline.getTime() : Number(deadline);
  if (Number.isFinite(at) && at - Date.now() <= MAX_TIMER_MS) {
    timer = setTimeout(
      () => {
        if (!controller.signal.aborted) {
          controller.abort(new DOMException('the call deadline passed', 'TimeoutError'));
        }
      },
      Math.max(0, at - Date.now())
    );
  }
  if (call.cancelled) cancel();
  return {
    signal: controller.signal,
    ended: () => controller.signal.aborted || call.cancelled,
    release: () => {
      clearTimeout(timer);
      call.removeListener('cancelled', cancel);
    },
  };
}

export function queryDataMethod({ handlers, logger, metrics }: ServiceContext): Unary {
  return (call, callback) => {
    const done = metrics.startRequest('QueryData');
    const watch = watchCall(call);
    void (async () => {
      const request = call.request;
      const responses: Record<string, Message> = {};
      const valid: DataQuery[] = [];
      for (const raw of (request.queries as unknown[]) ?? []) {
        const decoded = dataQueryFrom(raw);
        if (decoded.ok) valid.push(decoded.query);
        else {
          responses[decoded.refId] = errorResponse(decoded.error, 400, 'plugin');
          metrics.countQuery(INVALID_JSON_QUERY_TYPE, 'error');
        }
      }
      if (valid.length > 0) {
        let answers: Record<string, DataResponse> = {};
        let failure: string | undefined;
        try {
          answers = await handlers.queryData({
            pluginContext: pluginContextFrom(request.pluginContext),
            headers: stringRecord(request.headers),
            queries: valid,
            signal: watch.signal,
          });
        } catch (error) {
          failure = messageOf(error);
          logger.error('query handler failed', { error: failure, refIds: valid.map((q) => q.refId) });
        }
        if (watch.ended()) return cancelled();
        for (const query of valid) {
          const answer = answers?.[query.refId];
          let message: Message;
          if (failure !== undefined) message = errorResponse(`query failed: ${failure}`, 500, 'plugin');
          else if (!answer) message = errorResponse(`no response for query ${query.refId}`, 500, 'plugin');
          else {
            try {
              message = dataResponseMessage(query.refId, answer);
            } catch (error) {
              logger.error('frame encoding failed', { refId: query.refId, error: messageOf(error) });
              message = errorResponse(`frame encoding failed: ${messageOf(error)}`, 500, 'plugin');
            }
          }
          metrics.countQuery(query.queryType, message.error ? 'error' : 'ok');
          responses[query.refId] = message;
        }
      }
      if (watch.ended()) return cancelled();
      watch.release();
      done('ok');
      callback(null, { responses });
    })().catch((error: unknown) => {
      if (watch.ended()) return cancelled();
      watch.release();
      done('error');
      logger.error('QueryData failed', { error: messageOf(error) });
      callback({ code: GrpcStatus.INTERNAL, details: 'QueryData failed' });
    });

    function cancelled(): void {
      watch.release();
      done('cancelled');
      logger.debug('QueryData ended by the client before its answer; not answered', {
        refIds: ((call.request.queries as { refId?: string }[]) ?? []).map((q) => q?.refId ?? ''),
      });
    }
  };
}

export function checkHealthMethod({ handlers, logger, metrics }: ServiceContext): Unary {
  return (call, callback) => {
    const done = metrics.startRequest('CheckHealth');
    const watch = watchCall(call);
    const cancelled = () => {
      watch.release();
      done('cancelled');
      logger.debug('CheckHealth ended by the client before its answer; not answered');
    };
    Promise.resolve()
      .then(() =>
        handlers.checkHealth({
          pluginContext: pluginContextFrom(call.request.pluginContext),
          headers: stringRecord(call.request.headers),
          signal: watch.signal,
        })
      )
      .then(
        (result) => {
          if (watch.ended()) return cancelled();
          watch.release();
          const details = result.jsonDetails ? Buffer.from(JSON.stringify(result.jsonDetails)) : Buffer.alloc(0);
          done(result.status === 'OK' ? 'ok' : 'error');
          callback(null, { status: result.status, message: result.message, jsonDetails: details });
        },
        (error: unknown) => {
          if (watch.ended()) return cancelled();
          watch.release();
          logger.error('health check handler failed', { error: messageOf(error) });
          done('error');
          callback(null, {
            status: 'ERROR',
            message: `health check failed: ${messageOf(error)}`,
            jsonDetails: Buffer.alloc(0),
          });
        }
      );
  };
}

export function collectMetricsMethod({ metrics, logger }: ServiceContext): Unary {
  return (_call, callback) => {
    const done = metrics.startRequest('CollectMetrics');
    metrics.text().then(
      (text) => {
        done('ok');
        callback(null, { metrics: { prometheus: Buffer.from(text) } });
      },
      (error: unknown) => {
        done('error');
        logger.error('collecting metrics failed', { error: messageOf(error) });
        callback(null, { metrics: { prometheus: Buffer.alloc(0) } });
      }
    );
  };
}

export function callResourceMethod({ handlers, logger, metrics }: ServiceContext) {
  return (call: ServerWritableStream<Message, Message>) => {
    const done = metrics.startRequest('CallResource');
    const watch = watchCall(call);
    const request = { ...callResourceRequestFrom(call.request), signal: watch.signal };
    const cancelled = () => {
      watch.release();
      done('cancelled');
      logger.debug('CallResource ended by the client before its answer; not answered', { path: request.path });
    };
    Promise.resolve()
      .then(() => handlers.callResource(request))
      .catch((error: unknown) => {
        if (!watch.ended()) logger.error('resource handler failed', { path: request.path, error: messageOf(error) });
        const body = JSON.stringify({ code: 'INTERNAL', message: `resource ${request.path} failed` });
        return { code: 500, headers: { 'Content-Type': ['application/json'] }, body: Buffer.from(body) };
      })
      .then((response) => {
        if (watch.ended()) return cancelled();
        watch.release();
        for (const message of callResourceMessages(response)) call.write(message);
        call.end();
        done(response.code < 500 ? 'ok' : 'error');
      })
      .catch((error: unknown) => {
        if (watch.ended()) return cancelled();
        watch.release();
        done('error');
        logger.error('CallResource failed', { error: messageOf(error) });
        call.destroy(error as Error);
      });
  };
}
