/**
 * `npm run bench:datasource`: figures for the data source backend executable, measured through the
 * go-plugin client emulator exactly as Grafana would drive it.
 *   - executable start → handshake line (ms, median of BENCH_STARTS launches);
 *   - QueryData p50/p99 for a 5,000-row table frame (BENCH_FIXTURE_QUERIES calls) and for a small frame;
 *   - frame bytes; Shutdown → exit (ms).
 * That executable is BENCH_EXECUTABLE, or the fixture plugin compiled with Bun into a temp dir.
 * Then the real executable (BENCH_DS_EXECUTABLE, or dist/datasource/…_linux_amd64, built with
 * `npm run build:backend` when missing) against a real sidecar with BENCH_TENANTS tenants, beside
 * the sidecar's HTTP API (see datasource-real.ts; BENCH_QUERIES, BENCH_TABLE_QUERIES).
 * Prints figures; never passes or fails on time.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchPlugin, type GoPluginClient } from '../src/backend/testing/goPluginClient';
import { benchRealDataSource } from './datasource-real';

const root = path.resolve(__dirname, '..');
const STARTS = Number(process.env.BENCH_STARTS ?? 10);
const QUERIES = Number(process.env.BENCH_FIXTURE_QUERIES ?? 200);
const BUILT_EXECUTABLE = path.join(root, 'dist/datasource/gpx_switchyard-controlplane-datasource_linux_amd64');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarize(samples: number[]): { text: string; p50: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  return { p50, text: `p50 ${p50.toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms (n=${sorted.length})` };
}

const summary = (samples: number[]): string => summarize(samples).text;

/** The data source executable `npm run build` makes; built with `npm run build:backend` when missing. */
function realExecutable(): string {
  const executable = process.env.BENCH_DS_EXECUTABLE ?? BUILT_EXECUTABLE;
  if (fs.existsSync(executable)) return executable;
  console.log(`${executable} is missing: npm run build:backend`);
  const result = spawnSync('npm', ['run', 'build:backend'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0 || !fs.existsSync(executable)) {
    throw new Error(`building the data source executable failed:\n${result.stdout}${result.stderr}`);
  }
  return executable;
}

function buildFixture(dir: string): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/build-backend.ts')], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      BACKEND_ENTRY: path.join(root, 'src/backend/testing/fixturePlugin.ts'),
      BACKEND_OUT_DIR: dir,
      BACKEND_TARGETS: 'amd64',
    },
  });
  if (result.status !== 0) throw new Error(`building the fixture executable failed:\n${result.stdout}${result.stderr}`);
  return path.join(dir, 'gpx_switchyard-controlplane-datasource_linux_amd64');
}

async function timeQueries(
  plugin: GoPluginClient,
  queryType: string,
  json: string
): Promise<{ ms: number[]; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  const request = { queries: [{ refId: 'A', queryType, json: Buffer.from(json) }] };
  for (let i = 0; i < 5; i++) await plugin.queryData(request);
  for (let i = 0; i < QUERIES; i++) {
    const started = performance.now();
    const reply = await plugin.queryData(request);
    ms.push(performance.now() - started);
    const response = (reply.responses as Record<string, { frames: Buffer[]; error: string }>).A;
    if (response.error) throw new Error(`query failed: ${response.error}`);
    bytes = response.frames.reduce((n, f) => n + f.length, 0);
  }
  return { ms, bytes };
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'switchyard-bench-ds-'));
  try {
    const executable = process.env.BENCH_EXECUTABLE ?? buildFixture(work);
    console.log(`executable: ${executable} (${(fs.statSync(executable).size / 1024 / 1024).toFixed(1)} MiB)`);

    const handshakes: number[] = [];
    const exits: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const plugin = await launchPlugin({ command: executable, skipHostEnv: true });
      handshakes.push(plugin.handshakeMs);
      await plugin.ping();
      exits.push((await plugin.kill()).exitMs);
    }
    console.log(`start → handshake: ${summary(handshakes)}`);
    console.log(`Shutdown → exit:   ${summary(exits)}`);

    const plugin = await launchPlugin({ command: executable, skipHostEnv: true });
    try {
      const table = await timeQueries(plugin, 'table', '{"rows":5000}');
      console.log(`QueryData, 5,000-row table: ${summary(table.ms)}, frame ${table.bytes} bytes`);
      const small = await timeQueries(plugin, 'all-types', '{}');
      console.log(`QueryData, 3-row all-types frame: ${summary(small.ms)}, frame ${small.bytes} bytes`);
    } finally {
      await plugin.kill();
    }
    await benchRealDataSource(realExecutable(), summarize);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
