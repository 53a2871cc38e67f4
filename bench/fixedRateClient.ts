/**
 * Constant-arrival load (run as its own process by loadGenerator.ts's runFixedRate): request i is due
 * at start + i / rate, whatever happened to the requests before it, over a pool of keep-alive
 * connections (undici, Node's own HTTP client, through its dispatch handler API). Latency is measured from when the request was due,
 * not from when it could be sent, so a stall in the server (or here) shows in every request that
 * waited behind it (no coordinated omission). Every response body is read to its end. The first
 * `warmup` seconds run at the same rate and are not counted (this process's own JIT warm-up).
 *
 * Reads its options as JSON from LOAD_OPTIONS; prints one JSON result line on stdout.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { FixedRateOptions, FixedRateResult } from './loadGenerator';

const options = JSON.parse(process.env.LOAD_OPTIONS ?? '{}') as FixedRateOptions;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<FixedRateResult> {
  const url = new URL(options.url);
  const pool = new Pool(url.origin, { connections: options.connections, pipelining: 1 });
  const path = `${url.pathname}${url.search}`;
  const warm = Math.round(options.rate * (options.warmup ?? 1));
  const total = warm + Math.round(options.rate * options.duration);
  const intervalMs = 1000 / options.rate;
  const latencies = new Float64Array(total - warm);
  const sendLag = new Float64Array(total - warm);
  let completed = 0;
  let settled = 0;
  let non2xx = 0;
  let errors = 0;
  let bytes = 0;

  // Warm the connections so the first due requests do not pay the TCP handshake.
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      const res = await pool.request({ path, method: 'GET', headers: options.headers });
      await res.body.dump();
    })
  );

  const start = performance.now();
  let measuredFrom = 0;
  let sent = 0;
  const finished = new Promise<void>((done) => {
    const settle = () => {
      if (++settled === total) done();
    };
    const fire = (i: number) => {
      const due = start + i * intervalMs;
      const counted = i >= warm;
      if (counted) sendLag[i - warm] = performance.now() - due;
      if (i === warm) measuredFrom = due;
      // The dispatch handler API: the body's chunks are counted as they arrive, with no stream or
      // buffer made per response (the generator's own cost per response stays out of the latency).
      let status = 0;
      let received = 0;
      pool.dispatch(
        { path, method: 'GET', headers: options.headers },
        {
          onRequestStart: () => undefined,
          onResponseStart: (_controller, statusCode) => {
            status = statusCode;
          },
          onResponseData: (_controller, chunk) => {
            received += chunk.length;
          },
          onResponseEnd: () => {
            if (counted) {
              latencies[completed++] = performance.now() - due;
              bytes += received;
              if (status < 200 || status > 299) non2xx++;
            }
            settle();
          },
          onResponseError: () => {
            if (counted) errors++;
            settle();
          },
        }
      );
    };
    const tick = () => {
      const dueNow = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (sent < dueNow) fire(sent++);
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
    };
    tick();
  });
  await finished;
  const elapsedS = (performance.now() - measuredFrom) / 1000;
  await pool.close();

  const done = latencies.subarray(0, completed).sort();
  const lag = sendLag.sort();
  return {
    rate: options.rate,
    sent: total - warm,
    completed,
    non2xx,
    errors,
    achievedRps: completed / elapsedS,
    bytesPerResponse: completed ? bytes / completed : 0,
    latency: {
      p50: percentile(done, 50),
      p90: percentile(done, 90),
      p99: percentile(done, 99),
      p999: percentile(done, 99.9),
      max: done.length ? done[done.length - 1] : 0,
    },
    sendLag: { p50: percentile(lag, 50), p99: percentile(lag, 99), max: lag.length ? lag[lag.length - 1] : 0 },
  };
}

main().then(
  (result) => process.stdout.write(JSON.stringify(result)),
  (err: Error) => {
    process.stderr.write(String(err.stack ?? err));
    process.exit(1);
  }
);
