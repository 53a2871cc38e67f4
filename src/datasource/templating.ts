/**
 * Template variables in query models: strings are interpolated; list filters expand multi-value
 * variables (`['$environment']` → `['dev','prod']`). Alert rules never pass through here: the
 * backend accepts the model as stored.
 */
import type { ScopedVars } from '@grafana/data';

export type Interpolate = (text: string, scopedVars: ScopedVars | undefined, format: string) => string;

const HAS_VARIABLE = /\$\{?[A-Za-z_]/;

export function interpolateModel<T extends object>(
  model: T,
  scopedVars: ScopedVars | undefined,
  interpolate: Interpolate
): T {
  const out: Record<string, unknown> = { ...(model as Record<string, unknown>) };
  for (const [key, value] of Object.entries(model as Record<string, unknown>)) {
    if (key === 'refId' || key === 'datasource') continue;
    if (typeof value === 'string' && HAS_VARIABLE.test(value)) {
      out[key] = interpolate(value, scopedVars, 'csv');
    } else if (Array.isArray(value) && value.some((v) => typeof v === 'string' && HAS_VARIABLE.test(v))) {
      out[key] = value
        .flatMap((v) => (typeof v === 'string' ? interpolate(v, scopedVars, 'csv').split(',') : [v]))
        .map((v) => (typeof v === 'string' ? v.trim() : v))
        .filter((v) => v !== '' && v !== '$__all');
    }
  }
  return out as T;
}
