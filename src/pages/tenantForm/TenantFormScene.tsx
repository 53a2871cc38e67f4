import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Alert, Button, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import React, { useEffect, useId, useRef } from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { newIdempotencyKey } from '../../api/idempotencyKey';
import { switchyardApi, type SwitchyardApi } from '../../api/switchyardApi';
import { toApiRequestError } from '../../api/toApiRequestError';
import { ApiErrorAlert, ApiErrorDetails } from '../../shared/ApiErrorAlert';
import { LatestRequest } from '../../shared/latestRequest';
import { PermissionButton } from '../../shared/PermissionButton';
import { tenantUrl, tenantsUrl } from '../../shared/routing';
import { TenantPlanView } from '../../shared/TenantPlanView';
import { testIds } from '../../shared/testIds';
import {
  Actions,
  TenantSchema,
  type CreateTenant,
  type Tenant,
  type TenantPlan,
  type UpdateTenant,
} from '../../contract';
import { TenantConflictView } from './TenantConflictView';
import { TenantFormFields } from './TenantFormFields';
import {
  draftFromTenant,
  emptyDraft,
  fieldError,
  fieldLabel,
  reapply,
  validateCreate,
  validateEdit,
  type FieldErrors,
  type TenantDraft,
} from './tenantDraft';

/** What a save would send: the create body, or the edit patch and the version it is based on. */
type Pending = { kind: 'create'; body: CreateTenant } | { kind: 'edit'; patch: UpdateTenant; version: number };

export interface TenantFormSceneState extends SceneObjectState {
  /** Absent: the create form; present: the edit form of this tenant. */
  tenantId?: string;
  draft: TenantDraft;
  /** The tenant as loaded (edit): the base the patch is computed against and the If-Match version. */
  base?: Tenant;
  loading: boolean;
  loadError?: ApiRequestError;
  errors: FieldErrors;
  /** Bumped each time Preview finds invalid fields: the error summary takes focus. */
  errorsShown: number;
  /** The plan of the draft as it is now; any edit of the draft drops it. */
  plan?: TenantPlan;
  planning: boolean;
  planError?: ApiRequestError;
  saving: boolean;
  saveError?: ApiRequestError;
  /** After a 412: the tenant as someone else saved it, and the edit you tried. */
  conflict?: { theirs: Tenant; yours: UpdateTenant };
}

/**
 * Create or edit a tenant: every field, validated inline with the contract's messages; "Preview"
 * asks the sidecar for the plan (what changes, what would refuse it, warnings) and only a planned,
 * unblocked draft can be saved. Edits send If-Match with the loaded version; a 412 opens the
 * conflict view (theirs vs yours) with "Reload and reapply". One Idempotency-Key per planned draft:
 * a retried save of the same draft is answered from the sidecar's stored response.
 */
export class TenantFormScene extends SceneObjectBase<TenantFormSceneState> {
  static Component = TenantFormRenderer;
  private readonly api: SwitchyardApi;
  private readonly load$ = new LatestRequest((patch) =>
    this.setState({ loading: patch.loading ?? this.state.loading, loadError: patch.error })
  );
  private readonly plan$ = new LatestRequest((patch) =>
    this.setState({ planning: patch.loading ?? this.state.planning, planError: patch.error })
  );
  private pending?: { value: Pending; key: string };
  /** Fields checked as the user types: those left once (blur) and those Preview found invalid. */
  private touched = new Set<string>();

  constructor(state: Partial<TenantFormSceneState> = {}, api: SwitchyardApi = switchyardApi) {
    super({
      draft: emptyDraft(),
      loading: Boolean(state.tenantId),
      errors: {},
      errorsShown: 0,
      planning: false,
      saving: false,
      ...state,
    });
    this.api = api;
    this.addActivationHandler(() => {
      if (this.state.tenantId && !this.state.base) void this.load();
      return () => {
        this.load$.cancel();
        this.plan$.cancel();
      };
    });
  }

  get isEdit(): boolean {
    return Boolean(this.state.tenantId);
  }

  /** The Idempotency-Key the next save sends (set once the draft is planned). */
  get idempotencyKey(): string | undefined {
    return this.pending?.key;
  }

  load = () => {
    const id = this.state.tenantId;
    if (!id) return;
    return this.load$.run(
      () => this.api.getTenant(id),
      (base) => {
        this.touched.clear();
        this.setState({ base, draft: draftFromTenant(base), loading: false, errors: {} });
      }
    );
  };

  /** The user left `field`: check it now, and on every change from here on. */
  touch = (field: string) => {
    this.touched.add(field);
    this.setState({ errors: this.checked(this.state.errors, this.state.draft, field) });
  };

  /** `errors` with the message of `field` in `draft` as it is now (none when it is valid). */
  private checked(errors: FieldErrors, draft: TenantDraft, field: string): FieldErrors {
    const message = fieldError(draft, field, this.state.base);
    const next = { ...errors };
    if (message) next[field] = message;
    else delete next[field];
    return next;
  }

  /**
   * Any edit of the draft: its plan no longer describes it. A field already checked is checked again
   * (its message follows what is typed); any other field just loses a stale message.
   */
  update = (change: (d: TenantDraft) => TenantDraft, field?: string) => {
    const draft = change(this.state.draft);
    let errors = { ...this.state.errors };
    if (field && this.touched.has(field)) errors = this.checked(errors, draft, field);
    else if (field) delete errors[field];
    delete errors.form;
    this.pending = undefined;
    this.plan$.cancel();
    this.setState({
      draft,
      errors,
      plan: undefined,
      planning: false,
      planError: undefined,
      saveError: undefined,
    });
  };

  private validate(): Pending | undefined {
    const { draft, base } = this.state;
    if (this.isEdit) {
      if (!base) return undefined;
      const r = validateEdit(draft, base);
      if (!r.ok) return this.invalid(r.errors);
      return { kind: 'edit', patch: r.value, version: base.version };
    }
    const r = validateCreate(draft);
    if (!r.ok) return this.invalid(r.errors);
    return { kind: 'create', body: r.value };
  }

  /** Preview found invalid fields: show them all, keep checking them as they change, focus the summary. */
  private invalid(errors: FieldErrors): undefined {
    Object.keys(errors).forEach((f) => this.touched.add(f));
    this.setState({ errors, errorsShown: this.state.errorsShown + 1 });
    return undefined;
  }

  preview = () => {
    const pending = this.validate();
    if (!pending) return;
    this.pending = { value: pending, key: newIdempotencyKey() };
    this.setState({ errors: {}, plan: undefined, saveError: undefined });
    const request =
      pending.kind === 'create'
        ? ({ kind: 'create', tenant: pending.body } as const)
        : ({
            kind: 'edit',
            id: this.state.tenantId as string,
            version: pending.version,
            patch: pending.patch,
          } as const);
    return this.plan$.run(
      () => this.api.planTenantChange(request),
      (plan) => this.setState({ plan, planning: false })
    );
  };

  save = async () => {
    const { plan, saving, tenantId } = this.state;
    const pending = this.pending;
    if (!pending || !plan || plan.blocked || saving) return;
    this.setState({ saving: true, saveError: undefined });
    try {
      const saved =
        pending.value.kind === 'create'
          ? await this.api.createTenant(pending.value.body, pending.key)
          : await this.api.updateTenant(tenantId as string, pending.value.version, pending.value.patch, pending.key);
      this.pending = undefined;
      this.setState({ saving: false });
      locationService.push(tenantUrl(saved.id));
    } catch (e) {
      this.onSaveFailed(toApiRequestError(e));
    }
  };

  private onSaveFailed(error: ApiRequestError) {
    const theirs = error.status === 412 ? TenantSchema.safeParse(error.details?.current) : undefined;
    if (theirs?.success && this.pending?.value.kind === 'edit') {
      this.setState({ saving: false, conflict: { theirs: theirs.data, yours: this.pending.value.patch } });
      return;
    }
    const errors = { ...this.state.errors };
    if (error.status === 400 && error.field) errors[error.field] = `${fieldLabel(error.field)}: ${error.message}`;
    if (error.code === 'conflict' && error.field === 'id') errors.id = error.message;
    this.setState({ saving: false, saveError: error, errors });
  }

  /** Your edit on top of the tenant as it is now; plan it again before saving. */
  reapply = () => {
    const conflict = this.state.conflict;
    if (!conflict) return;
    this.pending = undefined;
    this.touched.clear();
    this.setState({
      base: conflict.theirs,
      draft: reapply(conflict.yours, conflict.theirs),
      conflict: undefined,
      plan: undefined,
      saveError: undefined,
      errors: {},
    });
    return this.preview();
  };

  /** Drop your edit and start again from the tenant as it is now. */
  discardMine = () => {
    const conflict = this.state.conflict;
    if (!conflict) return;
    this.pending = undefined;
    this.touched.clear();
    this.setState({
      base: conflict.theirs,
      draft: draftFromTenant(conflict.theirs),
      conflict: undefined,
      plan: undefined,
      saveError: undefined,
      errors: {},
    });
  };

  cancel = () => {
    locationService.push(this.state.tenantId ? tenantUrl(this.state.tenantId) : tenantsUrl());
  };
}

/** Why the save button is disabled, in words (undefined when it is not, or while saving). */
export function saveBlockedReason(state: TenantFormSceneState): string | undefined {
  const { errors, plan, planning, saving, tenantId } = state;
  if (saving) return undefined;
  const fields = Object.keys(errors).filter((f) => f !== 'form').length;
  if (fields > 0) return `Fix ${fields === 1 ? 'the invalid field' : `${fields} invalid fields`}, then preview`;
  if (errors.form) return errors.form;
  if (planning) return 'Wait for the preview to finish';
  if (!plan) return tenantId ? 'Preview the changes first' : 'Preview the tenant first';
  if (plan.blocked) return 'The plan is blocked: resolve what it lists, then preview again';
  return undefined;
}

/** Every invalid field's message; takes focus each time Preview finds invalid fields (`shown` bumps). */
function ErrorSummary({ errors, shown }: { errors: FieldErrors; shown: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors);
  useEffect(() => {
    if (shown > 0) ref.current?.focus();
  }, [shown]);
  if (entries.length === 0) return null;
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      severity="error"
      title="Fix these fields first"
      data-testid={testIds.tenantForm.errorSummary}
    >
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>{message}</li>
        ))}
      </ul>
    </Alert>
  );
}

function PlanPanel({ model }: { model: TenantFormScene }) {
  const { plan, planning, planError } = model.useState();
  if (planError) return <ApiErrorAlert title="Could not plan the change" error={planError} onRetry={model.preview} />;
  if (planning) return <LoadingPlaceholder text="Planning…" data-testid={testIds.tenantPlan.loading} />;
  if (!plan) return null;
  return <TenantPlanView plan={plan} />;
}

function TenantFormRenderer({ model }: SceneComponentProps<TenantFormScene>) {
  const styles = useStyles2(getStyles);
  const state = model.useState();
  const { tenantId, draft, base, loading, loadError, errors, errorsShown, plan, saving, saveError, conflict } = state;
  const blockedReasonId = useId();
  if (loadError) {
    const title = loadError.status === 404 ? `Tenant ${tenantId} was not found` : 'Could not load the tenant';
    return <ApiErrorAlert title={title} error={loadError} onRetry={model.load} />;
  }
  if (loading || (tenantId && !base)) {
    return <LoadingPlaceholder text="Loading tenant…" data-testid={testIds.tenantForm.loading} />;
  }
  if (conflict && base) {
    return (
      <TenantConflictView
        base={base}
        theirs={conflict.theirs}
        yours={conflict.yours}
        onReapply={model.reapply}
        onDiscard={model.discardMine}
      />
    );
  }
  const archived = base?.status === 'archived';
  const saveDisabled = !plan || plan.blocked || saving;
  const blockedReason = saveDisabled ? saveBlockedReason(state) : undefined;
  return (
    <form
      className={styles.form}
      data-testid={testIds.tenantForm.form}
      data-mode={tenantId ? 'edit' : 'create'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void model.preview();
      }}
    >
      {archived && (
        <Alert severity="info" title="This tenant is archived">
          An archived tenant is read-only: the sidecar refuses every edit.
        </Alert>
      )}
      <TenantFormFields
        draft={draft}
        errors={errors}
        editing={Boolean(tenantId)}
        onChange={model.update}
        onBlur={model.touch}
      />
      <ErrorSummary errors={errors} shown={errorsShown} />
      <section aria-label="Plan" className={styles.plan}>
        <Stack direction="column" gap={1}>
          <Text element="h3" variant="h5">
            Plan
          </Text>
          {!plan && (
            <Text color="secondary">Preview shows what the sidecar would change before anything is saved.</Text>
          )}
          <PlanPanel model={model} />
        </Stack>
      </section>
      {saveError && !Object.keys(errors).length && (
        <Alert severity="error" title="The change was refused" data-testid={testIds.tenantForm.saveError}>
          <ApiErrorDetails error={saveError} />
        </Alert>
      )}
      <Stack direction="row" gap={1}>
        <Button type="submit" variant="secondary" icon="eye" data-testid={testIds.tenantForm.preview}>
          Preview
        </Button>
        <PermissionButton
          action={Actions.tenantsWrite}
          type="button"
          disabled={saveDisabled}
          aria-describedby={blockedReason ? blockedReasonId : undefined}
          icon={saving ? 'spinner' : undefined}
          onClick={() => void model.save()}
          data-testid={testIds.tenantForm.save}
        >
          {tenantId ? 'Save changes' : 'Create tenant'}
        </PermissionButton>
        <Button
          type="button"
          variant="secondary"
          fill="text"
          onClick={model.cancel}
          data-testid={testIds.tenantForm.cancel}
        >
          Cancel
        </Button>
        {blockedReason && (
          <span id={blockedReasonId} className={styles.reason}>
            <Text color="secondary">{blockedReason}</Text>
          </span>
        )}
      </Stack>
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(3), maxWidth: 960 }),
  reason: css({ alignSelf: 'center' }),
  plan: css({
    padding: theme.spacing(2),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
});
