/**
 * Validation of config documents against their kind's schema. The default scope must hold a complete
 * document; environment, plan and tenant scopes hold overrides: any subset of the top-level keys,
 * each valid, plus the schemaVersion. Unknown keys are refused everywhere (a typo never silently
 * does nothing).
 */
import type { z } from 'zod';
import {
  CONFIG_SCHEMA_VERSION,
  configKindSchemas,
  type ConfigKind,
  type ConfigLevel,
  type ValidationIssue,
  type ValidationResult,
} from '../../contract';
import { formatPath } from '../shared/canonical';

export function issuesOf(error: z.ZodError, prefix: readonly string[] = []): ValidationIssue[] {
  return error.issues.map((i) => ({
    path: formatPath([...prefix, ...i.path.map(String)]),
    message: i.message,
  }));
}

export function resultOf(errors: ValidationIssue[]): ValidationResult {
  return { valid: errors.length === 0, errors };
}

export function overrideSchemaOf(kind: ConfigKind) {
  // Every kind is a strict object with a schemaVersion; the union of their types is too wide for zod's overloads.
  const full = configKindSchemas[kind] as unknown as z.ZodObject<{ schemaVersion: z.ZodLiteral<1> }>;
  return full.partial().required({ schemaVersion: true });
}

export function validateConfigDocument(kind: ConfigKind, level: ConfigLevel, value: unknown): ValidationResult {
  const schema = level === 'default' ? configKindSchemas[kind] : overrideSchemaOf(kind);
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > CONFIG_SCHEMA_VERSION) {
    return resultOf([
      {
        path: 'schemaVersion',
        message: `schemaVersion ${version} is newer than this control plane understands (${CONFIG_SCHEMA_VERSION})`,
      },
    ]);
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? resultOf([]) : resultOf(issuesOf(parsed.error));
}
