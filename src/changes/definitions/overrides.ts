/** Tenant overrides of a bundle's effect providers: only where the bundle's policy flag allows, only of providers it defines. */
import type { DefinitionBundle, ValidationIssue, ValidationResult } from '../../contract';
import { resultOf } from '../config/validate';
import { formatPath } from '../shared/canonical';

export function checkTenantOverride(
  bundle: DefinitionBundle,
  effectProviders: ReadonlyArray<{ name: string; type: string }>
): ValidationResult {
  if (!bundle.tenantOverridesAllowed) {
    return resultOf([
      {
        path: '',
        message: `Bundle ${bundle.manifest.name} does not allow tenant overrides (tenantOverridesAllowed is false)`,
      },
    ]);
  }
  const errors: ValidationIssue[] = [];
  const known = new Map(bundle.effectProviders.map((p) => [p.name, p]));
  effectProviders.forEach((p, i) => {
    const def = known.get(p.name);
    if (!def)
      errors.push({
        path: formatPath(['effectProviders', String(i), 'name']),
        message: `Bundle ${bundle.manifest.name} has no effect provider ${p.name}`,
      });
    else if (def.type !== p.type)
      errors.push({
        path: formatPath(['effectProviders', String(i), 'type']),
        message: `${p.name} is a ${def.type} provider; an override cannot change its type`,
      });
  });
  return resultOf(errors);
}
