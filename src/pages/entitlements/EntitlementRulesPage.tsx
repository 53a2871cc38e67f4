import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  Alert,
  Button,
  Checkbox,
  ConfirmModal,
  EmptyState,
  Field,
  Input,
  LoadingPlaceholder,
  RadioButtonGroup,
  Stack,
  Text,
  useStyles2,
} from '@grafana/ui';
import React, { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { entitlementsApi, type EntitlementsApi } from '../../api/entitlementsApi';
import { newIdempotencyKey } from '../../api/idempotencyKey';
import { toApiRequestError } from '../../api/toApiRequestError';
import type { EntitlementPreview, EntitlementRule, EntitlementRuleList, Environment } from '../../contract';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { dataTableStyle } from '../../shared/tableStyles';
import { formatTimestamp } from '../../shared/timestamps';
import {
  ENVIRONMENTS,
  SCOPE_TYPES,
  checkDraft,
  checkScope,
  describeScope,
  describeSubject,
  draftFromRule,
  emptyDraft,
  type OrgRole,
  type RuleDraft,
  type RuleField,
  type ScopeType,
  type SubjectType,
} from './ruleDraft';

export const entitlementTestIds = {
  page: 'entitlements-page',
  empty: 'entitlements-empty',
  notEnforced: 'entitlements-not-enforced',
  add: 'entitlements-add',
  row: 'entitlements-row',
  edit: 'entitlements-edit',
  remove: 'entitlements-remove',
  form: 'entitlements-form',
  preview: 'entitlements-preview',
  save: 'entitlements-save',
} as const;

const PREVIEW_DELAY_MS = 300;

const asError = (e: unknown): ApiRequestError => toApiRequestError(e);

interface Editing {
  rule?: EntitlementRule;
  draft: RuleDraft;
  /** One key per add intent, reused when the operator retries the same save. */
  idempotencyKey: string;
}

/** Entitlement rules (Admins): which Grafana teams and org roles see which tenants. */
export function EntitlementRulesPage({
  api = entitlementsApi,
  previewDelayMs = PREVIEW_DELAY_MS,
}: {
  api?: EntitlementsApi;
  previewDelayMs?: number;
}) {
  const styles = useStyles2(getStyles);
  const [list, setList] = useState<EntitlementRuleList>();
  const [loadError, setLoadError] = useState<ApiRequestError>();
  const [editing, setEditing] = useState<Editing>();
  const [removing, setRemoving] = useState<EntitlementRule>();
  const [removeError, setRemoveError] = useState<ApiRequestError>();

  const load = useCallback(() => {
    setLoadError(undefined);
    api.listRules().then(setList, (e) => setLoadError(asError(e)));
  }, [api]);
  useEffect(load, [load]);

  const confirmRemove = async () => {
    if (!removing) return;
    try {
      await api.deleteRule(removing.id, removing.version);
      setRemoving(undefined);
      setRemoveError(undefined);
      load();
    } catch (e) {
      setRemoveError(asError(e));
      setRemoving(undefined);
    }
  };

  return (
    <div className={styles.page} data-testid={entitlementTestIds.page}>
      {list && !list.enforced && (
        // In a div of its own: Grafana's Alert grows to fill the page's column (flex-grow).
        <div>
          <Alert severity="info" title="Entitlements are not enforced" data-testid={entitlementTestIds.notEnforced}>
            SWITCHYARD_ENTITLEMENTS is off on the sidecar: every reader sees every tenant. Rules are kept and apply once
            it is turned on.
          </Alert>
        </div>
      )}
      {loadError && <ApiErrorAlert title="Could not load the entitlement rules" error={loadError} onRetry={load} />}
      {removeError && <ApiErrorAlert title="Could not remove the rule" error={removeError} />}
      {!list && !loadError && <LoadingPlaceholder text="Loading entitlement rules…" />}
      {list && !editing && (
        <div>
          <Button
            icon="plus"
            data-testid={entitlementTestIds.add}
            onClick={() => setEditing({ draft: emptyDraft(), idempotencyKey: newIdempotencyKey() })}
          >
            Add rule
          </Button>
        </div>
      )}
      {editing && (
        <RuleForm
          key={editing.rule?.id ?? 'new'}
          api={api}
          editing={editing}
          previewDelayMs={previewDelayMs}
          onCancel={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            load();
          }}
        />
      )}
      {list &&
        (list.items.length === 0 ? (
          <div data-testid={entitlementTestIds.empty}>
            <EmptyState variant="call-to-action" message="No entitlement rules yet">
              With entitlements on, only org Admins see tenants until a rule grants them to a team or role.
            </EmptyState>
          </div>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Who</th>
                <th>Sees</th>
                <th>Description</th>
                <th>Updated</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.items.map((rule) => (
                <tr key={rule.id} data-testid={entitlementTestIds.row}>
                  <td>{describeSubject(rule)}</td>
                  <td>{describeScope(rule.scope)}</td>
                  <td>{rule.description}</td>
                  <td>
                    {formatTimestamp(rule.updatedAt)} by {rule.updatedBy}
                  </td>
                  <td>
                    <Stack direction="row" gap={1}>
                      <Button
                        size="sm"
                        variant="secondary"
                        icon="pen"
                        aria-label={`Edit rule for ${describeSubject(rule)}`}
                        data-testid={entitlementTestIds.edit}
                        onClick={() =>
                          setEditing({ rule, draft: draftFromRule(rule), idempotencyKey: newIdempotencyKey() })
                        }
                      >
                        Edit
                      </Button>
                      <Button
                        size="sm"
                        variant="destructive"
                        fill="outline"
                        icon="trash-alt"
                        aria-label={`Remove rule for ${describeSubject(rule)}`}
                        data-testid={entitlementTestIds.remove}
                        onClick={() => setRemoving(rule)}
                      >
                        Remove
                      </Button>
                    </Stack>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      <ConfirmModal
        isOpen={Boolean(removing)}
        title="Remove entitlement rule"
        body={
          removing
            ? `${describeSubject(removing)} will no longer see "${describeScope(removing.scope)}" through this rule.`
            : ''
        }
        confirmText="Remove"
        onConfirm={confirmRemove}
        onDismiss={() => setRemoving(undefined)}
      />
    </div>
  );
}

const SUBJECT_OPTIONS: Array<{ label: string; value: SubjectType }> = [
  { label: 'Grafana team', value: 'team' },
  { label: 'Org role', value: 'role' },
];
const ROLE_OPTIONS: Array<{ label: string; value: OrgRole }> = (['Viewer', 'Editor', 'Admin'] as const).map((r) => ({
  label: r,
  value: r,
}));
const SCOPE_LABELS: Record<ScopeType, string> = {
  all: 'All tenants',
  environments: 'Environments',
  labels: 'Label selector',
  tenants: 'Tenant ids',
};
const SCOPE_OPTIONS = SCOPE_TYPES.map((value) => ({ label: SCOPE_LABELS[value], value }));

function RuleForm({
  api,
  editing,
  previewDelayMs,
  onCancel,
  onSaved,
}: {
  api: EntitlementsApi;
  editing: Editing;
  previewDelayMs: number;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const styles = useStyles2(getStyles);
  const [draft, setDraft] = useState<RuleDraft>(editing.draft);
  const [errors, setErrors] = useState<Partial<Record<RuleField, string>>>({});
  const [saveError, setSaveError] = useState<ApiRequestError>();
  const [saving, setSaving] = useState(false);
  const [teams, setTeams] = useState<string[]>();
  const [preview, setPreview] = useState<EntitlementPreview>();
  const [previewError, setPreviewError] = useState<string>();
  const previewSeq = useRef(0);

  useEffect(() => {
    api.listTeams().then(
      (t) => setTeams(t.items.map((i) => i.name)),
      () => setTeams([])
    );
  }, [api]);

  const scopeKey = JSON.stringify([draft.scopeType, draft.environments, draft.labels, draft.tenantIds]);
  useEffect(() => {
    const seq = ++previewSeq.current;
    setPreview(undefined);
    setPreviewError(undefined);
    const scope = checkScope(draft);
    if (!scope.ok) return;
    const timer = setTimeout(() => {
      api.previewScope(scope.value).then(
        (p) => seq === previewSeq.current && setPreview(p),
        (e) => seq === previewSeq.current && setPreviewError(asError(e).message)
      );
    }, previewDelayMs);
    return () => clearTimeout(timer);
    // The scope fields (not the subject or description) decide the preview.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, scopeKey, previewDelayMs]);

  const set = (patch: Partial<RuleDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors({});
  };

  const save = async () => {
    const checked = checkDraft(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setSaving(true);
    setSaveError(undefined);
    try {
      if (editing.rule) {
        await api.updateRule(editing.rule.id, editing.rule.version, checked.value);
      } else {
        await api.createRule(checked.value, editing.idempotencyKey);
      }
      onSaved();
    } catch (e) {
      const err = asError(e);
      const field = err.field?.split('.').slice(0, 2).join('.') as RuleField | undefined;
      if (
        field &&
        [
          'subject.team',
          'subject.role',
          'scope.environments',
          'scope.labels',
          'scope.tenantIds',
          'description',
        ].includes(field)
      ) {
        setErrors({ [field]: err.message });
      }
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  };

  const toggleEnv = (env: Environment) =>
    set({
      environments: draft.environments.includes(env)
        ? draft.environments.filter((e) => e !== env)
        : [...draft.environments, env],
    });

  return (
    <div className={styles.form} data-testid={entitlementTestIds.form}>
      <Text element="h3">{editing.rule ? 'Edit rule' : 'Add rule'}</Text>
      <Field label="Who">
        <RadioButtonGroup
          options={SUBJECT_OPTIONS}
          value={draft.subjectType}
          onChange={(subjectType) => set({ subjectType })}
        />
      </Field>
      {draft.subjectType === 'team' ? (
        <Field
          label="Grafana team"
          description={teams && teams.length > 0 ? `Teams in this org: ${teams.join(', ')}` : undefined}
          invalid={Boolean(errors['subject.team'])}
          error={errors['subject.team']}
        >
          <Input
            aria-label="Grafana team"
            width={40}
            value={draft.team}
            onChange={(e) => set({ team: e.currentTarget.value })}
          />
        </Field>
      ) : (
        <Field label="Org role" invalid={Boolean(errors['subject.role'])} error={errors['subject.role']}>
          <RadioButtonGroup options={ROLE_OPTIONS} value={draft.role} onChange={(role) => set({ role })} />
        </Field>
      )}
      <Field label="Sees">
        <RadioButtonGroup
          options={SCOPE_OPTIONS}
          value={draft.scopeType}
          onChange={(scopeType) => set({ scopeType })}
        />
      </Field>
      {draft.scopeType === 'environments' && (
        <Field
          label="Environments"
          invalid={Boolean(errors['scope.environments'])}
          error={errors['scope.environments']}
        >
          <EnvironmentChecks selected={draft.environments} onToggle={toggleEnv} />
        </Field>
      )}
      {draft.scopeType === 'labels' && (
        <Field
          label="Label selector"
          description="Every label must match: key=value,key=value"
          invalid={Boolean(errors['scope.labels'])}
          error={errors['scope.labels']}
        >
          <Input
            aria-label="Label selector"
            placeholder="team=payments,tier=gold"
            width={50}
            value={draft.labels}
            onChange={(e) => set({ labels: e.currentTarget.value })}
          />
        </Field>
      )}
      {draft.scopeType === 'tenants' && (
        <Field
          label="Tenant ids"
          description="Separated by commas or spaces (at most 500)"
          invalid={Boolean(errors['scope.tenantIds'])}
          error={errors['scope.tenantIds']}
        >
          <Input
            aria-label="Tenant ids"
            width={60}
            value={draft.tenantIds}
            onChange={(e) => set({ tenantIds: e.currentTarget.value })}
          />
        </Field>
      )}
      <Field label="Description" invalid={Boolean(errors.description)} error={errors.description}>
        <Input
          aria-label="Description"
          width={60}
          value={draft.description}
          onChange={(e) => set({ description: e.currentTarget.value })}
        />
      </Field>
      <div data-testid={entitlementTestIds.preview} aria-live="polite">
        {preview && (
          <Text color="secondary">
            This rule grants {preview.tenants} {preview.tenants === 1 ? 'tenant' : 'tenants'}
            {preview.sample.length > 0 ? ` (e.g. ${preview.sample.join(', ')})` : ''}.
          </Text>
        )}
        {previewError && <Text color="warning">Could not preview this scope: {previewError}</Text>}
      </div>
      {saveError && <ApiErrorAlert title="Could not save the rule" error={saveError} />}
      <Stack direction="row" gap={1}>
        <Button data-testid={entitlementTestIds.save} disabled={saving} onClick={save}>
          {editing.rule ? 'Save rule' : 'Add rule'}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={saving}>
          Cancel
        </Button>
      </Stack>
    </div>
  );
}

/** The environment checkboxes (a component, so Field's props are not spread onto a DOM element). */
function EnvironmentChecks({ selected, onToggle }: { selected: Environment[]; onToggle: (env: Environment) => void }) {
  return (
    <Stack direction="row" gap={2}>
      {ENVIRONMENTS.map((env) => (
        <Checkbox key={env} label={env} value={selected.includes(env)} onChange={() => onToggle(env)} />
      ))}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  table: css(dataTableStyle(theme)),
  form: css({
    display: 'flex',
    flexDirection: 'column',
    padding: theme.spacing(2),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
});
