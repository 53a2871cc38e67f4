/**
 * The Grafana lines the host emulates, like a version matrix: the plugin's minimum supported Grafana
 * (12.4, React 18, the root node_modules) and the newest installable one (13.2, React 19,
 * tests/host/grafana-13 with its own lockfile). The one built dist/module.js is loaded into both.
 */
import { join, resolve } from 'node:path';

export type LineName = 'grafana-12' | 'grafana-13';

export interface GrafanaLine {
  name: LineName;
  grafanaVersion: string;
  reactVersion: string;
  /** The folder whose node_modules provides the shared modules for this line. */
  packagesDir: string;
}

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const HOST_DIR = resolve(__dirname);
export const BUILD_DIR = join(HOST_DIR, '.build');

export const LINES: Record<LineName, GrafanaLine> = {
  'grafana-12': { name: 'grafana-12', grafanaVersion: '12.4.10', reactVersion: '18.3.1', packagesDir: REPO_ROOT },
  'grafana-13': {
    name: 'grafana-13',
    grafanaVersion: '13.2.2',
    reactVersion: '19.3.1',
    packagesDir: join(HOST_DIR, 'grafana-13'),
  },
};

export const LINE_NAMES = Object.keys(LINES) as LineName[];

/** `E2E_LINES=grafana-12` narrows the matrix (default: both). */
export function selectedLines(): LineName[] {
  const want = (process.env.E2E_LINES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return want.length ? LINE_NAMES.filter((l) => want.includes(l)) : LINE_NAMES;
}
