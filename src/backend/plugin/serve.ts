/**
 * Runs the data source backend as a go-plugin server, the way Grafana launches it: checks the
 * launch environment, binds a Unix socket, registers the protocol services plus go-plugin's health,
 * controller and stdio services, prints the handshake line (the only stdout output ever), and exits
 * on Shutdown, SIGTERM or the death of the parent process. Logs are hclog JSON on stderr.
 */
import fs from 'node:fs';
import {
  Server,
  ServerCredentials,
  status as GrpcStatus,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
} from '@grpc/grpc-js';
import { chooseListenAddress, checkLaunchEnvironment, handshakeLine, HandshakeError } from './handshake';
import { createLogger, type Logger } from './log';
import { createPluginMetrics, type PluginMetrics } from './metrics';
import { serviceDefinition, SERVICES, type Message } from './proto';
import { callResourceMethod, checkHealthMethod, collectMetricsMethod, queryDataMethod } from './services';
import type { BackendHandlers } from './types';

export interface ServeOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  metrics?: PluginMetrics;
  /** hclog module name. */
  module?: string;
  /** How often the parent process is checked (ms). */
  parentCheckMs?: number;
  /** Grace period for in-flight calls on shutdown before they are cancelled (ms). */
  shutdownGraceMs?: number;
}

export interface RunningPlugin {
  address: string;
  shutdown(reason: string): Promise<void>;
}

/** SDK parity: Grafana's Go plugins accept 16 MiB requests; responses are unlimited. */
const MAX_RECEIVE_BYTES = 16 * 1024 * 1024;

/** Anything written to stdout after the handshake would be discarded by go-plugin: send it to the log. */
function guardStdout(logger: Logger): void {
  const toLog =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      logger.log(level, args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  console.log = toLog('info');
  console.info = toLog('info');
  console.debug = toLog('debug');
  console.warn = toLog('warn');
  console.error = toLog('error');
  process.stdout.write = ((chunk: string | Uint8Array) => {
    logger.debug(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
}

function bind(server: Server, target: string): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync(target, ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port)
    )
  );
}

export async function serve(handlers: BackendHandlers, opts: ServeOptions = {}): Promise<RunningPlugin> {
  const env = opts.env ?? process.env;
  const logger = opts.logger ?? createLogger(opts.module ?? 'switchyard-datasource');
  try {
    checkLaunchEnvironment(env);
  } catch (error) {
    if (!(error instanceof HandshakeError)) throw error;
    process.stderr.write(error.message);
    process.exit(1);
  }
  guardStdout(logger);
  const metrics = opts.metrics ?? createPluginMetrics(undefined, undefined, { queryTypes: handlers.queryTypes });
  const context = { handlers, logger, metrics };
  const stdioStreams = new Set<ServerWritableStream<Message, Message>>();
  let stopping: Promise<void> | undefined;
  const listen = chooseListenAddress(env);

  const server = new Server({
    'grpc.max_receive_message_length': MAX_RECEIVE_BYTES,
    'grpc.max_send_message_length': -1,
  });

  const shutdown = (reason: string): Promise<void> => {
    stopping ??= new Promise<void>((resolve) => {
      logger.info('plugin shutting down', { reason });
      for (const stream of stdioStreams) stream.end();
      // In-flight calls get a grace period, then are cancelled: go-plugin SIGKILLs after 2 s.
      const force = setTimeout(() => {
        logger.warn('cancelling calls still running at shutdown');
        server.forceShutdown();
        resolve();
      }, opts.shutdownGraceMs ?? 1000);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    }).then(() => process.exit(0));
    return stopping;
  };

  server.addService(serviceDefinition(SERVICES.data), { QueryData: queryDataMethod(context) });
  server.addService(serviceDefinition(SERVICES.diagnostics), {
    CheckHealth: checkHealthMethod(context),
    CollectMetrics: collectMetricsMethod(context),
  });
  server.addService(serviceDefinition(SERVICES.resource), { CallResource: callResourceMethod(context) });
  server.addService(serviceDefinition(SERVICES.health), {
    Check: (call: ServerUnaryCall<Message, Message>, callback: sendUnaryData<Message>) => {
      const service = String(call.request.service ?? '');
      if (service === '' || service === 'plugin') callback(null, { status: stopping ? 'NOT_SERVING' : 'SERVING' });
      else callback({ code: GrpcStatus.NOT_FOUND, details: `unknown service ${service}` });
    },
  });
  server.addService(serviceDefinition(SERVICES.controller), {
    Shutdown: (_call: ServerUnaryCall<Message, Message>, callback: sendUnaryData<Message>) => {
      callback(null, {});
      setImmediate(() => void shutdown('Shutdown requested by the host'));
    },
  });
  server.addService(serviceDefinition(SERVICES.stdio), {
    // Logs go straight to stderr; the stream stays open and idle until shutdown.
    StreamStdio: (call: ServerWritableStream<Message, Message>) => {
      stdioStreams.add(call);
      call.on('cancelled', () => stdioStreams.delete(call));
      if (stopping) call.end();
    },
  });

  // Signal handling is in place before the host learns the address.
  process.on('exit', () => listen.cleanup());
  process.on('uncaughtException', (error) => {
    logger.error('uncaught exception; exiting', { error: error.message });
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => logger.error('unhandled promise rejection', { error: String(reason) }));
  process.on('SIGINT', () => logger.debug('ignoring SIGINT; the host stops plugins through Shutdown or SIGTERM'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  let port: number;
  try {
    port = await bind(server, listen.bindTarget);
  } catch (error) {
    listen.cleanup();
    logger.error('could not listen', { address: listen.bindTarget, error: (error as Error).message });
    process.exit(1);
  }
  const address = listen.handshakeAddress(port);
  fs.writeSync(1, handshakeLine(listen.network, address));
  logger.info('plugin started', { network: listen.network, address, pid: process.pid });

  const parent = process.ppid;
  const parentCheck = setInterval(() => {
    if (process.ppid !== parent) void shutdown('parent process exited');
  }, opts.parentCheckMs ?? 1000);
  parentCheck.unref();

  return { address, shutdown };
}
