/**
 * Definition bundle validation: the schema first, then semantic checks — names unique per category,
 * every event, command and effect provider a definition refers to exists in the bundle, an event has
 * one owner, and the version is higher than the bundle it would replace in an environment.
 */
import {
  DefinitionBundleSchema,
  type DefinitionBundle,
  type ValidationIssue,
  type ValidationResult,
} from '../../contract';
import { issuesOf, resultOf } from '../config/validate';
import { formatPath } from '../shared/canonical';
import { compareVersions } from './semver';

export interface BundleValidation extends ValidationResult {
  /** The parsed bundle when the schema passed (semantic errors may remain). */
  bundle: DefinitionBundle | null;
}

const CATEGORIES = ['aggregates', 'projections', 'sagas', 'effectProviders'] as const;

export function validateBundle(raw: unknown, previous?: { version: string } | null): BundleValidation {
  const parsed = DefinitionBundleSchema.safeParse(raw);
  if (!parsed.success) return { ...resultOf(issuesOf(parsed.error)), bundle: null };
  const b = parsed.data;
  const errors: ValidationIssue[] = [];
  const at = (...segs: Array<string | number>) => formatPath(segs.map(String));

  for (const cat of CATEGORIES) {
    const seen = new Map<string, number>();
    b[cat].forEach((d, i) => {
      const first = seen.get(d.name);
      if (first !== undefined)
        errors.push({ path: at(cat, i, 'name'), message: `Duplicate name ${d.name} (also ${cat}[${first}])` });
      else seen.set(d.name, i);
    });
  }

  const eventOwner = new Map<string, string>();
  const commands = new Set<string>();
  b.aggregates.forEach((a, i) => {
    a.events.forEach((e, j) => {
      const owner = eventOwner.get(e);
      if (owner && owner !== a.name)
        errors.push({
          path: at('aggregates', i, 'events', j),
          message: `Event ${e} is already emitted by aggregate ${owner}`,
        });
      else eventOwner.set(e, a.name);
    });
    a.commands.forEach((c) => commands.add(c));
  });
  const providers = new Set(b.effectProviders.map((p) => p.name));

  b.projections.forEach((p, i) =>
    p.consumes.forEach((e, j) => {
      if (!eventOwner.has(e))
        errors.push({
          path: at('projections', i, 'consumes', j),
          message: `Projection ${p.name} consumes unknown event ${e}`,
        });
    })
  );
  b.sagas.forEach((s, i) => {
    s.triggers.forEach((e, j) => {
      if (!eventOwner.has(e))
        errors.push({
          path: at('sagas', i, 'triggers', j),
          message: `Saga ${s.name} is triggered by unknown event ${e}`,
        });
    });
    s.issues.forEach((c, j) => {
      if (!commands.has(c))
        errors.push({ path: at('sagas', i, 'issues', j), message: `Saga ${s.name} issues unknown command ${c}` });
    });
    s.effects.forEach((p, j) => {
      if (!providers.has(p))
        errors.push({
          path: at('sagas', i, 'effects', j),
          message: `Saga ${s.name} calls unknown effect provider ${p}`,
        });
    });
  });

  if (previous && compareVersions(b.manifest.version, previous.version) <= 0) {
    errors.push({
      path: 'manifest.version',
      message: `Version ${b.manifest.version} must be higher than ${previous.version}, the version it replaces`,
    });
  }
  return { ...resultOf(errors), bundle: b };
}
