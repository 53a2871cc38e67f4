/**
 * A Node emulation of the hashicorp/go-plugin client as Grafana configures it: launches the plugin
 * executable with Grafana's environment, parses the handshake line with go-plugin's rules, dials
 * gRPC over the announced socket, pings the health service "plugin", calls the pluginv2 methods, and
 * stops the process with GRPCController.Shutdown (SIGKILL after 2 s, as go-plugin's Kill() does).
 * Used by the protocol tests, the benchmark and the test host.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import readline from 'node:readline';
import { Client, credentials, Metadata as GrpcMetadata, type Metadata } from '@grpc/grpc-js';
import { decodeMessage, encodeMessage, type Message } from '../plugin/proto';

export interface Handshake {
  coreVersion: number;
  appVersion: number;
  network: 'unix' | 'tcp';
  address: string;
  protocol: string;
}

export interface LaunchOptions {
  command: string;
  args?: string[];
  /** Extra environment (GF_* settings); Grafana's go-plugin variables are always set. */
  env?: Record<string, string>;
  /** Like Grafana's `pluginsSkipHostEnvVars`: pass only the proxy variables from the host. */
  skipHostEnv?: boolean;
  startTimeoutMs?: number;
}

export interface CallOptions {
  deadlineMs?: number;
  cancelAfterMs?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from the stop request to the process exit. */
  exitMs: number;
  graceful: boolean;
}

/** go-plugin client.go: the first stdout line, split on `|`. */
export function parseHandshake(line: string, versions: number[] = [2]): Handshake {
  const parts = line.trim().split('|');
  if (parts.length < 4) throw new Error(`Unrecognized remote plugin message: ${line}`);
  if (parts[0] !== '1') throw new Error(`Incompatible core API version with plugin. Plugin version: ${parts[0]}`);
  const appVersion = Number.parseInt(parts[1], 10);
  if (!versions.includes(appVersion)) throw new Error(`Unsupported plugin protocol version ${parts[1]}`);
  if (parts[2] !== 'unix' && parts[2] !== 'tcp') throw new Error(`Unknown address type: ${parts[2]}`);
  const protocol = parts[4] || 'netrpc';
  if (protocol !== 'grpc') throw new Error(`Unsupported plugin protocol "${protocol}". Supported: [grpc]`);
  if (parts[5] && parts[5].length > 50) throw new Error('the plugin announced a TLS certificate; AutoMTLS is off');
  return { coreVersion: 1, appVersion, network: parts[2], address: parts[3], protocol };
}

export function grafanaPluginEnv(extra: Record<string, string> = {}, skipHostEnv = false): NodeJS.ProcessEnv {
  const host: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!skipHostEnv || /^(https?_proxy|no_proxy)$/i.test(key)) host[key] = value;
  }
  return {
    ...host,
    GF_VERSION: '12.4.0',
    GF_INSTANCE_FEATURE_TOGGLES_ENABLE: '',
    ...extra,
    grafana_plugin_type: 'datasource',
    PLUGIN_MIN_PORT: '0',
    PLUGIN_MAX_PORT: '0',
    PLUGIN_PROTOCOL_VERSIONS: '2',
  };
}

export class GoPluginClient {
  readonly extraStdout: string[] = [];
  private readonly client: Client;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exitedInfo?: { code: number | null; signal: NodeJS.Signals | null };

  constructor(
    readonly child: ChildProcess,
    readonly handshake: Handshake,
    readonly handshakeMs: number,
    stdout: readline.Interface,
    /** Every stderr line the plugin wrote, from its start. */
    readonly stderrLines: string[]
  ) {
    const target = handshake.network === 'unix' ? `unix:${handshake.address}` : handshake.address;
    this.client = new Client(target, credentials.createInsecure(), {
      'grpc.max_receive_message_length': -1,
      'grpc.max_send_message_length': -1,
    });
    stdout.on('line', (line) => this.extraStdout.push(line));
    this.exited = once(child, 'exit').then(([code, signal]) => (this.exitedInfo = { code, signal }));
  }

  /** One unary call; `deadlineMs` sets a gRPC deadline, `cancelAfterMs` cancels the call (as Grafana's context does). */
  unary(
    path: string,
    requestType: string,
    responseType: string,
    request: Message,
    opts: CallOptions = {}
  ): Promise<Message> {
    return new Promise((resolve, reject) => {
      const call = this.client.makeUnaryRequest(
        path,
        (value: Message) => encodeMessage(requestType, value),
        (bytes: Buffer) => decodeMessage(responseType, bytes),
        request,
        new GrpcMetadata(),
        opts.deadlineMs === undefined ? {} : { deadline: Date.now() + opts.deadlineMs },
        (error, response) => (error ? reject(error) : resolve(response!))
      );
      if (opts.cancelAfterMs !== undefined) setTimeout(() => call.cancel(), opts.cancelAfterMs);
    });
  }

  serverStream(path: string, requestType: string, responseType: string, request: Message): Promise<Message[]> {
    return new Promise((resolve, reject) => {
      const messages: Message[] = [];
      const call = this.client.makeServerStreamRequest(
        path,
        (value: Message) => encodeMessage(requestType, value),
        (bytes: Buffer) => decodeMessage(responseType, bytes),
        request
      );
      call.on('data', (m: Message) => messages.push(m));
      call.on('error', reject);
      call.on('status', (s: { code: number; metadata: Metadata }) => s.code === 0 && resolve(messages));
    });
  }

  /** go-plugin's Ping(): grpc.health.v1.Health/Check for service "plugin". */
  async ping(): Promise<string> {
    const r = await this.unary(
      '/grpc.health.v1.Health/Check',
      'grpc.health.v1.HealthCheckRequest',
      'grpc.health.v1.HealthCheckResponse',
      {
        service: 'plugin',
      }
    );
    return String(r.status);
  }

  queryData(request: Message, opts: CallOptions = {}): Promise<Message> {
    return this.unary(
      '/pluginv2.Data/QueryData',
      'pluginv2.QueryDataRequest',
      'pluginv2.QueryDataResponse',
      request,
      opts
    );
  }

  checkHealth(request: Message): Promise<Message> {
    return this.unary(
      '/pluginv2.Diagnostics/CheckHealth',
      'pluginv2.CheckHealthRequest',
      'pluginv2.CheckHealthResponse',
      request
    );
  }

  collectMetrics(request: Message = {}): Promise<Message> {
    return this.unary(
      '/pluginv2.Diagnostics/CollectMetrics',
      'pluginv2.CollectMetricsRequest',
      'pluginv2.CollectMetricsResponse',
      request
    );
  }

  callResource(request: Message): Promise<Message[]> {
    return this.serverStream(
      '/pluginv2.Resource/CallResource',
      'pluginv2.CallResourceRequest',
      'pluginv2.CallResourceResponse',
      request
    );
  }

  /** go-plugin's stdio sync stream: stays open (and idle) until the plugin shuts down. */
  streamStdio(): Promise<Message[]> {
    return this.serverStream('/plugin.GRPCStdio/StreamStdio', 'plugin.Empty', 'plugin.StdioData', {});
  }

  /** go-plugin Kill(): Shutdown (errors ignored), wait 2 s for the exit, then SIGKILL. */
  async kill(graceMs = 2000): Promise<ExitInfo> {
    const started = performance.now();
    if (!this.exitedInfo) {
      await this.unary('/plugin.GRPCController/Shutdown', 'plugin.Empty', 'plugin.Empty', {}).catch(() => undefined);
    }
    return this.waitForExit(started, graceMs);
  }

  /** Sends a signal and waits for the exit (SIGKILL after `graceMs`). */
  async signal(signal: NodeJS.Signals, graceMs = 2000): Promise<ExitInfo> {
    const started = performance.now();
    this.child.kill(signal);
    return this.waitForExit(started, graceMs);
  }

  async waitForExit(started = performance.now(), graceMs = 2000): Promise<ExitInfo> {
    let graceful = true;
    const timer = setTimeout(() => {
      graceful = false;
      this.child.kill('SIGKILL');
    }, graceMs);
    const { code, signal } = await this.exited;
    clearTimeout(timer);
    this.client.close();
    return { code, signal, exitMs: performance.now() - started, graceful };
  }
}

/** Starts the plugin and completes the handshake (go-plugin's Start()); rejects with the plugin's stderr on failure. */
export async function launchPlugin(opts: LaunchOptions): Promise<GoPluginClient> {
  const started = performance.now();
  const child = spawn(opts.command, opts.args ?? [], {
    env: grafanaPluginEnv(opts.env, opts.skipHostEnv),
    // go-plugin hands the plugin Grafana's own stdin, which for a service is /dev/null: the plugin must
    // not take end-of-input as a reason to exit.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderrLines: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (line) => stderrLines.push(line));
  const stdout = readline.createInterface({ input: child.stdout! });
  const firstLine = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('timeout while waiting for plugin to start')),
      opts.startTimeoutMs ?? 60_000
    );
    stdout.once('line', (line) => (clearTimeout(timer), resolve(line)));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`plugin exited before we could connect (code ${code}): ${stderrLines.join('\n')}`));
    });
    child.once('error', (error) => (clearTimeout(timer), reject(error)));
  });
  let line: string;
  try {
    line = await firstLine;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  try {
    return new GoPluginClient(child, parseHandshake(line), performance.now() - started, stdout, stderrLines);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
