import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_JSON, PLUGIN_JSON, SOURCE_DIR } from './constants';

export interface PluginJson {
  id: string;
  type: string;
}

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

export function getPluginJson(): PluginJson {
  return readJson<PluginJson>(PLUGIN_JSON);
}

export function getPackageVersion(): string {
  return readJson<{ version: string }>(PACKAGE_JSON).version;
}

/** YYYY-MM-DD in UTC, for `%TODAY%`. */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

const MODULE_FILES = ['module.tsx', 'module.ts'];

function findModule(dir: string): string | undefined {
  return MODULE_FILES.map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
}

/**
 * `module` for the app itself plus `<dir>/module` for each nested plugin: a direct sub-folder
 * of src/ holding its own plugin.json and module.ts(x) (e.g. src/datasource/).
 */
export function getEntries(): Record<string, string> {
  const root = findModule(SOURCE_DIR);
  if (!root) {
    throw new Error(`No src/module.tsx found in ${SOURCE_DIR}`);
  }
  const entries: Record<string, string> = { module: root };
  for (const dirent of fs.readdirSync(SOURCE_DIR, { withFileTypes: true })) {
    if (!dirent.isDirectory()) {
      continue;
    }
    const dir = path.join(SOURCE_DIR, dirent.name);
    const nested = fs.existsSync(path.join(dir, 'plugin.json')) ? findModule(dir) : undefined;
    if (nested) {
      entries[`${dirent.name}/module`] = nested;
    }
  }
  return entries;
}
