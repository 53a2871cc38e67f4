/**
 * What the runner (tests/e2e/run.ts) hands to the spec processes, and per-line helpers for specs.
 * Every spec runs once per Grafana line.
 */
import type { Page } from 'playwright-core';
import { PLUGIN_BASE_URL, PLUGIN_ID } from '../../../src/constants';
import type { LineName } from '../../host/lines';

export { PLUGIN_ID };
/** The app's base URL (`/a/<plugin id>`), from the source. */
export const APP = PLUGIN_BASE_URL;

export interface E2EEnv {
  hosts: Array<{ line: LineName; url: string }>;
  sidecarUrl: string;
  /** The simulator the sidecar uses as its platform; absent with E2E_PLATFORM=0. */
  platformUrl?: string;
  /** VictoriaMetrics scraping the simulator, the sidecar's SWITCHYARD_VM_URL; absent when not installed or E2E_VM=0. */
  vmUrl?: string;
  /** The simulator's Kubernetes API token; absent with E2E_PLATFORM=0. */
  platformK8sToken?: string;
  /** The credentials agent's service account token (role "Switchyard Credentials Agent" only), accepted by every host. */
  credentialsAgentToken?: string;
  /** Alertmanager delivering to the sidecar's webhook and holding its silences (SWITCHYARD_ALERTMANAGER_URL). */
  alertmanagerUrl?: string;
  distDir?: string;
}

export function e2eEnv(): E2EEnv {
  const raw = process.env.E2E_ENV;
  if (!raw) throw new Error('E2E_ENV is not set: run the specs through `npm run e2e` (tests/e2e/run.ts)');
  return JSON.parse(raw) as E2EEnv;
}

/** Opens a path on a host as a user and waits for the host shell to have booted. */
export async function open(
  page: Page,
  hostUrl: string,
  path: string,
  user: 'viewer' | 'editor' | 'admin' | 'auditor' | 'pam' | 'sam' = 'admin'
): Promise<void> {
  const sep = path.includes('?') ? '&' : '?';
  await page.goto(`${hostUrl}${path}${sep}grafanaUser=${user}`);
  await page.waitForFunction(() => (window as unknown as { __hostReady?: boolean }).__hostReady === true);
}

/** Errors the host recorded in the page (uncaught errors, failed plugin load). */
export async function hostErrors(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __hostErrors?: string[] }).__hostErrors ?? []);
}

/** Tenant ids reserved per line for mutating specs, so the two lines never race on one tenant. */
export function tenantFor(line: LineName, purpose: 'status' | 'bulk'): string {
  const ids: Record<string, Record<LineName, string>> = {
    status: { 'grafana-12': 'hooli-prod', 'grafana-13': 'stark-prod' },
    bulk: { 'grafana-12': 'wayne-prod', 'grafana-13': 'wonka-prod' },
  };
  return ids[purpose][line];
}
