/** Bundle figures of the built plugin: module.js raw size and the number of emitted JS chunks. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ModuleFigures {
  moduleBytes: number;
  chunkCount: number;
  totalJsBytes: number;
}

/** Why `distDir` holds no build to serve or measure, or null when it has its module.js. */
export function missingBuild(distDir: string): string | null {
  return existsSync(join(distDir, 'module.js'))
    ? null
    : `${distDir} has no module.js: run \`npm run build\` first (or point E2E_DIST_DIR at a built dist)`;
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []
  );
}

export function moduleFigures(distDir: string): ModuleFigures {
  const files = jsFiles(distDir);
  const moduleBytes = statSync(join(distDir, 'module.js')).size;
  return {
    moduleBytes,
    // Every emitted .js except the entry module.js files (the app's and any nested plugin's).
    chunkCount: files.filter((f) => !f.endsWith('/module.js')).length,
    totalJsBytes: files.reduce((n, f) => n + statSync(f).size, 0),
  };
}
