/**
 * The benches' load generators, each in a child process, as Grafana's proxy is in production, so the
 * server's event loop and CPU figures (process.cpuUsage of the bench process) are the server's alone
 * and the generator does not queue behind the requests it measures:
 * - runLoad: autocannon, closed loop (each connection sends its next request when the last one is
 *   answered): throughput at saturation.
 * - runFixedRate: constant arrival (fixedRateClient.ts): one request due every 1/rate seconds,
 *   latency from when it was due. autocannon's own rate limit is a per-second budget that each
 *   connection spends back to back at the top of every second, so its "fixed rate" is a burst at
 *   saturation followed by silence, not an even rate.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The parts of autocannon's options and result the benches use. */
export interface Histogram {
  average: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Completed samples (for `requests`: the number of requests). */
  total: number;
}
export interface Options {
  url: string;
  headers?: Record<string, string>;
  connections?: number;
  duration?: number;
  pipelining?: number;
  overallRate?: number;
}
export interface Result {
  requests: Histogram;
  latency: Histogram;
  throughput: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** Options of a constant-arrival run (fixedRateClient.ts). */
export interface FixedRateOptions {
  url: string;
  headers?: Record<string, string>;
  /** Requests per second, evenly spaced. */
  rate: number;
  /** Seconds measured. */
  duration: number;
  /** Seconds at the same rate before the measured ones, not counted (default 1). */
  warmup?: number;
  /** Keep-alive connections in the pool (a request due while all are busy waits, and that wait counts). */
  connections: number;
}
export interface FixedRateResult {
  rate: number;
  sent: number;
  completed: number;
  non2xx: number;
  errors: number;
  achievedRps: number;
  bytesPerResponse: number;
  /** ms from when each request was due to its last body byte read. */
  latency: { p50: number; p90: number; p99: number; p999: number; max: number };
  /** ms the generator sent each request after it was due (its own timer and event loop). */
  sendLag: { p50: number; p99: number; max: number };
}

const ROOT = resolve(__dirname, '..');
const CHILD = `require('autocannon')(JSON.parse(process.env.LOAD_OPTIONS)).then(
  (r) => process.stdout.write(JSON.stringify(r)),
  (e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); })`;

export interface Load {
  result: Result;
  /** CPU ms of this (the server's) process per completed request. */
  serverCpuMsPerRequest: number;
}

/** Runs `args` under this Node with LOAD_OPTIONS; resolves its JSON result and this process's CPU per request. */
function runChild<T>(
  args: string[],
  options: unknown,
  requests: (result: T) => number
): Promise<{ result: T; cpuMs: number }> {
  return new Promise((done, fail) => {
    const c0 = process.cpuUsage();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOAD_OPTIONS: JSON.stringify(options) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on('error', fail);
    child.on('exit', (code) => {
      const c = process.cpuUsage(c0);
      if (code !== 0) return fail(new Error(`load generator exited with ${code}: ${stderr}`));
      try {
        const result = JSON.parse(stdout) as T;
        done({ result, cpuMs: (c.user + c.system) / 1000 / Math.max(1, requests(result)) });
      } catch (err) {
        fail(new Error(`load generator printed no result: ${(err as Error).message}; ${stderr}`));
      }
    });
  });
}

export async function runLoad(options: Options): Promise<Load> {
  const { result, cpuMs } = await runChild<Result>(['-e', CHILD], options, (r) => r.requests.total);
  return { result, serverCpuMsPerRequest: cpuMs };
}

export interface FixedRateLoad {
  result: FixedRateResult;
  /** CPU ms of this (the server's) process per completed request. */
  serverCpuMsPerRequest: number;
}

export async function runFixedRate(options: FixedRateOptions): Promise<FixedRateLoad> {
  const { result, cpuMs } = await runChild<FixedRateResult>(
    ['--import', 'tsx', resolve(__dirname, 'fixedRateClient.ts')],
    options,
    (r) => r.completed
  );
  return { result, serverCpuMsPerRequest: cpuMs };
}
