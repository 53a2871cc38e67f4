/**
 * The editor's draft: JSON text checked as the user types, first as JSON, then against the zod
 * schema of its kind at its scope level (complete at default scope, a subset of keys elsewhere).
 * Each issue names the field it is about.
 */
import { BUILT_IN_CONFIG_DEFAULTS, validateConfigDocument } from '../../changes';
import { parseScopeKey, type ConfigKind, type ValidationIssue } from '../../contract';

export type DraftCheck =
  { ok: true; value: Record<string, unknown>; issues: [] } | { ok: false; value: null; issues: ValidationIssue[] };

export function checkDraft(kind: ConfigKind, scope: string, text: string): DraftCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { ok: false, value: null, issues: [{ path: '', message: `Not valid JSON: ${(e as Error).message}` }] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { ok: false, value: null, issues: [{ path: '', message: 'A config document is a JSON object' }] };
  const r = validateConfigDocument(kind, parseScopeKey(scope).level, parsed);
  return r.valid
    ? { ok: true, value: parsed as Record<string, unknown>, issues: [] }
    : { ok: false, value: null, issues: r.errors };
}

/** What a new document starts from: the built-in default at default scope, an empty override elsewhere. */
export function initialDraft(kind: ConfigKind, scope: string): Record<string, unknown> {
  return parseScopeKey(scope).level === 'default' ? { ...BUILT_IN_CONFIG_DEFAULTS[kind] } : { schemaVersion: 1 };
}

export const formatDraft = (value: unknown) => JSON.stringify(value, null, 2);
