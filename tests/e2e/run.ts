/**
 * `npm run e2e`: builds the plugin (unless E2E_SKIP_BUILD=1) and the host shells, starts the platform
 * simulator, the sidecar (on a fresh temp SQLite file, with the simulator as its platform, Kubernetes API
 * and job target) and one host per Grafana line, seeds demo tenants and the simulator's tenants (same
 * ids and org/app UUIDs) through the real API, syncs placement from the platform, runs
 * tests/e2e/specs/*.test.ts with node's test runner (tsx --test) in Debian Chromium, prints the figures,
 * then stops everything it started.
 *
 * E2E_LINES=grafana-12 narrows the matrix; E2E_DIST_DIR points at another dist (breakage experiments);
 * E2E_PLATFORM=0 runs without the simulator (the sidecar then has no platform: "not configured" paths);
 * E2E_VM=0 runs without VictoriaMetrics (migrations then fail their preflight closed);
 * Alertmanager (Debian's prometheus-alertmanager) delivers alerts to the sidecar and holds its silences.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLine } from '../host/build';
import { REPO_ROOT, selectedLines } from '../host/lines';
import { missingBuild, moduleFigures } from './lib/figures';
import { seedFromSimulator } from './lib/platform';
import { demoTenants, proxyApi, seedTenants } from './lib/seed';
import { startStack, type Stack } from './lib/stack';

const out = (s: string) => process.stdout.write(`${s}\n`);

async function main(): Promise<number> {
  const t0 = Date.now();
  const distDir = process.env.E2E_DIST_DIR ?? join(REPO_ROOT, 'dist');
  const scripts = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts ?? {};
  if (!process.env.E2E_SKIP_BUILD && !process.env.E2E_DIST_DIR && scripts.build) {
    out('e2e: building the plugin (npm run build)');
    const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (r.status !== 0) return r.status ?? 1;
  }
  const missing = missingBuild(distDir);
  if (missing) {
    out(`e2e: ${missing}`);
    return 1;
  }
  const lines = selectedLines();
  for (const l of lines) {
    const r = await buildLine(l);
    out(`e2e: host ${l} built (${(r.bytes / 1048576).toFixed(1)} MiB, ${r.ms} ms)`);
  }
  let stack: Stack | undefined;
  const stop = async () => {
    await stack?.stop();
    stack = undefined;
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(143)));
  try {
    stack = await startStack({ lines, distDir, platform: process.env.E2E_PLATFORM !== '0', alertmanager: true });
    const first = stack.hosts[lines[0]]!;
    await seedTenants(proxyApi(first.url), demoTenants(60));
    const fromSim = stack.platformUrl ? await seedFromSimulator(proxyApi(first.url), stack.platformUrl) : undefined;
    out(
      `e2e: sidecar ${stack.sidecarUrl}, platform ${stack.platformUrl ?? 'none'}, vm ${stack.vmUrl ?? 'none'}, alertmanager ${stack.alertmanagerUrl}, hosts ${lines.map((l) => `${l}=${stack!.hosts[l]!.url}`).join(' ')}, 60 demo + ${fromSim?.tenants ?? 0} simulator tenants seeded (${Date.now() - t0} ms)`
    );
    const specDir = join(__dirname, 'specs');
    const only = process.env.E2E_SPECS?.split(',');
    const files = readdirSync(specDir)
      .filter((f) => f.endsWith('.test.ts') && (!only || only.some((o) => f.startsWith(o))))
      .map((f) => join(specDir, f));
    const env = {
      hosts: lines.map((line) => ({ line, url: stack!.hosts[line]!.url })),
      sidecarUrl: stack.sidecarUrl,
      platformUrl: stack.platformUrl,
      vmUrl: stack.vmUrl,
      platformK8sToken: stack.platformK8sToken,
      credentialsAgentToken: stack.credentialsAgentToken,
      alertmanagerUrl: stack.alertmanagerUrl,
      distDir,
    };
    const code = await new Promise<number>((resolve) => {
      const child = spawn(join(REPO_ROOT, 'node_modules/.bin/tsx'), ['--test', '--test-concurrency=1', ...files], {
        cwd: REPO_ROOT,
        stdio: 'inherit',
        // Specs that predate E2E_ENV.platformUrl read the platform from SWITCHYARD_PLATFORM_URL.
        env: {
          ...process.env,
          E2E_ENV: JSON.stringify(env),
          ...(env.platformUrl ? { SWITCHYARD_PLATFORM_URL: env.platformUrl } : {}),
          ...(env.vmUrl ? { SWITCHYARD_VM_URL: env.vmUrl } : {}),
        },
      });
      child.on('exit', (c) => resolve(c ?? 1));
    });
    const f = moduleFigures(distDir);
    out(
      `e2e figures: module.js ${(f.moduleBytes / 1024).toFixed(1)} KB (budget 100 KB${f.moduleBytes > 100 * 1024 ? ', OVER' : ''}), ${f.chunkCount} chunk(s), ${(f.totalJsBytes / 1024).toFixed(1)} KB JS in total`
    );
    out(`e2e: screenshots in artifacts/screenshots/<line>/; total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return code;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`e2e: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  }
);
