import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { config } from '@grafana/runtime';
import type { SceneComponentProps } from '@grafana/scenes';
import { Alert, Button, EmptyState, Select, Stack, Text, TextArea, useStyles2 } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { definitionsApi, type BundleSummary, type DefinitionsApi } from '../../api/definitionsApi';
import { toApiRequestError } from '../../api/toApiRequestError';
import {
  Actions,
  ENVIRONMENTS,
  type BundleEnvironmentState,
  type BundleRecord,
  type Environment,
  type ImpactAnalysis,
  type Promotion,
  type ValidationResult,
} from '../../contract';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { LiveScene, type LiveSceneState } from '../../shared/LiveScene';
import { selectOptions } from '../../shared/MultiSelectFilter';
import { Loaded, noItems } from '../../shared/Loaded';
import { ListRefreshPicker } from '../../shared/RefreshPicker';
import { PermissionButton } from '../../shared/PermissionButton';
import { ReasonModal } from '../../shared/ReasonModal';
import { changeDialog, ChangeFailed, ReasonedChange, type ChangeState } from '../../shared/ReasonedChange';
import { useDataTableClass } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';
import { formatTimestamp } from '../../shared/timestamps';
import { editableCopy, NEW_BUNDLE_TEMPLATE } from './bundleText';
import { DEFINITIONS_URL_STATE, type DefinitionsUrlState } from './definitionsUrlState';
import { EnvironmentsTable } from './EnvironmentsTable';
import { PromotionsTable } from './PromotionsTable';

/** While a promotion waits or runs the page refreshes this often. */
export const LIVE_REFRESH_MS = 2000;
/** Inline validation runs this long after the last keystroke. */
export const VALIDATE_DELAY_MS = 400;

/** A change on the page that needs a reason. */
type Change =
  | { kind: 'promote'; name: string; version: string; to: Environment; impact?: ImpactAnalysis }
  | { kind: 'approve'; promotion: Promotion }
  | { kind: 'revert'; state: BundleEnvironmentState }
  | { kind: 'upload' };

export interface DefinitionsSceneState extends LiveSceneState, DefinitionsUrlState, ChangeState<Change> {
  bundles?: BundleSummary[];
  environments?: BundleEnvironmentState[];
  promotions?: Promotion[];
  loadError?: ApiRequestError;
  record?: BundleRecord;
  recordError?: ApiRequestError;
  impact?: ImpactAnalysis;
  impactError?: ApiRequestError;
  text: string;
  validation?: ValidationResult;
  validating: boolean;
  validationError?: ApiRequestError;
}

/**
 * Definitions: what runs in each environment (current, health, last known good) with promote and
 * revert, promotions waiting for their approval, stored bundle versions with their impact, and an
 * editor that validates as you type and uploads a new version. The selection and the refresh
 * interval live in the URL.
 */
export class DefinitionsScene extends LiveScene<DefinitionsSceneState, DefinitionsUrlState> {
  static Component = DefinitionsRenderer;
  readonly change = new ReasonedChange<Change>(
    this,
    (c, reason) => this.run(c, reason),
    () => void this.load()
  );
  private validateTimer?: ReturnType<typeof setTimeout>;
  private readonly validations = this.sequence();

  constructor(
    state: Partial<DefinitionsSceneState> = {},
    private readonly api: DefinitionsApi = definitionsApi
  ) {
    super(
      { text: NEW_BUNDLE_TEMPLATE, validating: false, busy: false, refresh: 'off', refreshFailures: 0, ...state },
      'refresh',
      'off',
      DEFINITIONS_URL_STATE
    );
    this.addActivationHandler(() => {
      void this.loadSelected();
      this.scheduleValidation();
      return () => clearTimeout(this.validateTimer);
    });
  }

  protected override urlChanged() {
    void this.loadSelected();
  }

  /** Reads bundles, environments and promotions; refreshes while a promotion waits or runs. */
  load = () => {
    this.cancelReload();
    return this.loadLatest(
      () => Promise.all([this.api.listBundles(), this.api.environments(), this.api.promotions()]),
      ([bundles, environments, promotions]) => {
        if (promotions.items.some((p) => p.status === 'awaiting_approval' || p.status === 'running'))
          this.reloadIn(LIVE_REFRESH_MS);
        return {
          bundles: bundles.items,
          environments: environments.items,
          promotions: promotions.items,
          loadError: undefined,
        };
      },
      (loadError) => ({ loadError })
    );
  };

  /** The selected bundle version and its impact in the chosen environment. */
  loadSelected = async () => {
    const { bundle, version } = this.state;
    const env = this.state.impactEnv ?? 'dev';
    this.setState({ record: undefined, recordError: undefined, impact: undefined, impactError: undefined });
    if (!bundle || !version) return;
    try {
      const record = await this.api.getBundle(bundle, version);
      if (this.state.bundle !== bundle || this.state.version !== version) return;
      this.setState({ record });
    } catch (e) {
      this.setState({ recordError: toApiRequestError(e) });
      return;
    }
    try {
      const impact = await this.api.impact(bundle, version, env);
      if (this.state.bundle === bundle && (this.state.impactEnv ?? 'dev') === env) this.setState({ impact });
    } catch (e) {
      this.setState({ impactError: toApiRequestError(e) });
    }
  };

  private choose(patch: Partial<DefinitionsUrlState>) {
    this.navigate(patch);
    void this.loadSelected();
  }

  select = (b: BundleSummary) => this.choose({ bundle: b.name, version: b.version });
  setImpactEnv = (impactEnv: Environment) => this.choose({ impactEnv });

  editText = (text: string) => {
    this.setState({ text });
    this.scheduleValidation();
  };

  /** Loads the selected version into the editor as the next patch version. */
  editSelected = () => {
    if (this.state.record) this.editText(editableCopy(this.state.record.bundle));
  };

  private scheduleValidation() {
    clearTimeout(this.validateTimer);
    this.validateTimer = setTimeout(() => void this.validateNow(), VALIDATE_DELAY_MS);
  }

  validateNow = async () => {
    const isLatest = this.validations.begin();
    const text = this.state.text;
    this.setState({ validating: true });
    try {
      const validation = await this.api.validate(text);
      if (isLatest()) this.setState({ validation, validating: false, validationError: undefined });
    } catch (e) {
      if (isLatest()) this.setState({ validating: false, validationError: toApiRequestError(e) });
    }
  };

  askPromote = async (name: string, version: string, to: Environment) => {
    const key = this.change.ask({ kind: 'promote', name, version, to });
    try {
      const impact = await this.api.impact(name, version, to);
      const p = this.state.pending;
      if (p?.kind === 'promote' && p.key === key) this.setState({ pending: { ...p, impact } });
    } catch {
      // The impact is a hint in the dialog; the promotion's own checks decide.
    }
  };

  askApprove = (promotion: Promotion) => this.change.ask({ kind: 'approve', promotion });
  askRevert = (state: BundleEnvironmentState) => this.change.ask({ kind: 'revert', state });
  askUpload = () => this.change.ask({ kind: 'upload' });
  dismiss = this.change.dismiss;
  confirm = this.change.confirm;

  private async run(p: Change & { key: string }, reason: string) {
    if (p.kind === 'promote') await this.api.promote({ name: p.name, version: p.version, to: p.to, reason }, p.key);
    if (p.kind === 'approve') await this.api.approve(p.promotion.id, reason, p.key);
    if (p.kind === 'revert')
      await this.api.revert({ name: p.state.bundleName, environment: p.state.environment, reason }, p.key);
    if (p.kind === 'upload') {
      const r = await this.api.upload({ bundle: this.state.text, reason }, p.key);
      this.choose({ bundle: r.name, version: r.version });
    }
  }
}

function pendingTitle(p: Change): string {
  switch (p.kind) {
    case 'promote':
      return `Promote ${p.name} ${p.version} to ${p.to}`;
    case 'approve':
      return `Approve ${p.promotion.name} ${p.promotion.version} into ${p.promotion.to}`;
    case 'revert':
      return `Revert ${p.state.bundleName} in ${p.state.environment} to ${p.state.lastKnownGood?.version}`;
    case 'upload':
      return 'Upload this bundle version';
  }
}

function pendingDescription(p: Change): React.ReactNode {
  if (p.kind === 'promote')
    return (
      <Stack direction="column" gap={1}>
        {p.to === 'prod' && <Text>Prod waits for a second person&apos;s approval before it runs.</Text>}
        {p.impact ? <ImpactSummary impact={p.impact} /> : <Text color="secondary">Reading the impact…</Text>}
      </Stack>
    );
  if (p.kind === 'approve')
    return `Requested by ${p.promotion.requestedBy}: ${p.promotion.reason}. The promotion job starts once you approve.`;
  if (p.kind === 'revert')
    return `${p.state.current?.version} is marked unhealthy and ${p.state.lastKnownGood?.version} runs again in ${p.state.environment}.`;
  return 'A stored version never changes; upload a higher version to change it.';
}

function ImpactSummary({ impact }: { impact: ImpactAnalysis }) {
  const { added, removed, changed } = impact.changes;
  return (
    <div data-testid={testIds.definitions.impact}>
      <Text element="p">
        {`Replaces ${impact.replaces ?? 'nothing'} in ${impact.environment}: ${added.length} added, ${changed.length} changed, ${removed.length} removed.`}
      </Text>
      {[...added.map((d) => `+ ${d}`), ...changed.map((d) => `~ ${d}`), ...removed.map((d) => `− ${d}`)].map((line) => (
        <div key={line}>
          <code>{line}</code>
        </div>
      ))}
      <Text element="p">{`Tenants running it: ${impact.tenants.length ? impact.tenants.join(', ') : 'none'}.`}</Text>
      <Text element="p">
        {`Services touched: ${impact.services.length ? impact.services.map((s) => `${s.kind} (${s.shards.join(', ') || 'no shard placed'})`).join('; ') : 'none'}.`}
      </Text>
    </div>
  );
}

function BundlesTable({
  items,
  bundle,
  version,
  onSelect,
}: {
  items: BundleSummary[];
  bundle?: string;
  version?: string;
  onSelect(b: BundleSummary): void;
}) {
  const table = useDataTableClass();
  return (
    <table className={table} data-testid={testIds.definitions.bundles}>
      <thead>
        <tr>
          <th>Bundle</th>
          <th>Version</th>
          <th>Content hash</th>
          <th>Uploaded</th>
        </tr>
      </thead>
      <tbody>
        {items.map((b) => (
          <tr
            key={`${b.name}@${b.version}`}
            data-testid={testIds.definitions.bundleRow}
            data-bundle={b.name}
            data-version={b.version}
            aria-selected={b.name === bundle && b.version === version}
          >
            <td>
              <Button variant="secondary" fill="text" size="sm" onClick={() => onSelect(b)}>
                {b.name}
              </Button>
            </td>
            <td>{b.version}</td>
            <td>
              <code title={b.hash}>{b.hash.slice(0, 12)}</code>
            </td>
            <td>{`${formatTimestamp(b.uploadedAt)} by ${b.uploadedBy}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DefinitionsRenderer({ model }: SceneComponentProps<DefinitionsScene>) {
  const styles = useStyles2(getStyles);
  const s = model.useState();
  const { pending, record } = s;
  const me = config.bootData?.user?.login ?? '';
  const errors = s.validation?.errors ?? [];
  return (
    <div className={styles.page} data-testid={testIds.definitions.page}>
      <Stack direction="row" justifyContent="flex-end">
        <ListRefreshPicker list={model} what="definitions" />
      </Stack>
      {s.loadError && <ApiErrorAlert title="Could not load definitions" error={s.loadError} onRetry={model.load} />}
      <ChangeFailed state={s} onRetry={model.load} />

      <section>
        <Text element="h3">What runs where</Text>
        <Loaded
          value={s.environments}
          error={s.loadError}
          loading="Loading environments…"
          isEmpty={noItems}
          empty={
            <EmptyState
              variant="call-to-action"
              message="No bundle runs anywhere yet. Upload one, then promote it to dev."
            />
          }
        >
          {(states) => <EnvironmentsTable states={states} onPromote={model.askPromote} onRevert={model.askRevert} />}
        </Loaded>
      </section>

      <section>
        <Text element="h3">Promotions</Text>
        <Loaded
          value={s.promotions}
          error={s.loadError}
          loading="Loading promotions…"
          isEmpty={noItems}
          empty={<Text color="secondary">No promotions yet.</Text>}
        >
          {(items) => <PromotionsTable items={items} me={me} onApprove={model.askApprove} />}
        </Loaded>
      </section>

      <section>
        <Text element="h3">Bundles</Text>
        <Loaded
          value={s.bundles}
          error={s.loadError}
          loading="Loading bundles…"
          isEmpty={noItems}
          empty={
            <EmptyState
              variant="call-to-action"
              message="No bundles yet. Write one in the editor below and upload it."
            />
          }
        >
          {(items) => <BundlesTable items={items} bundle={s.bundle} version={s.version} onSelect={model.select} />}
        </Loaded>
        {s.recordError && <ApiErrorAlert title="Could not load the bundle" error={s.recordError} />}
        {record && (
          <div className={styles.detail} data-testid={testIds.definitions.detail}>
            <Text element="h4">{`${record.name} ${record.version}`}</Text>
            <Text color="secondary" element="p">
              {`${record.bundle.aggregates.length} aggregates, ${record.bundle.projections.length} projections, ${record.bundle.sagas.length} sagas, ${record.bundle.effectProviders.length} effect providers; tenant overrides ${record.bundle.tenantOverridesAllowed ? 'allowed' : 'not allowed'}.`}
            </Text>
            <Stack direction="row" gap={1} alignItems="center">
              <Text element="span">Impact in</Text>
              <Select
                options={selectOptions(ENVIRONMENTS)}
                value={s.impactEnv ?? 'dev'}
                onChange={(o) => o.value && model.setImpactEnv(o.value as Environment)}
                width={16}
                aria-label="Impact in environment"
              />
              <PermissionButton
                action={Actions.definitionsWrite}
                variant="secondary"
                onClick={() => model.askPromote(record.name, record.version, 'dev')}
              >
                Promote to dev
              </PermissionButton>
              <Button variant="secondary" onClick={model.editSelected} data-testid={testIds.definitions.editFrom}>
                Edit as a new version
              </Button>
            </Stack>
            <Loaded
              value={s.impact}
              error={s.impactError}
              errorTitle="Could not compute the impact"
              loading="Computing the impact…"
            >
              {(impact) => <ImpactSummary impact={impact} />}
            </Loaded>
          </div>
        )}
      </section>

      <section>
        <Text element="h3">Upload or edit a bundle (YAML or JSON)</Text>
        <TextArea
          className={styles.editor}
          rows={18}
          value={s.text}
          spellCheck={false}
          aria-label="Bundle manifest"
          data-testid={testIds.definitions.editor}
          onChange={(e) => model.editText(e.currentTarget.value)}
        />
        <div data-testid={testIds.definitions.validation} data-valid={s.validation?.valid ?? ''}>
          {s.validating && <Text color="secondary">Validating…</Text>}
          {!s.validating && s.validationError && (
            <ApiErrorAlert title="Could not validate" error={s.validationError} onRetry={model.validateNow} />
          )}
          {!s.validating && s.validation?.valid && <Text color="success">Valid: schema and references check out.</Text>}
          {!s.validating && errors.length > 0 && (
            <Alert severity="error" title={`${errors.length} problem${errors.length > 1 ? 's' : ''}`}>
              <ul>
                {errors.map((e) => (
                  <li
                    key={`${e.path}:${e.message}`}
                    data-testid={testIds.definitions.validationError}
                    data-path={e.path}
                  >
                    {e.path ? <code>{e.path}</code> : null} {e.message}
                  </li>
                ))}
              </ul>
            </Alert>
          )}
        </div>
        <PermissionButton
          action={Actions.definitionsWrite}
          disabled={!s.validation?.valid || s.validating}
          onClick={model.askUpload}
          data-testid={testIds.definitions.upload}
        >
          Upload
        </PermissionButton>
      </section>

      {pending && (
        <ReasonModal
          {...changeDialog(s, model.change)}
          title={pendingTitle(pending)}
          description={pendingDescription(pending)}
          confirmText={{ promote: 'Promote', approve: 'Approve', revert: 'Revert', upload: 'Upload' }[pending.kind]}
        />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(3) }),
  detail: css({ marginTop: theme.spacing(2), display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  editor: css({ fontFamily: theme.typography.fontFamilyMonospace }),
});
