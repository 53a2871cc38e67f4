/**
 * Impact of running a bundle in an environment: which definitions change against the bundle there
 * now, which tenants run the bundle and which services (and shards) host the changed definitions.
 */
import type { DefinitionBundle, DefinitionChanges, Environment, ImpactAnalysis, ServiceKind } from '../../contract';
import { deepEqual } from '../shared/canonical';

/** Which service kind runs each category of definition. */
export const SERVICE_OF = {
  aggregates: 'aggregate',
  projections: 'projection',
  sagas: 'runner',
  effectProviders: 'runner',
} as const satisfies Record<string, ServiceKind>;
const PREFIX = {
  aggregates: 'aggregate',
  projections: 'projection',
  sagas: 'saga',
  effectProviders: 'effect',
} as const;
type Category = keyof typeof SERVICE_OF;
const CATEGORIES = Object.keys(SERVICE_OF) as Category[];

export interface TenantRuntime {
  tenantId: string;
  environment: Environment;
  /** Bundle names the tenant runs. */
  bundles: readonly string[];
  /** Shard per service kind. */
  placement: Partial<Record<ServiceKind, string>>;
}

export function definitionChanges(next: DefinitionBundle, previous: DefinitionBundle | null): DefinitionChanges {
  const out: DefinitionChanges = { added: [], removed: [], changed: [] };
  for (const cat of CATEGORIES) {
    const before = new Map<string, unknown>((previous?.[cat] ?? []).map((d) => [d.name, d]));
    const after = new Map<string, unknown>(next[cat].map((d) => [d.name, d]));
    for (const [name, d] of after) {
      const id = `${PREFIX[cat]}:${name}`;
      if (!before.has(name)) out.added.push(id);
      else if (!deepEqual(before.get(name), d)) out.changed.push(id);
    }
    for (const name of before.keys()) if (!after.has(name)) out.removed.push(`${PREFIX[cat]}:${name}`);
  }
  for (const k of ['added', 'removed', 'changed'] as const) out[k].sort();
  return out;
}

export function analyzeImpact(input: {
  bundle: DefinitionBundle;
  previous: DefinitionBundle | null;
  environment: Environment;
  tenants: readonly TenantRuntime[];
}): ImpactAnalysis {
  const { bundle, previous, environment } = input;
  const changes = definitionChanges(bundle, previous);
  const touched = new Set<ServiceKind>();
  for (const id of [...changes.added, ...changes.removed, ...changes.changed]) {
    const cat = CATEGORIES.find((c) => id.startsWith(`${PREFIX[c]}:`)) as Category;
    touched.add(SERVICE_OF[cat]);
  }
  const running = input.tenants
    .filter((t) => t.environment === environment && t.bundles.includes(bundle.manifest.name))
    .sort((a, b) => (a.tenantId < b.tenantId ? -1 : 1));
  const services = [...touched].sort().map((kind) => ({
    kind,
    shards: [...new Set(running.flatMap((t) => (t.placement[kind] ? [t.placement[kind] as string] : [])))].sort(),
  }));
  return {
    name: bundle.manifest.name,
    version: bundle.manifest.version,
    environment,
    replaces: previous?.manifest.version ?? null,
    changes,
    tenants: running.map((t) => t.tenantId),
    services,
  };
}
