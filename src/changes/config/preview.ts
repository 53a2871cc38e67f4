/**
 * Preview of a config change before it is written or applied: the draft's validation, its diff
 * against the current version of the same document, and the effective config it gives every
 * affected tenant (how many change, and a sample with each changed key's before, after and source).
 * Tenants that share environment and plan and have no document of their own resolve alike, so each
 * such group is resolved once.
 */
import { parseScopeKey, type ConfigKind, type ConfigPreview, type Environment, type Plan } from '../../contract';
import { deepEqual, type JsonObject } from '../shared/canonical';
import { diffConfig } from './diff';
import { resolveEffectiveConfig, type ConfigLayer } from './resolve';
import { validateConfigDocument } from './validate';

export interface TenantScopeRef {
  tenantId: string;
  environment: Environment;
  plan: Plan;
}

export interface PreviewInput {
  kind: ConfigKind;
  /** Scope key of the document being changed. */
  scope: string;
  draft: JsonObject;
  /** Latest version of each document of this kind, by scope key (the default must be present). */
  documents: ReadonlyMap<string, { version: number; value: JsonObject }>;
  tenants: readonly TenantScopeRef[];
  sampleSize: number;
}

function layersFor(t: TenantScopeRef, docs: PreviewInput['documents']) {
  const at = (scope: string): ConfigLayer | null => {
    const d = docs.get(scope);
    return d ? { scope, version: d.version, value: d.value } : null;
  };
  const def = at('default');
  if (!def) throw new RangeError('the default document of the kind is required');
  return {
    default: def,
    environment: at(`environment:${t.environment}`),
    plan: at(`plan:${t.plan}`),
    tenant: at(`tenant:${t.tenantId}`),
  };
}

export function previewConfigChange(input: PreviewInput): ConfigPreview {
  const scope = parseScopeKey(input.scope);
  const validation = validateConfigDocument(input.kind, scope.level, input.draft);
  const current = input.documents.get(input.scope);
  const diff = diffConfig(current?.value ?? {}, input.draft);
  const after = new Map(input.documents);
  after.set(input.scope, { version: (current?.version ?? 0) + 1, value: input.draft });

  const affected = input.tenants.filter((t) => {
    switch (scope.level) {
      case 'default':
        return true;
      case 'environment':
        return t.environment === scope.environment;
      case 'plan':
        return t.plan === scope.plan;
      case 'tenant':
        return t.tenantId === scope.tenantId;
    }
  });
  const memo = new Map<
    string,
    Array<{
      path: string;
      before: unknown;
      after: unknown;
      source: ConfigPreview['samples'][number]['changes'][number]['source'];
    }>
  >();
  const changesOf = (t: TenantScopeRef) => {
    const own = input.documents.has(`tenant:${t.tenantId}`) || input.scope === `tenant:${t.tenantId}`;
    const key = own ? `tenant:${t.tenantId}` : `${t.environment}|${t.plan}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const was = resolveEffectiveConfig(input.kind, layersFor(t, input.documents));
    const now = resolveEffectiveConfig(input.kind, layersFor(t, after));
    const before = new Map(was.entries.map((e) => [e.path, e.value]));
    const paths = new Set([...before.keys(), ...now.entries.map((e) => e.path)]);
    const next = new Map(now.entries.map((e) => [e.path, e]));
    const changes = [...paths]
      .sort()
      .filter((p) => !deepEqual(before.get(p), next.get(p)?.value))
      .map((p) => ({
        path: p,
        before: before.get(p) ?? null,
        after: next.get(p)?.value ?? null,
        source: next.get(p)?.source ?? 'default',
      }));
    memo.set(key, changes);
    return changes;
  };
  const changed = affected
    .map((t) => ({ tenantId: t.tenantId, changes: changesOf(t) }))
    .filter((x) => x.changes.length > 0)
    .sort((a, b) => (a.tenantId < b.tenantId ? -1 : 1));
  return {
    validation,
    diff,
    affectedTenants: changed.length,
    samples: changed.slice(0, input.sampleSize),
  };
}
