import {
  ENVIRONMENTS,
  EntitlementRuleInputSchema,
  EntitlementScopeSchema,
  formatSelector,
  parseSelector,
  type EntitlementRule,
  type EntitlementRuleInput,
  type EntitlementScope,
  type Environment,
} from '../../contract';

export type OrgRole = 'Viewer' | 'Editor' | 'Admin';
export type SubjectType = 'team' | 'role';
export type ScopeType = EntitlementScope['type'];

/** What the rule form edits: every field as typed (text for selectors and id lists). */
export interface RuleDraft {
  subjectType: SubjectType;
  team: string;
  role: OrgRole;
  scopeType: ScopeType;
  environments: Environment[];
  labels: string;
  tenantIds: string;
  description: string;
}

/** Form field names; validation messages are keyed by them (`scope.labels`, `subject.team`, …). */
export type RuleField =
  'subject.team' | 'subject.role' | 'scope.environments' | 'scope.labels' | 'scope.tenantIds' | 'description';

export function emptyDraft(): RuleDraft {
  return {
    subjectType: 'team',
    team: '',
    role: 'Viewer',
    scopeType: 'environments',
    environments: [],
    labels: '',
    tenantIds: '',
    description: '',
  };
}

export function draftFromRule(rule: EntitlementRule): RuleDraft {
  const d = emptyDraft();
  d.description = rule.description;
  if (rule.subject.type === 'team') {
    d.subjectType = 'team';
    d.team = rule.subject.team;
  } else {
    d.subjectType = 'role';
    d.role = rule.subject.role;
  }
  d.scopeType = rule.scope.type;
  if (rule.scope.type === 'environments') d.environments = [...rule.scope.environments];
  if (rule.scope.type === 'labels') d.labels = formatSelector(rule.scope.labels);
  if (rule.scope.type === 'tenants') d.tenantIds = rule.scope.tenantIds.join(', ');
  return d;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: Partial<Record<RuleField, string>> };

const LABELS_FORMAT = 'Write labels as key=value pairs separated by commas, e.g. team=payments,tier=gold';

function scopeCandidate(d: RuleDraft): { scope?: unknown; error?: Partial<Record<RuleField, string>> } {
  switch (d.scopeType) {
    case 'all':
      return { scope: { type: 'all' } };
    case 'environments':
      return { scope: { type: 'environments', environments: d.environments } };
    case 'labels': {
      const labels = parseSelector(d.labels);
      return labels ? { scope: { type: 'labels', labels } } : { error: { 'scope.labels': LABELS_FORMAT } };
    }
    case 'tenants':
      return {
        scope: {
          type: 'tenants',
          tenantIds: d.tenantIds
            .split(/[\s,]+/)
            .map((s) => s.trim())
            .filter(Boolean),
        },
      };
  }
}

function fieldOf(path: PropertyKey[], prefix: PropertyKey[] = []): RuleField {
  const p = [...prefix, ...path].slice(0, 2).map(String);
  const key = p.join('.');
  if (key === 'subject.team' || key === 'subject.role' || key === 'description') return key;
  if (p[0] === 'scope' && (p[1] === 'environments' || p[1] === 'labels' || p[1] === 'tenantIds')) {
    return key as RuleField;
  }
  return 'description';
}

function issuesToErrors(
  issues: Array<{ path: PropertyKey[]; message: string }>,
  prefix: PropertyKey[] = []
): Partial<Record<RuleField, string>> {
  const errors: Partial<Record<RuleField, string>> = {};
  for (const issue of issues) {
    const f = fieldOf(issue.path, prefix);
    errors[f] ??=
      issue.path.length > 2 ? `${issue.message} (${String(issue.path[issue.path.length - 1])})` : issue.message;
  }
  return errors;
}

/** The scope alone (for the live preview), validated by the contract. */
export function checkScope(d: RuleDraft): Checked<EntitlementScope> {
  const c = scopeCandidate(d);
  if (c.error) return { ok: false, errors: c.error };
  const parsed = EntitlementScopeSchema.safeParse(c.scope);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, errors: issuesToErrors(parsed.error.issues, ['scope']) };
}

/** The whole rule, validated by the contract; errors keyed by the form field they belong to. */
export function checkDraft(d: RuleDraft): Checked<EntitlementRuleInput> {
  const c = scopeCandidate(d);
  const subject = d.subjectType === 'team' ? { type: 'team', team: d.team } : { type: 'role', role: d.role };
  const parsed = EntitlementRuleInputSchema.safeParse({
    subject,
    scope: c.scope ?? { type: 'all' },
    description: d.description,
  });
  const errors = { ...(parsed.success ? {} : issuesToErrors(parsed.error.issues)), ...(c.error ?? {}) };
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, value: parsed.data };
}

export function describeSubject(rule: EntitlementRule): string {
  return rule.subject.type === 'team' ? `Team ${rule.subject.team}` : `Everyone with org role ${rule.subject.role}`;
}

export function describeScope(scope: EntitlementScope): string {
  switch (scope.type) {
    case 'all':
      return 'All tenants';
    case 'environments':
      return `Environments: ${scope.environments.join(', ')}`;
    case 'labels':
      return `Labels: ${formatSelector(scope.labels)}`;
    case 'tenants':
      return `Tenants: ${scope.tenantIds.length <= 5 ? scope.tenantIds.join(', ') : `${scope.tenantIds.slice(0, 5).join(', ')} and ${scope.tenantIds.length - 5} more`}`;
  }
}

export const SCOPE_TYPES: ScopeType[] = ['all', 'environments', 'labels', 'tenants'];
export { ENVIRONMENTS };
