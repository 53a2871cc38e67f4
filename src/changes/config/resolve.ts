/**
 * Effective config of a tenant: default → environment → plan → tenant override, deep-merged (objects
 * merge key by key, arrays and scalars replace), with the provenance of every leaf: which level and
 * which document version the value comes from. `schemaVersion` is the document format, not a
 * setting, and is neither merged nor reported.
 */
import type { ConfigKind, ConfigLevel, EffectiveConfig, ProvenanceEntry } from '../../contract';
import { formatPath, isLeaf, isPlainObject, leaves, type JsonObject } from '../shared/canonical';

export interface ConfigLayer {
  /** Scope key of the document (`default`, `environment:prod`, `plan:team`, `tenant:acme-001`). */
  scope: string;
  /** Document version; null for the built-in default. */
  version: number | null;
  value: JsonObject;
}

export interface ConfigLayers {
  default: ConfigLayer;
  environment?: ConfigLayer | null;
  plan?: ConfigLayer | null;
  tenant?: ConfigLayer | null;
}

const ORDER: readonly ConfigLevel[] = ['default', 'environment', 'plan', 'tenant'];

interface Origin {
  source: ConfigLevel;
  scope: string;
  version: number | null;
}

function mergeInto(
  target: JsonObject,
  origins: Map<string, Origin>,
  value: JsonObject,
  origin: Origin,
  path: string[]
) {
  for (const key of Object.keys(value)) {
    if (path.length === 0 && key === 'schemaVersion') continue;
    const v = value[key];
    if (v === undefined) continue;
    const here = [...path, key];
    if (!isLeaf(v) && isPlainObject(target[key])) {
      mergeInto(target[key] as JsonObject, origins, v as JsonObject, origin, here);
      continue;
    }
    target[key] = isLeaf(v) ? structuredClone(v) : {};
    // Anything below this key set earlier is replaced: drop its origins, then record the new leaves.
    const prefix = formatPath(here);
    for (const p of [...origins.keys()])
      if (p === prefix || p.startsWith(prefix + '.') || p.startsWith(prefix + '[')) origins.delete(p);
    if (isLeaf(v)) origins.set(prefix, origin);
    else mergeInto(target[key] as JsonObject, origins, v as JsonObject, origin, here);
  }
}

export function resolveEffectiveConfig(kind: ConfigKind, layers: ConfigLayers): EffectiveConfig {
  const value: JsonObject = {};
  const origins = new Map<string, Origin>();
  for (const level of ORDER) {
    const layer = layers[level];
    if (!layer) continue;
    mergeInto(value, origins, layer.value, { source: level, scope: layer.scope, version: layer.version }, []);
  }
  const entries: ProvenanceEntry[] = leaves(value).map((leaf) => {
    const path = formatPath(leaf.segments);
    const origin = origins.get(path) as Origin;
    return { path, value: leaf.value, source: origin.source, scope: origin.scope, version: origin.version };
  });
  return { kind, value: { schemaVersion: layers.default.value.schemaVersion, ...value }, entries };
}
