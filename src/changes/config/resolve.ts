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

const cloneLeaf = (v: unknown): unknown => (typeof v === 'object' && v !== null ? structuredClone(v) : v);

function mergeInto(target: JsonObject, value: JsonObject, top: boolean): void {
  for (const key of Object.keys(value)) {
    if (top && key === 'schemaVersion') continue;
    const v = value[key];
    if (v === undefined) continue;
    if (isLeaf(v)) {
      target[key] = cloneLeaf(v);
      continue;
    }
    // An object replaces a leaf set earlier, and merges into an object set earlier.
    if (!isPlainObject(target[key]) || isLeaf(target[key])) target[key] = {};
    mergeInto(target[key] as JsonObject, v as JsonObject, false);
  }
}

/** True when `value` holds a leaf exactly at `segments`. */
function hasLeafAt(value: unknown, segments: readonly string[]): boolean {
  let cur = value;
  for (const s of segments) {
    if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, s)) return false;
    cur = cur[s];
  }
  return cur !== undefined && isLeaf(cur);
}

/**
 * Resolve. The provenance of a leaf is the highest level whose document has a leaf at that exact
 * path: a later level replacing an ancestor with a leaf would have removed the path, and one
 * setting it again would be higher still.
 */
export function resolveEffectiveConfig(kind: ConfigKind, layers: ConfigLayers): EffectiveConfig {
  const value: JsonObject = {};
  const present = ORDER.flatMap((level) => {
    const layer = layers[level];
    return layer ? [{ level, layer }] : [];
  });
  for (const { layer } of present) mergeInto(value, layer.value, true);
  const entries: ProvenanceEntry[] = leaves(value).map((leaf) => {
    let owner = present[0];
    for (let i = present.length - 1; i >= 0; i--) {
      if (hasLeafAt(present[i].layer.value, leaf.segments)) {
        owner = present[i];
        break;
      }
    }
    return {
      path: formatPath(leaf.segments),
      value: leaf.value,
      source: owner.level,
      scope: owner.layer.scope,
      version: owner.layer.version,
    };
  });
  return { kind, value: { schemaVersion: layers.default.value.schemaVersion, ...value }, entries };
}
