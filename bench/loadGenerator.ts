/**
 * The benches' load generator: autocannon in a child process, as Grafana's proxy is in production,
 * so the server's event loop and CPU figures (process.cpuUsage of the bench process) are the
 * server's alone and the generator does not queue behind the requests it measures.
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

const ROOT = resolve(__dirname, '..');
const CHILD = `require('autocannon')(JSON.parse(process.env.LOAD_OPTIONS)).then(
  (r) => process.stdout.write(JSON.stringify(r)),
  (e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); })`;

export interface Load {
  result: Result;
  /** CPU ms of this (the server's) process per completed request. */
  serverCpuMsPerRequest: number;
}

export function runLoad(options: Options): Promise<Load> {
  return new Promise((done, fail) => {
    const c0 = process.cpuUsage();
    const child = spawn(process.execPath, ['-e', CHILD], {
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
        const result = JSON.parse(stdout) as Result;
        done({ result, serverCpuMsPerRequest: (c.user + c.system) / 1000 / Math.max(1, result.requests.total) });
      } catch (err) {
        fail(new Error(`load generator printed no result: ${(err as Error).message}; ${stderr}`));
      }
    });
  });
}
