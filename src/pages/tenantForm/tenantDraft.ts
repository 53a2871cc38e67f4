/**
 * The tenant form's draft: what the inputs hold (text as typed), how it becomes a create body or an
 * edit patch through the contract's schemas, and the message for each invalid field, keyed by the
 * field's path (`quotas.storageGb`, `labels.2.key`, `contacts.0.email`) so the form shows it inline.
 */
import {
  CreateTenantSchema,
  LabelKeySchema,
  LabelValueSchema,
  QuotasSchema,
  UpdateTenantSchema,
  type CreateTenant,
  type Environment,
  type Plan,
  type Tenant,
  type UpdateTenant,
} from '../../contract';

export type ContactRole = 'owner' | 'technical' | 'billing';

export interface TenantDraft {
  id: string;
  displayName: string;
  plan: Plan;
  environment: Environment;
  organizationId: string;
  applicationId: string;
  labels: Array<{ key: string; value: string }>;
  quotas: { requestsPerSecond: string; storageGb: string; maxConnections: string };
  killSwitch: boolean;
  /** Feature flags other than the kill switch. */
  flags: Array<{ name: string; on: boolean }>;
  contacts: Array<{ name: string; email: string; role: ContactRole }>;
}

export type FieldErrors = Record<string, string>;

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Labels a person reads, per field path (rows get "Label 2 key" etc.). */
export const FIELD_LABELS: Record<string, string> = {
  id: 'Tenant id',
  displayName: 'Display name',
  plan: 'Plan',
  environment: 'Environment',
  organizationId: 'Organization id',
  applicationId: 'Application id',
  labels: 'Labels',
  'quotas.requestsPerSecond': 'Requests per second',
  'quotas.storageGb': 'Storage (GB)',
  'quotas.maxConnections': 'Max connections',
  'featureFlags.killSwitch': 'Kill switch',
  featureFlags: 'Feature flags',
  contacts: 'Contacts',
};

export function fieldLabel(path: string): string {
  if (FIELD_LABELS[path]) return FIELD_LABELS[path];
  const row = /^(labels|flags|contacts)\.(\d+)\.(\w+)$/.exec(path);
  if (row) {
    const [, list, i, part] = row;
    const what = list === 'labels' ? 'Label' : list === 'flags' ? 'Flag' : 'Contact';
    return `${what} ${Number(i) + 1} ${part}`;
  }
  return path;
}

export const QUOTA_FIELDS = ['requestsPerSecond', 'storageGb', 'maxConnections'] as const;

export function emptyDraft(): TenantDraft {
  return {
    id: '',
    displayName: '',
    plan: 'team',
    environment: 'dev',
    organizationId: '',
    applicationId: '',
    labels: [],
    quotas: { requestsPerSecond: '100', storageGb: '10', maxConnections: '50' },
    killSwitch: false,
    flags: [],
    contacts: [],
  };
}

export function draftFromTenant(t: Tenant): TenantDraft {
  const { killSwitch, ...flags } = t.featureFlags;
  return {
    id: t.id,
    displayName: t.displayName,
    plan: t.plan,
    environment: t.environment,
    organizationId: t.organizationId,
    applicationId: t.applicationId,
    labels: Object.entries(t.labels).map(([key, value]) => ({ key, value })),
    quotas: {
      requestsPerSecond: String(t.quotas.requestsPerSecond),
      storageGb: String(t.quotas.storageGb),
      maxConnections: String(t.quotas.maxConnections),
    },
    killSwitch,
    flags: Object.entries(flags).map(([name, on]) => ({ name, on: Boolean(on) })),
    contacts: t.contacts.map((c) => ({ name: c.name, email: c.email, role: c.role })),
  };
}

/** Text that reads as a number (sign and decimals allowed), so the contract can say what is wrong with it. */
const NUMBER = /^-?\d+(\.\d+)?$/;

/** A valid example for the fields the contract wants as UUIDs. */
export const EXAMPLE_UUID = '3f2c1e9a-5d6f-4a7b-8c9d-0e1f2a3b4c5d';

/** The parts of a zod issue its message is rebuilt from. */
type Issue = {
  path: PropertyKey[];
  message: string;
  code?: string;
  format?: string;
  origin?: string;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
};

/** zod's generic sentences ("Too small: expected number to be >=0"), as opposed to the contract's own. */
const GENERIC = /^(Too small|Too big|Invalid)\b/;

const amount = (n: number | bigint | undefined) => Number(n).toLocaleString('en-US');

/**
 * A zod issue as a sentence that names the field by its label and says what to enter: formats get an
 * example, bounds are put in words, and the contract's own messages (which may name internal keys,
 * like "organizationId must be a UUID") are kept only where they do not.
 */
export function humanMessage(path: string, issue: Issue | undefined): string {
  const label = fieldLabel(path);
  if (!issue) return `${label} is not valid`;
  if (issue.code === 'invalid_format' && (issue.format === 'uuid' || issue.format === 'guid'))
    return `${label} must be a UUID, e.g. ${EXAMPLE_UUID}`;
  if (issue.code === 'invalid_format' && issue.format === 'email')
    return `${label} must be an email address, e.g. ada@example.com`;
  if (GENERIC.test(issue.message)) {
    if (issue.code === 'invalid_type' && issue.expected === 'int') return `${label} must be a whole number`;
    if (issue.code === 'invalid_type' && issue.expected === 'number') return `${label} must be a number`;
    if (issue.code === 'too_small' && issue.origin === 'number')
      return `${label} must be ${amount(issue.minimum)} or more`;
    if (issue.code === 'too_big' && issue.origin === 'number')
      return `${label} must be ${amount(issue.maximum)} or less`;
    if (issue.code === 'too_small' && issue.origin === 'string')
      return Number(issue.minimum) <= 1
        ? `${label} is required`
        : `${label} needs at least ${amount(issue.minimum)} characters`;
    if (issue.code === 'too_big' && issue.origin === 'string')
      return `${label} must be at most ${amount(issue.maximum)} characters`;
    if (issue.code === 'too_big' && issue.origin === 'array') return `${label}: at most ${amount(issue.maximum)}`;
  }
  return issue.message.startsWith(label) ? issue.message : `${label}: ${issue.message}`;
}

/** The rows the contract's records cannot name (a bad label key, a duplicate), checked per row. */
function rowErrors(d: TenantDraft): FieldErrors {
  const errors: FieldErrors = {};
  const seen = new Set<string>();
  d.labels.forEach((l, i) => {
    const key = LabelKeySchema.safeParse(l.key.trim());
    if (!key.success) errors[`labels.${i}.key`] = humanMessage(`labels.${i}.key`, key.error.issues[0]);
    else if (seen.has(l.key.trim())) errors[`labels.${i}.key`] = `Label ${l.key.trim()} is given twice`;
    seen.add(l.key.trim());
    const value = LabelValueSchema.safeParse(l.value);
    if (!value.success) errors[`labels.${i}.value`] = humanMessage(`labels.${i}.value`, value.error.issues[0]);
  });
  const flags = new Set<string>();
  d.flags.forEach((f, i) => {
    const name = f.name.trim();
    if (!name) errors[`flags.${i}.name`] = 'Name the flag, or remove the row';
    else if (name === 'killSwitch') errors[`flags.${i}.name`] = 'The kill switch has its own toggle';
    else if (flags.has(name)) errors[`flags.${i}.name`] = `Flag ${name} is given twice`;
    flags.add(name);
  });
  for (const q of QUOTA_FIELDS) {
    const message = quotaError(q, d.quotas[q]);
    if (message) errors[`quotas.${q}`] = message;
  }
  return errors;
}

/** A quota as typed, checked with the contract's bounds: not a number, not whole, negative, too large. */
function quotaError(q: (typeof QUOTA_FIELDS)[number], text: string): string | undefined {
  const path = `quotas.${q}`;
  if (!NUMBER.test(text.trim())) return `${fieldLabel(path)} must be a whole number`;
  const r = QuotasSchema.shape[q].safeParse(Number(text));
  return r.success ? undefined : humanMessage(path, r.error.issues[0]);
}

/** The draft as the contract's input shape (numbers parsed, rows folded into records). */
function candidate(d: TenantDraft) {
  return {
    id: d.id.trim(),
    displayName: d.displayName,
    plan: d.plan,
    environment: d.environment,
    organizationId: d.organizationId.trim(),
    applicationId: d.applicationId.trim(),
    labels: Object.fromEntries(d.labels.map((l) => [l.key.trim(), l.value])),
    quotas: {
      requestsPerSecond: Number(d.quotas.requestsPerSecond),
      storageGb: Number(d.quotas.storageGb),
      maxConnections: Number(d.quotas.maxConnections),
    },
    featureFlags: { killSwitch: d.killSwitch, ...Object.fromEntries(d.flags.map((f) => [f.name.trim(), f.on])) },
    contacts: d.contacts.map((c) => ({ name: c.name, email: c.email.trim(), role: c.role })),
  };
}

function zodErrors(issues: readonly Issue[], into: FieldErrors): FieldErrors {
  for (const issue of issues) {
    const path = issue.path.map(String).join('.') || 'form';
    if (into[path] || Object.keys(into).some((k) => k.startsWith(`${path}.`))) continue;
    // Rows of labels, flags and quotas were checked one by one; the record-level echo adds nothing.
    const list = String(issue.path[0]);
    const rows = list === 'featureFlags' ? 'flags' : list;
    if (['labels', 'featureFlags', 'quotas'].includes(list) && Object.keys(into).some((k) => k.startsWith(`${rows}.`)))
      continue;
    into[path] = humanMessage(path, issue);
  }
  return into;
}

/** The create body, or the message of every invalid field. */
export function validateCreate(d: TenantDraft): Validated<CreateTenant> {
  const errors = rowErrors(d);
  const r = CreateTenantSchema.safeParse(candidate(d));
  if (!r.success) zodErrors(r.error.issues, errors);
  if (Object.keys(errors).length > 0 || !r.success) return { ok: false, errors };
  return { ok: true, value: r.data };
}

/**
 * The message of one field of the draft as it is now (undefined when it is valid): the form checks a
 * field when the user leaves it, and again on every change after that, with the same rules as Preview.
 */
export function fieldError(d: TenantDraft, path: string, base?: Tenant): string | undefined {
  const r = base ? validateEdit(d, base) : validateCreate(d);
  return r.ok ? undefined : r.errors[path];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sortedRecord = (r: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));

/** The fields of `next` that differ from `base` (the edit's PATCH body, possibly empty). */
export function changedFields(base: Tenant, next: Required<UpdateTenant>): UpdateTenant {
  const patch: UpdateTenant = {};
  if (next.displayName !== base.displayName) patch.displayName = next.displayName;
  if (next.plan !== base.plan) patch.plan = next.plan;
  if (!same(sortedRecord(next.labels), sortedRecord(base.labels))) patch.labels = next.labels;
  if (!same(next.quotas, base.quotas)) patch.quotas = next.quotas;
  if (!same(sortedRecord(next.featureFlags), sortedRecord(base.featureFlags))) patch.featureFlags = next.featureFlags;
  if (!same(next.contacts, base.contacts)) patch.contacts = next.contacts;
  return patch;
}

/** The edit patch against `base` (only what changed), or the message of every invalid field. */
export function validateEdit(d: TenantDraft, base: Tenant): Validated<UpdateTenant> {
  const errors = rowErrors(d);
  const c = candidate(d);
  const full = UpdateTenantSchema.safeParse({
    displayName: c.displayName,
    plan: c.plan,
    labels: c.labels,
    quotas: c.quotas,
    featureFlags: c.featureFlags,
    contacts: c.contacts,
  });
  if (!full.success) zodErrors(full.error.issues, errors);
  if (Object.keys(errors).length > 0 || !full.success) return { ok: false, errors };
  const patch = changedFields(base, full.data as Required<UpdateTenant>);
  if (Object.keys(patch).length === 0) return { ok: false, errors: { form: 'Nothing to save: change a field first' } };
  return { ok: true, value: patch };
}

/** Your edit re-applied on top of the tenant as it is now (after a 412): their fields, then yours. */
export function reapply(yourPatch: UpdateTenant, theirs: Tenant): TenantDraft {
  return draftFromTenant({ ...theirs, ...yourPatch });
}

/** For the conflict view: per edited field, what you started from, what is stored now, and what you want. */
export function conflictRows(
  base: Tenant,
  theirs: Tenant,
  yourPatch: UpdateTenant
): Array<{ field: keyof UpdateTenant; base: unknown; theirs: unknown; yours: unknown; theyChanged: boolean }> {
  const fields = ['displayName', 'plan', 'labels', 'quotas', 'featureFlags', 'contacts'] as const;
  return fields
    .filter((f) => f in yourPatch || !same(base[f], theirs[f]))
    .map((f) => ({
      field: f,
      base: base[f],
      theirs: theirs[f],
      yours: f in yourPatch ? yourPatch[f] : base[f],
      theyChanged: !same(base[f], theirs[f]),
    }));
}
