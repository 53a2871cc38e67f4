/**
 * Builds the data source backend executables into dist/datasource/:
 *   1. esbuild bundles the entry (default src/backend/main.ts, or BACKEND_ENTRY) into one CommonJS file;
 *   2. Bun compiles it to self-contained executables `<executable>_linux_amd64` (baseline x64: no AVX2
 *      needed) and `<executable>_linux_arm64`. Bun fetches the arm64 runtime from the npm registry;
 *      when that fails the build says so and fails only with BACKEND_REQUIRE_ARM64=1.
 * Environment: BACKEND_ENTRY, BACKEND_OUT_DIR (default dist/datasource), BACKEND_TARGETS
 * (comma list of amd64,arm64; default both), BACKEND_REQUIRE_ARM64.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '..');
const DEFAULT_EXECUTABLE = 'gpx_switchyard-controlplane-datasource';
const BUN = path.join(root, 'node_modules/@oven/bun-linux-x64-baseline/bin/bun');
const TARGETS: Record<string, string> = { amd64: 'bun-linux-x64-baseline', arm64: 'bun-linux-arm64' };

function executableName(): string {
  const manifest = path.join(root, 'src/datasource/plugin.json');
  if (!fs.existsSync(manifest)) return DEFAULT_EXECUTABLE;
  const executable = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { executable?: string }).executable;
  return executable ? path.basename(executable) : DEFAULT_EXECUTABLE;
}

function mib(file: string): string {
  return `${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MiB`;
}

async function main(): Promise<number> {
  const entry = path.resolve(root, process.env.BACKEND_ENTRY ?? 'src/backend/main.ts');
  if (!fs.existsSync(entry)) {
    console.log(`build:backend: ${path.relative(root, entry)} does not exist; no backend executable built`);
    return 0;
  }
  const outDir = path.resolve(root, process.env.BACKEND_OUT_DIR ?? 'dist/datasource');
  const targets = (process.env.BACKEND_TARGETS ?? 'amd64,arm64').split(',').map((t) => t.trim());
  for (const target of targets) {
    if (!TARGETS[target]) throw new Error(`unknown BACKEND_TARGETS entry ${target}; use amd64 and/or arm64`);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'switchyard-backend-'));
  try {
    const bundle = path.join(work, 'backend.cjs');
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      outfile: bundle,
      loader: { '.proto': 'text' },
      legalComments: 'none',
      logLevel: 'warning',
    });
    console.log(`build:backend: bundled ${path.relative(root, entry)} (${mib(bundle)})`);
    fs.mkdirSync(outDir, { recursive: true });
    let failed = 0;
    for (const target of targets) {
      const outfile = path.join(outDir, `${executableName()}_linux_${target}`);
      const result = spawnSync(
        BUN,
        ['build', '--compile', `--target=${TARGETS[target]}`, bundle, '--outfile', outfile],
        {
          cwd: work,
          encoding: 'utf8',
          env: { ...process.env, BUN_INSTALL_CACHE_DIR: path.join(os.tmpdir(), 'bun-cache') },
        }
      );
      if (result.status === 0 && fs.existsSync(outfile)) {
        console.log(`build:backend: ${path.relative(root, outfile)} (${mib(outfile)})`);
        continue;
      }
      const reason = (result.error?.message ?? `${result.stderr}${result.stdout}`).trim();
      if (target === 'arm64' && process.env.BACKEND_REQUIRE_ARM64 !== '1') {
        console.warn(
          `build:backend: the linux arm64 executable was NOT built (Bun could not get the arm64 runtime): ${reason}\n` +
            'build:backend: set BACKEND_REQUIRE_ARM64=1 to make this fail the build'
        );
        continue;
      }
      console.error(`build:backend: building ${path.basename(outfile)} failed: ${reason}`);
      failed++;
    }
    return failed ? 1 : 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`build:backend: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
);
