/**
 * The host's per-org state: the app's plugin settings (as provisioned, then changed through the
 * settings API) and the data sources (from provisioning/datasources/*.yaml when present).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface AppSettings {
  enabled: boolean;
  pinned: boolean;
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
}

export interface HostDataSource {
  id: number;
  uid: string;
  name: string;
  type: string;
  url: string;
  isDefault: boolean;
  jsonData: Record<string, unknown>;
  /** Kept server-side only: the settings API answers with `secureJsonFields`. */
  secureJsonData?: Record<string, string>;
  /** Provisioned with `editable: false`: the settings API refuses updates, as Grafana does. */
  readOnly?: boolean;
  version?: number;
  updatedMs?: number;
}

/** Grafana expands `$VAR` and `${VAR}` in provisioning files from the environment. */
function expandEnv(text: string): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string, b: string) => process.env[a ?? b] ?? '');
}

function yamlFiles(dir: string): unknown[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => parse(expandEnv(readFileSync(join(dir, f), 'utf8'))) as unknown);
}

/** `provisioning/plugins/*.yaml` entry for this app (org 1), if any. */
export function provisionedAppSettings(provisioningDir: string, pluginId: string): Partial<AppSettings> {
  for (const doc of yamlFiles(join(provisioningDir, 'plugins'))) {
    const apps = (doc as { apps?: Array<Record<string, unknown>> })?.apps ?? [];
    const app = apps.find((a) => a.type === pluginId);
    if (app) {
      return {
        enabled: app.disabled !== true,
        jsonData: (app.jsonData as Record<string, unknown>) ?? {},
        secureJsonData: (app.secureJsonData as Record<string, string>) ?? {},
      };
    }
  }
  return {};
}

/** `provisioning/datasources/*.yaml` data sources, with `urlOverrides` (by uid) applied. */
export function provisionedDataSources(
  provisioningDir: string,
  urlOverrides: Record<string, string> = {}
): HostDataSource[] {
  const out: HostDataSource[] = [];
  for (const doc of yamlFiles(join(provisioningDir, 'datasources'))) {
    for (const ds of (doc as { datasources?: Array<Record<string, unknown>> })?.datasources ?? []) {
      const uid = String(ds.uid ?? ds.name);
      out.push({
        id: out.length + 1,
        uid,
        name: String(ds.name),
        type: String(ds.type),
        url: urlOverrides[uid] ?? String(ds.url ?? ''),
        isDefault: ds.isDefault === true,
        jsonData: (ds.jsonData as Record<string, unknown>) ?? {},
        secureJsonData: (ds.secureJsonData as Record<string, string>) ?? {},
        readOnly: ds.editable !== true,
        version: 1,
      });
    }
  }
  return out;
}

/** Grafana's plugin-settings POST: jsonData replaced when sent; secureJsonData keys set one by one. */
export function applySettingsUpdate(cur: AppSettings, body: Partial<AppSettings>): AppSettings {
  return {
    enabled: body.enabled ?? cur.enabled,
    pinned: body.pinned ?? cur.pinned,
    jsonData: body.jsonData ?? cur.jsonData,
    secureJsonData: { ...cur.secureJsonData, ...(body.secureJsonData ?? {}) },
  };
}

export function secureJsonFields(s: AppSettings): Record<string, boolean> {
  return Object.fromEntries(Object.keys(s.secureJsonData).map((k) => [k, true]));
}
