/** Bundle figures of the built plugin: module.js raw size and the number of emitted JS chunks. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ModuleFigures {
  moduleBytes: number;
  chunkCount: number;
  totalJsBytes: number;
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
