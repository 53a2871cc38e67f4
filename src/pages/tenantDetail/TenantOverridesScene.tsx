import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Button, Field, Input, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { definitionsApi, type DefinitionsApi } from '../../api/definitionsApi';
import { switchyardApi, type SwitchyardApi } from '../../api/switchyardApi';
import { Actions, type BundleEnvironmentState, type TenantDefinitionOverrides } from '../../contract';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { LatestRequest } from '../../shared/latestRequest';
import { Link } from '../../shared/Link';
import { PermissionButton } from '../../shared/PermissionButton';
import { ReasonModal } from '../../shared/ReasonModal';
import { changeDialog, ChangeFailed, ReasonedChange, type ChangeState } from '../../shared/ReasonedChange';
import { definitionsUrl } from '../../shared/routing';
import { useDataTableClass } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';
import { formatTimestamp } from '../../shared/timestamps';

/** The bounds the contract puts on an effect provider's timeout. */
export const TIMEOUT_MIN_MS = 100;
export const TIMEOUT_MAX_MS = 300_000;

type ProviderType = TenantDefinitionOverrides['items'][number]['effectProviders'][number]['type'];

/** One effect provider of a bundle: the bundle's timeout and the tenant's, when it overrides it. */
export interface ProviderRow {
  name: string;
  type: ProviderType;
  timeoutMs: number;
  overrideMs: number | null;
}

/** A bundle running in the tenant's environment, as the tenant runs it. */
export interface BundleRow {
  bundleName: string;
  version: string;
  /** The bundle's policy flag: whether a tenant may override its effect providers. */
  allowed: boolean;
  providers: ProviderRow[];
  updatedAt: string | null;
  updatedBy: string | null;
}

interface OverrideChange {
  bundleName: string;
  effectProviders: Array<{ name: string; type: ProviderType; timeoutMs: number }>;
}

export interface TenantOverridesSceneState extends SceneObjectState, ChangeState<OverrideChange> {
  tenantId: string;
  environment?: string;
  rows?: BundleRow[];
  loading: boolean;
  error?: ApiRequestError;
  /** The bundle whose overrides are being edited: a timeout per provider (empty: the bundle's own). */
  editing?: { bundleName: string; draft: Record<string, string>; errors: Record<string, string> };
}

/**
 * Checks a draft: each value empty (the bundle's timeout) or a whole number of milliseconds within the
 * contract's bounds. Resolves the overrides to send, or the message of each field that is wrong.
 */
export function overridesFromDraft(
  row: BundleRow,
  draft: Record<string, string>
): { effectProviders: OverrideChange['effectProviders'] } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const effectProviders: OverrideChange['effectProviders'] = [];
  for (const p of row.providers) {
    const text = (draft[p.name] ?? '').trim();
    if (text === '') continue;
    const ms = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(ms)) {
      errors[p.name] = `Timeout of ${p.name} must be a whole number of milliseconds`;
    } else if (ms < TIMEOUT_MIN_MS || ms > TIMEOUT_MAX_MS) {
      errors[p.name] = `Timeout of ${p.name} must be between ${TIMEOUT_MIN_MS} and ${TIMEOUT_MAX_MS} ms`;
    } else {
      effectProviders.push({ name: p.name, type: p.type, timeoutMs: ms });
    }
  }
  return Object.keys(errors).length > 0 ? { errors } : { effectProviders };
}

/**
 * The tenant's overrides of the definition bundles running in its environment: each bundle's effect
 * providers with the bundle's timeout and the tenant's, and, where the bundle's policy allows it
 * (`tenantOverridesAllowed`), a form to change them with a reason (definitions:write, audited).
 */
export class TenantOverridesScene extends SceneObjectBase<TenantOverridesSceneState> {
  static Component = TenantOverridesRenderer;
  private readonly request = new LatestRequest((patch) => this.setState(patch));
  readonly change: ReasonedChange<OverrideChange>;

  constructor(
    state: Pick<TenantOverridesSceneState, 'tenantId'>,
    private readonly apis: { definitions?: DefinitionsApi; tenants?: Pick<SwitchyardApi, 'getTenant'> } = {}
  ) {
    super({ loading: true, busy: false, ...state });
    this.change = new ReasonedChange<OverrideChange>(
      this,
      async (c, reason) => {
        await this.definitions.setTenantOverride(
          this.state.tenantId,
          { bundleName: c.bundleName, effectProviders: c.effectProviders, reason },
          c.key
        );
        this.setState({ editing: undefined });
      },
      () => this.load()
    );
    this.addActivationHandler(() => {
      this.load();
      return this.request.cancel;
    });
  }

  private get definitions(): DefinitionsApi {
    return this.apis.definitions ?? definitionsApi;
  }

  load = () =>
    this.request.run(
      async () => {
        const [tenant, environments, overrides] = await Promise.all([
          (this.apis.tenants ?? switchyardApi).getTenant(this.state.tenantId),
          this.definitions.environments(),
          this.definitions.tenantOverrides(this.state.tenantId),
        ]);
        const running = environments.items.filter(
          (s): s is BundleEnvironmentState & { current: NonNullable<BundleEnvironmentState['current']> } =>
            s.environment === tenant.environment && s.current !== null
        );
        const bundles = await Promise.all(
          running.map((s) => this.definitions.getBundle(s.bundleName, s.current.version))
        );
        const rows = bundles.map((record): BundleRow => {
          const own = overrides.items.find((o) => o.bundleName === record.name);
          return {
            bundleName: record.name,
            version: record.version,
            allowed: record.bundle.tenantOverridesAllowed,
            providers: record.bundle.effectProviders.map((p) => ({
              name: p.name,
              type: p.type,
              timeoutMs: p.timeoutMs,
              overrideMs: own?.effectProviders.find((o) => o.name === p.name)?.timeoutMs ?? null,
            })),
            updatedAt: own?.updatedAt ?? null,
            updatedBy: own?.updatedBy ?? null,
          };
        });
        return { environment: tenant.environment, rows };
      },
      ({ environment, rows }) => this.setState({ environment, rows, loading: false })
    );

  edit = (row: BundleRow) => {
    const draft = Object.fromEntries(
      row.providers.map((p) => [p.name, p.overrideMs === null ? '' : String(p.overrideMs)])
    );
    this.setState({ editing: { bundleName: row.bundleName, draft, errors: {} } });
  };

  setDraft = (provider: string, value: string) => {
    const e = this.state.editing;
    if (e) {
      const { [provider]: _fixed, ...errors } = e.errors;
      this.setState({ editing: { ...e, draft: { ...e.draft, [provider]: value }, errors } });
    }
  };

  cancelEdit = () => this.setState({ editing: undefined });

  /** Checks the form; a valid one asks for the reason, then replaces the tenant's overrides of the bundle. */
  save = () => {
    const e = this.state.editing;
    const row = this.state.rows?.find((r) => r.bundleName === e?.bundleName);
    if (!e || !row) return;
    const result = overridesFromDraft(row, e.draft);
    if ('errors' in result) {
      this.setState({ editing: { ...e, errors: result.errors } });
      return;
    }
    this.change.ask({ bundleName: row.bundleName, effectProviders: result.effectProviders });
  };
}

function OverrideForm({ model, row }: { model: TenantOverridesScene; row: BundleRow }) {
  const { editing, busy } = model.useState();
  if (!editing) return null;
  return (
    <form
      data-testid={testIds.tenantOverrides.form}
      onSubmit={(e) => {
        e.preventDefault();
        model.save();
      }}
    >
      <Stack direction="column" gap={1}>
        <Text color="secondary">
          {`Leave a timeout empty to use the bundle's. Allowed: ${TIMEOUT_MIN_MS}–${TIMEOUT_MAX_MS} ms.`}
        </Text>
        <Stack direction="row" gap={2} wrap="wrap">
          {row.providers.map((p) => (
            <Field
              key={p.name}
              label={`${p.name} (${p.type})`}
              description={`Bundle: ${p.timeoutMs} ms`}
              invalid={Boolean(editing.errors[p.name])}
              error={editing.errors[p.name]}
            >
              <Input
                id={`override-${row.bundleName}-${p.name}`}
                width={16}
                inputMode="numeric"
                suffix="ms"
                placeholder={String(p.timeoutMs)}
                value={editing.draft[p.name] ?? ''}
                onChange={(e) => model.setDraft(p.name, e.currentTarget.value)}
                data-testid={`${testIds.tenantOverrides.timeoutPrefix}${p.name}`}
              />
            </Field>
          ))}
        </Stack>
        <Stack direction="row" gap={1}>
          <Button type="submit" disabled={busy} data-testid={testIds.tenantOverrides.save}>
            Save overrides…
          </Button>
          <Button variant="secondary" fill="outline" onClick={model.cancelEdit}>
            Cancel
          </Button>
        </Stack>
      </Stack>
    </form>
  );
}

function BundleOverrides({ model, row }: { model: TenantOverridesScene; row: BundleRow }) {
  const tableClass = useDataTableClass();
  const { editing } = model.useState();
  return (
    <section
      aria-label={`Overrides of ${row.bundleName}`}
      data-testid={testIds.tenantOverrides.bundle}
      data-bundle={row.bundleName}
      data-allowed={row.allowed}
    >
      <Stack direction="column" gap={1}>
        <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
          <Text weight="medium">{`${row.bundleName} ${row.version}`}</Text>
          <Text color="secondary" variant="bodySmall">
            {row.allowed
              ? row.updatedAt
                ? `overridden by ${row.updatedBy} at ${formatTimestamp(row.updatedAt)}`
                : 'tenant overrides allowed; none set'
              : "the bundle's policy allows no tenant overrides"}
          </Text>
          {row.allowed && editing?.bundleName !== row.bundleName && (
            <PermissionButton
              action={Actions.definitionsWrite}
              size="sm"
              variant="secondary"
              onClick={() => model.edit(row)}
              data-testid={testIds.tenantOverrides.edit}
            >
              Override timeouts…
            </PermissionButton>
          )}
        </Stack>
        {row.providers.length === 0 ? (
          <Text color="secondary">This bundle defines no effect providers.</Text>
        ) : (
          <table className={tableClass}>
            <thead>
              <tr>
                <th>Effect provider</th>
                <th>Type</th>
                <th>Bundle timeout</th>
                <th>This tenant</th>
              </tr>
            </thead>
            <tbody>
              {row.providers.map((p) => (
                <tr key={p.name} data-testid={testIds.tenantOverrides.provider} data-name={p.name}>
                  <td>{p.name}</td>
                  <td>{p.type}</td>
                  <td>{p.timeoutMs} ms</td>
                  <td>
                    {p.overrideMs === null ? <Text color="secondary">the bundle&apos;s</Text> : `${p.overrideMs} ms`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {editing?.bundleName === row.bundleName && <OverrideForm model={model} row={row} />}
      </Stack>
    </section>
  );
}

function TenantOverridesRenderer({ model }: SceneComponentProps<TenantOverridesScene>) {
  const s = model.useState();
  const { rows, loading, error, environment, pending, tenantId } = s;
  let body: React.ReactNode;
  if (error && !rows) {
    body = (
      <ApiErrorAlert title="Could not load the tenant's definition overrides" error={error} onRetry={model.load} />
    );
  } else if (!rows) {
    body = <LoadingPlaceholder text={loading ? 'Loading definition overrides…' : ''} />;
  } else if (rows.length === 0) {
    body = (
      <Text color="secondary">{`No definition bundle runs in ${environment ?? 'the tenant\u2019s environment'}.`}</Text>
    );
  } else {
    body = rows.map((row) => <BundleOverrides key={row.bundleName} model={model} row={row} />);
  }
  return (
    <section aria-label="Definition overrides" data-testid={testIds.tenantOverrides.section}>
      <Stack direction="column" gap={2}>
        <Stack direction="row" gap={1} alignItems="baseline" justifyContent="space-between">
          <Text element="h3" variant="h5">
            Definition overrides
          </Text>
          <Link to={definitionsUrl()}>Definitions</Link>
        </Stack>
        <ChangeFailed state={s} onRetry={model.load} />
        {body}
      </Stack>
      {pending && (
        <ReasonModal
          {...changeDialog(s, model.change)}
          title={`Override ${pending.bundleName} for ${tenantId}`}
          description={
            pending.effectProviders.length === 0
              ? `Every effect provider of ${pending.bundleName} runs with the bundle's timeout again.`
              : `Timeouts: ${pending.effectProviders.map((p) => `${p.name} ${p.timeoutMs} ms`).join(', ')}; the others keep the bundle's.`
          }
          confirmText="Save overrides"
        />
      )}
    </section>
  );
}
