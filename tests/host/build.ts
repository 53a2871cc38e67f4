/**
 * Builds the host shell once per Grafana line with esbuild: tests/host/.build/<line>/host.js + host.css.
 * Every bare import of the shell (and of the Scenes copy the template service uses, as Grafana core has
 * its own) resolves from the line's own folder first, so the 13.x bundle gets 13.x packages and React 19.
 *
 *   npx tsx tests/host/build.ts [grafana-12|grafana-13 ...]
 */
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { BUILD_DIR, HOST_DIR, LINES, LINE_NAMES, REPO_ROOT, type GrafanaLine, type LineName } from './lines';
import { SHARED_MODULES } from './sharedMap';

function pkgDir(line: GrafanaLine, name: string, major?: number): string | undefined {
  const candidates = [
    join(line.packagesDir, 'node_modules', name),
    join(line.packagesDir, 'node_modules/@grafana/ui/node_modules', name),
  ];
  return candidates.find((d) => {
    if (!existsSync(join(d, 'package.json'))) return false;
    const v = JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).version as string;
    return major === undefined || v.startsWith(`${major}.`);
  });
}

function aliases(line: GrafanaLine): Record<string, string> {
  const nm = join(line.packagesDir, 'node_modules');
  const v5 = pkgDir(line, 'react-router-dom', 5);
  const compat = pkgDir(line, 'react-router-dom-v5-compat');
  if (!v5 || !compat) throw new Error(`${line.name}: react-router-dom v5 or react-router-dom-v5-compat not installed`);
  // Real paths: esbuild resolves symlinks, so an alias must name the same file the packages import
  // (node_modules may be a symlink, e.g. in a git worktree), or it becomes a second module instance.
  const real = (m: Record<string, string>) =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, realpathSync(v)])) as Record<string, string>;
  return real({
    'host:plugin-page-module': join(nm, '@grafana/runtime/dist/esm/components/PluginPage.mjs'),
    'host:i18n-internal': join(nm, '@grafana/i18n/dist/esm/i18n.mjs'),
    'host:react-router-dom-v5': join(v5, 'esm/react-router-dom.js'),
    'host:react-router-dom-v5-compat': join(compat, 'dist/index.js'),
    // Grafana core interpolates scene objects with its own Scenes copy; only sceneGraph is needed.
    'host:scenes-graph': join(REPO_ROOT, 'node_modules/@grafana/scenes/dist/esm/core/sceneGraph/index.js'),
  });
}

function resolvable(line: GrafanaLine, spec: string): boolean {
  if (spec.startsWith('host:')) return true;
  for (const base of [line.packagesDir, REPO_ROOT]) {
    try {
      createRequire(join(base, 'package.json')).resolve(spec);
      return true;
    } catch {
      /* try next */
    }
  }
  return false;
}

/** The generated module that registers exactly Grafana's shared map with SystemJS. */
function sharedModulesSource(line: GrafanaLine): string {
  const imports: string[] = [];
  const entries: string[] = [];
  SHARED_MODULES.forEach((e, i) => {
    const id = `m${i}`;
    if (e.kind === 'fake') return entries.push(`[${JSON.stringify(e.name)}, { fakeDep: 1 }]`);
    if (e.kind === 'legacy') return entries.push(`[${JSON.stringify(e.name)}, legacy(${JSON.stringify(e.name)})]`);
    if (!e.from || !resolvable(line, e.from)) return entries.push(`[${JSON.stringify(e.name)}, null]`);
    imports.push(`import * as ${id} from ${JSON.stringify(e.from)};`);
    entries.push(`[${JSON.stringify(e.name)}, wrap(${JSON.stringify(e.kind)}, ${id})]`);
  });
  return `${imports.join('\n')}
import * as grafanaData from '@grafana/data';
import * as runtime from '@grafana/runtime';
import { liveNamespace } from '${join(HOST_DIR, 'shell/liveNamespace')}';
declare const System: any;
function arrayMove(arr: unknown[], from: number, to: number) { arr.splice(to, 0, arr.splice(from, 1)[0]); return arr; }
function wrap(kind: string, mod: any): object {
  switch (kind) {
    case 'grafana-ui': return liveNamespace(mod, { PanelPlugin: grafanaData.PanelPlugin, DataSourcePlugin: grafanaData.DataSourcePlugin, AppPlugin: grafanaData.AppPlugin, DataSourceApi: grafanaData.DataSourceApi });
    case 'useDefault': return liveNamespace({}, { default: mod.default ?? mod, __useDefault: true });
    case 'lodash': return liveNamespace(mod, { move: arrayMove, __useDefault: true });
    case 'moment': return liveNamespace(mod, { __useDefault: true });
    case 'i18next': { const inst = mod.getI18nInstance(); const o: Record<string, unknown> = {}; for (const k in inst) { const v = inst[k]; o[k] = typeof v === 'function' ? v.bind(inst) : v; } return liveNamespace(o, { default: inst }); }
    default: return liveNamespace(mod);
  }
}
function legacy(name: string): object | null {
  switch (name) {
    case 'app/core/app_events': return liveNamespace({}, { default: runtime.getAppEvents(), __useDefault: true });
    case 'app/core/config': return liveNamespace({}, { default: runtime.config, __useDefault: true });
    case 'app/core/core': return liveNamespace({}, { appEvents: runtime.getAppEvents(), contextSrv: { user: runtime.config.bootData.user } });
    case 'app/core/services/backend_srv': return liveNamespace({}, { getBackendSrv: runtime.getBackendSrv, BackendSrv: class {} });
    case 'app/core/utils/datemath': return liveNamespace(grafanaData.dateMath as any);
  }
  return null;
}
export const SHARED_NAMES: string[] = ${JSON.stringify(SHARED_MODULES.map((e) => e.name))};
export function registerSharedModules(): void {
  const entries: Array<[string, object | null]> = [${entries.join(',\n    ')}];
  const imports: Record<string, string> = {};
  for (const [name, mod] of entries) {
    imports[name] = 'app:' + name;
    if (mod) System.set('app:' + name, mod);
  }
  System.addImportMap({ imports });
}
`;
}

/** A fresh machine has no node_modules for the non-root line yet: install it from its committed lockfile. */
export function ensureLinePackages(line: GrafanaLine): void {
  if (existsSync(join(line.packagesDir, 'node_modules/@grafana/ui'))) return;
  if (line.packagesDir === REPO_ROOT) throw new Error('root packages missing: run npm ci');
  process.stdout.write(`host ${line.name}: installing its packages (npm ci in ${line.packagesDir})\n`);
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: line.packagesDir,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`${line.name}: npm ci failed`);
}

export async function buildLine(
  name: LineName,
  opts: { minify?: boolean } = {}
): Promise<{ ms: number; bytes: number }> {
  const line = LINES[name];
  ensureLinePackages(line);
  const out = join(BUILD_DIR, name);
  mkdirSync(out, { recursive: true });
  const sharedFile = join(out, 'shared.generated.ts');
  writeFileSync(sharedFile, sharedModulesSource(line));
  const alias = { ...aliases(line), 'host:shared-modules': sharedFile };
  // Both the path as written and its real path: node_modules may be a symlink (e.g. in a git worktree).
  const lineNms = [join(line.packagesDir, 'node_modules'), realpathSync(join(line.packagesDir, 'node_modules'))];
  const plugin: esbuild.Plugin = {
    name: 'grafana-line',
    setup(build) {
      build.onResolve({ filter: /^host:/ }, (a) =>
        alias[a.path as keyof typeof alias] ? { path: realpathSync(alias[a.path as keyof typeof alias]) } : undefined
      );
      // @grafana/ui's .mjs default-imports this CommonJS package; Node's ESM rules would give the exports object.
      build.onResolve({ filter: /^react-custom-scrollbars-2$/ }, (a) => ({
        path: a.path,
        namespace: 'rcs-shim',
        pluginData: a.resolveDir,
      }));
      build.onLoad({ filter: /.*/, namespace: 'rcs-shim' }, (a) => ({
        contents: `module.exports = require('react-custom-scrollbars-2/lib/index.js').default;`,
        resolveDir: a.pluginData as string,
        loader: 'js',
      }));
      build.onResolve({ filter: /^[^./]/ }, async (a) => {
        if (a.pluginData === 'line' || lineNms.some((nm) => a.importer.startsWith(nm)) || /^(host|data):/.test(a.path))
          return undefined;
        const r = await build.resolve(a.path, { kind: a.kind, resolveDir: line.packagesDir, pluginData: 'line' });
        return r.errors.length ? undefined : { path: r.path, sideEffects: r.sideEffects };
      });
    },
  };
  const t0 = Date.now();
  const res = await esbuild.build({
    entryPoints: { host: join(HOST_DIR, 'shell/main.tsx') },
    outdir: out,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: opts.minify ?? true,
    sourcemap: false,
    jsx: 'automatic',
    loader: { '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.eot': 'empty', '.png': 'empty' },
    define: { define: 'undefined', 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    plugins: [plugin],
    logLevel: 'error',
    metafile: false,
    absWorkingDir: REPO_ROOT,
  });
  if (res.errors.length) throw new Error(`${name}: esbuild failed`);
  const bytes = readFileSync(join(out, 'host.js')).length;
  if (!existsSync(join(out, 'host.css'))) writeFileSync(join(out, 'host.css'), '');
  return { ms: Date.now() - t0, bytes };
}

async function main() {
  const names = (process.argv.slice(2).filter((a) => LINE_NAMES.includes(a as LineName)) as LineName[]) || [];
  for (const n of names.length ? names : LINE_NAMES) {
    const r = await buildLine(n);
    process.stdout.write(`host ${n}: ${(r.bytes / 1048576).toFixed(2)} MiB in ${r.ms} ms\n`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
void dirname;
