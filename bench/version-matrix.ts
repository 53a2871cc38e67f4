/**
 * Version-matrix load time (prints, never fails on time): the simulator with SHARDS_PER_KIND shards
 * per kind and environment (4 kinds × 3 environments × 2 replicas each), the real sidecar composition
 * root pointed at its Kubernetes API, and GET /api/v1/deployments/matrix measured over ROUNDS
 * requests (p50/p95/max ms). Baseline from the same run: the three namespace lists the matrix is built
 * from, called directly on the Kubernetes API (what the sidecar cannot avoid), so the difference is
 * the sidecar's own cost (client, folding, validation). Run: npm run bench:matrix
 */
import { performance } from 'node:perf_hooks';
import { startTestSimulator } from '../src/simulator/testing/startSimulator';
import { startTestApp } from '../src/sidecar/testing/testApp';

const SHARDS = Number(process.env.BENCH_SHARDS_PER_KIND ?? 64);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const sim = await startTestSimulator({ shardsPerKind: SHARDS, tenants: 60, tickMs: 60_000 });
  const t = await startTestApp('sqlite', {
    SWITCHYARD_K8S_URL: sim.url,
    SWITCHYARD_PLATFORM_URL: sim.url,
    SWITCHYARD_OUTBOUND_HOSTS: new URL(sim.url).host,
    SWITCHYARD_ISOLATION_REFRESH_MS: '0',
  });
  try {
    const first = await t.call('getVersionMatrix');
    const cells = (first.json() as { cells: unknown[]; error: string | null }).cells.length;
    if (first.statusCode !== 200 || cells === 0)
      throw new Error(`matrix failed: ${first.statusCode} ${first.body.slice(0, 200)}`);
    const baseline: number[] = [];
    const matrix: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      let t0 = performance.now();
      await Promise.all(
        ['dev', 'staging', 'prod'].map(async (env) => {
          const r = await fetch(`${sim.url}/apis/apps/v1/namespaces/platform-${env}/deployments`);
          await r.json();
        })
      );
      baseline.push(performance.now() - t0);
      t0 = performance.now();
      const r = await t.call('getVersionMatrix');
      if (r.statusCode !== 200) throw new Error(`matrix ${r.statusCode}`);
      matrix.push(performance.now() - t0);
    }
    process.stdout.write(
      `version matrix: ${cells} cells (${SHARDS} shards per kind and environment), ${ROUNDS} rounds\n` +
        `  baseline (3 namespace lists on the Kubernetes API): ${stats(baseline)}\n` +
        `  GET /api/v1/deployments/matrix (sidecar):           ${stats(matrix)}\n`
    );
  } finally {
    await t.close();
    await sim.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
