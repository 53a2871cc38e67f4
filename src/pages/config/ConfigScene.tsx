import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import {
  Alert,
  Button,
  EmptyState,
  Field,
  Input,
  LoadingPlaceholder,
  Select,
  Stack,
  Text,
  TextArea,
  TextLink,
  useStyles2,
} from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { configApi, type ConfigApi, type ConfigDocumentList } from '../../api/configApi';
import { newIdempotencyKey } from '../../api/idempotencyKey';
import { toApiRequestError } from '../../api/toApiRequestError';
import {
  Actions,
  CONFIG_KINDS,
  CONFIG_LEVELS,
  ENVIRONMENTS,
  SCOPE_KEY_PATTERN,
  parseScopeKey,
  type ConfigDiff,
  type ConfigKind,
  type ConfigPreview,
  type ConfigVersion,
  type Environment,
} from '../../contract';
import { ApiErrorAlert, ApiErrorDetails } from '../../shared/ApiErrorAlert';
import { MultiSelectFilter, selectOptions } from '../../shared/MultiSelectFilter';
import { PermissionButton } from '../../shared/PermissionButton';
import { can } from '../../shared/permissions';
import { ReasonModal } from '../../shared/ReasonModal';
import { jobUrl } from '../../shared/routing';
import { testIds } from '../../shared/testIds';
import { checkDraft, formatDraft, initialDraft } from './configDraft';
import { ConfigDiffTable, ConfigDocumentsTable, ConfigHistoryTable, ConfigPreviewTable } from './ConfigTables';
import {
  CONFIG_URL_KEYS,
  configStateFromUrl,
  configStateToUrl,
  sameConfigState,
  type ConfigUrlState,
} from './configUrlState';

/** After an apply the page re-reads the applied versions this often, until the job has applied everywhere. */
export const APPLY_REFRESH_MS = 2000;
const APPLY_REFRESH_TRIES = 30;

type PendingInput = { kind: 'save' } | { kind: 'apply'; version: number } | { kind: 'rollback'; version: number };
type Pending = PendingInput & { key: string };

export interface ConfigSceneState extends SceneObjectState, ConfigUrlState {
  documents?: ConfigDocumentList['items'];
  documentsError?: ApiRequestError;
  versions?: ConfigVersion[];
  versionsError?: ApiRequestError;
  draft: string;
  preview?: ConfigPreview;
  previewError?: ApiRequestError;
  diff?: ConfigDiff;
  diffError?: ApiRequestError;
  /** The scope typed in "Open a document". */
  openKind: ConfigKind;
  openScope: string;
  /** Environments of the next apply, in promotion order. */
  applyEnvironments: Environment[];
  applyJob?: { jobId: string; version: number };
  pending?: Pending;
  busy: boolean;
  actionError?: ApiRequestError;
}

const defaultEnvironments = (scope?: string): Environment[] => {
  if (!scope) return [...ENVIRONMENTS];
  const s = parseScopeKey(scope);
  return s.level === 'environment' ? [s.environment] : [...ENVIRONMENTS];
};

/**
 * Config: documents by kind and scope (filter by level), and for the open document an editor with
 * inline validation naming the field, a preview of the effective change on affected tenants, the
 * version history (compare any two, apply one environment by environment, roll back to one). The
 * filter, the open document and the compared versions live in the URL.
 */
export class ConfigScene extends SceneObjectBase<ConfigSceneState> {
  static Component = ConfigRenderer;
  protected override _urlSync = new SceneObjectUrlSyncConfig(this, { keys: [...CONFIG_URL_KEYS] });
  private seq = 0;
  private docSeq = 0;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    state: Partial<ConfigSceneState> = {},
    private readonly api: ConfigApi = configApi
  ) {
    super({
      draft: '',
      openKind: 'tenant.limits',
      openScope: '',
      applyEnvironments: [...ENVIRONMENTS],
      busy: false,
      ...state,
    });
    this.addActivationHandler(() => {
      void this.load();
      void this.loadDocument();
      return () => {
        this.seq++;
        this.docSeq++;
        clearTimeout(this.timer);
      };
    });
  }

  getUrlState(): SceneObjectUrlValues {
    return configStateToUrl(this.state);
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const next = configStateFromUrl(values);
    if (sameConfigState(next, this.state)) return;
    const docChanged = next.kind !== this.state.kind || next.scope !== this.state.scope;
    const levelChanged = next.level !== this.state.level;
    this.setState(next);
    if (!this.isActive) return;
    if (levelChanged) void this.load();
    if (docChanged) void this.loadDocument();
    else void this.loadDiff();
  }

  private navigate(patch: Partial<ConfigUrlState>) {
    this._urlSync.performBrowserHistoryAction(() => this.setState(patch));
  }

  /** Reads the documents list (filtered by level). */
  load = async () => {
    const seq = ++this.seq;
    try {
      const r = await this.api.listDocuments(this.state.level ? { level: this.state.level } : {});
      if (seq === this.seq) this.setState({ documents: r.items, documentsError: undefined });
    } catch (e) {
      if (seq === this.seq) this.setState({ documentsError: toApiRequestError(e) });
    }
  };

  /** Reads the open document's versions; the draft starts from the latest (or from the kind's default). */
  loadDocument = async (keepDraft = false) => {
    const { kind, scope } = this.state;
    const seq = ++this.docSeq;
    this.setState({
      versions: undefined,
      versionsError: undefined,
      ...(keepDraft ? {} : { preview: undefined, previewError: undefined }),
      applyEnvironments: defaultEnvironments(scope),
    });
    if (!kind || !scope) return;
    const target = parseScopeKey(scope);
    if (target.level === 'tenant') void this.tenantEnvironment(target.tenantId, seq);
    try {
      const r = await this.api.listVersions(kind, scope);
      if (seq !== this.docSeq) return;
      this.setState({
        versions: r.items,
        ...(keepDraft ? {} : { draft: formatDraft(r.items[0]?.value ?? initialDraft(kind, scope)) }),
      });
      void this.loadDiff();
    } catch (e) {
      if (seq === this.docSeq) this.setState({ versionsError: toApiRequestError(e) });
    }
  };

  /** A tenant's document applies in the tenant's environment only: that is the apply's default. */
  private async tenantEnvironment(tenantId: string, seq: number) {
    try {
      const { environment } = await this.api.effective(tenantId);
      if (seq === this.docSeq) this.setState({ applyEnvironments: [environment] });
    } catch {
      // Without it the apply keeps every environment; the sidecar names the one that fits.
    }
  }

  loadDiff = async () => {
    const { kind, scope, from, to } = this.state;
    if (!kind || !scope || from === undefined || to === undefined) {
      this.setState({ diff: undefined, diffError: undefined });
      return;
    }
    try {
      const diff = await this.api.diff(kind, scope, from, to);
      if (this.state.from === from && this.state.to === to) this.setState({ diff, diffError: undefined });
    } catch (e) {
      this.setState({ diff: undefined, diffError: toApiRequestError(e) });
    }
  };

  setLevel = (level: ConfigUrlState['level']) => {
    this.navigate({ level });
    void this.load();
  };

  open = (kind: ConfigKind, scope: string) => {
    this.navigate({ kind, scope, from: undefined, to: undefined });
    this.setState({ applyJob: undefined, actionError: undefined });
    void this.loadDocument();
  };

  compare = (which: 'from' | 'to', version: number) => {
    this.navigate({ [which]: version });
    void this.loadDiff();
  };

  setDraft = (draft: string) => this.setState({ draft, preview: undefined, previewError: undefined });
  setOpen = (patch: { openKind?: ConfigKind; openScope?: string }) => this.setState(patch);
  setApplyEnvironments = (applyEnvironments: Environment[]) =>
    this.setState({ applyEnvironments: ENVIRONMENTS.filter((e) => applyEnvironments.includes(e)) });

  runPreview = async () => {
    const { kind, scope, draft } = this.state;
    if (!kind || !scope) return;
    const checked = checkDraft(kind, scope, draft);
    if (!checked.ok) return;
    try {
      const preview = await this.api.preview({ kind, scope, value: checked.value });
      this.setState({ preview, previewError: undefined });
    } catch (e) {
      this.setState({ previewError: toApiRequestError(e) });
    }
  };

  ask = (p: PendingInput) => this.setState({ pending: { ...p, key: newIdempotencyKey() }, actionError: undefined });

  dismiss = () => {
    if (!this.state.busy) this.setState({ pending: undefined, actionError: undefined });
  };

  confirm = async (reason: string) => {
    const { pending: p, kind, scope, versions } = this.state;
    if (!p || !kind || !scope || this.state.busy) return;
    this.setState({ busy: true, actionError: undefined });
    try {
      if (p.kind === 'save') {
        const checked = checkDraft(kind, scope, this.state.draft);
        if (!checked.ok) throw new Error(checked.issues.map((i) => `${i.path || 'value'}: ${i.message}`).join('; '));
        const v = await this.api.write(
          kind,
          scope,
          { value: checked.value, reason, baseVersion: versions?.[0]?.version ?? null },
          p.key
        );
        this.setState({ busy: false, pending: undefined, preview: undefined });
        this.navigate({ from: versions?.[0]?.version, to: v.version });
      } else if (p.kind === 'rollback') {
        const v = await this.api.rollback(kind, scope, { toVersion: p.version, reason }, p.key);
        this.setState({ busy: false, pending: undefined });
        this.navigate({ from: versions?.[0]?.version, to: v.version });
      } else {
        const r = await this.api.apply(
          kind,
          scope,
          { version: p.version, environments: this.state.applyEnvironments, reason },
          p.key
        );
        this.setState({ busy: false, pending: undefined, applyJob: r });
        this.followApply(0);
      }
      void this.load();
      void this.loadDocument(true);
    } catch (e) {
      this.setState({ busy: false, actionError: toApiRequestError(e) });
    }
  };

  /** Re-reads the applied versions while the apply job runs (until the version shows applied everywhere). */
  private followApply(tries: number) {
    clearTimeout(this.timer);
    const job = this.state.applyJob;
    const doc = this.openDocument();
    const done = job && doc && this.state.applyEnvironments.every((e) => doc.appliedVersion[e] === job.version);
    if (!job || done || tries >= APPLY_REFRESH_TRIES || !this.isActive) return;
    this.timer = setTimeout(async () => {
      await this.load();
      this.followApply(tries + 1);
    }, APPLY_REFRESH_MS);
  }

  openDocument() {
    const { documents, kind, scope } = this.state;
    return documents?.find((d) => d.kind === kind && d.scope === scope);
  }
}

function pendingTitle(p: Pending, kind: string, scope: string): string {
  if (p.kind === 'save') return `Save a new version of ${kind} at ${scope}`;
  if (p.kind === 'rollback') return `Roll ${kind} at ${scope} back to version ${p.version}`;
  return `Apply ${kind} at ${scope} version ${p.version}`;
}

function ConfigRenderer({ model }: SceneComponentProps<ConfigScene>) {
  const styles = useStyles2(getStyles);
  const s = model.useState();
  const { documents, kind, scope, versions, pending } = s;
  const canWrite = can(Actions.configWrite);
  const checked = kind && scope ? checkDraft(kind, scope, s.draft) : undefined;
  const doc = model.openDocument();
  const openScopeValid = SCOPE_KEY_PATTERN.test(s.openScope);
  return (
    <div className={styles.page} data-testid={testIds.configDocs.page}>
      <Stack direction="row" gap={2} alignItems="flex-end" wrap="wrap">
        <Field label="Scope level">
          <Select
            options={[{ value: '', label: 'Every level' }, ...selectOptions(CONFIG_LEVELS)]}
            value={s.level ?? ''}
            onChange={(o) => model.setLevel((o.value || undefined) as ConfigUrlState['level'])}
            width={22}
            aria-label="Filter by scope level"
          />
        </Field>
        <Field label="Kind">
          <Select
            options={selectOptions(CONFIG_KINDS)}
            value={s.openKind}
            onChange={(o) => model.setOpen({ openKind: o.value as ConfigKind })}
            width={26}
            aria-label="Document kind"
          />
        </Field>
        <Field
          label="Scope"
          description="default, environment:prod, plan:team or tenant:<tenant id>"
          invalid={s.openScope !== '' && !openScopeValid}
          error={s.openScope !== '' && !openScopeValid ? 'Not a scope' : undefined}
        >
          <Input
            value={s.openScope}
            placeholder="tenant:acme-001"
            width={30}
            aria-label="Document scope"
            onChange={(e) => model.setOpen({ openScope: e.currentTarget.value.trim() })}
          />
        </Field>
        <Field label=" ">
          <Button
            data-testid={testIds.configDocs.openScope}
            disabled={!openScopeValid}
            onClick={() => model.open(s.openKind, s.openScope)}
          >
            Open
          </Button>
        </Field>
      </Stack>

      <section>
        <Text element="h3">Documents</Text>
        {s.documentsError && (
          <ApiErrorAlert title="Could not load config documents" error={s.documentsError} onRetry={model.load} />
        )}
        {!documents && !s.documentsError && <LoadingPlaceholder text="Loading config documents…" />}
        {documents &&
          (documents.length === 0 ? (
            <EmptyState
              variant="call-to-action"
              message="No config documents yet: every tenant runs the built-in defaults. Open a kind and scope above to write the first version."
            />
          ) : (
            <ConfigDocumentsTable
              items={documents}
              selected={kind && scope ? { kind, scope } : undefined}
              onOpen={model.open}
            />
          ))}
      </section>

      {s.actionError && !pending && (
        <ApiErrorAlert title="The change was not made" error={s.actionError} onRetry={model.load} />
      )}

      {kind && scope && (
        <>
          <section>
            <Text element="h3">
              {kind} at {scope}
            </Text>
            {s.versionsError && (
              <ApiErrorAlert
                title="Could not load the document"
                error={s.versionsError}
                onRetry={() => model.loadDocument()}
              />
            )}
            {!versions && !s.versionsError && <LoadingPlaceholder text="Loading versions…" />}
            {versions && (
              <Stack direction="column" gap={1}>
                <Field
                  label={versions.length ? `Edit (based on version ${versions[0].version})` : 'New document'}
                  description="JSON; validated against the schema of the kind as you type"
                  invalid={checked ? !checked.ok : false}
                >
                  <TextArea
                    data-testid={testIds.configDocs.editor}
                    aria-label="Config document"
                    className={styles.editor}
                    rows={14}
                    value={s.draft}
                    onChange={(e) => model.setDraft(e.currentTarget.value)}
                  />
                </Field>
                {checked && !checked.ok && (
                  <Alert severity="error" title="The document is not valid">
                    <ul>
                      {checked.issues.map((i) => (
                        <li
                          key={`${i.path}:${i.message}`}
                          data-testid={testIds.configDocs.validationIssue}
                          data-path={i.path}
                        >
                          <strong>{i.path || 'document'}</strong>: {i.message}
                        </li>
                      ))}
                    </ul>
                  </Alert>
                )}
                <Stack direction="row" gap={1}>
                  <Button
                    variant="secondary"
                    data-testid={testIds.configDocs.previewRun}
                    disabled={!checked?.ok}
                    onClick={model.runPreview}
                  >
                    Preview on tenants
                  </Button>
                  <PermissionButton
                    action={Actions.configWrite}
                    data-testid={testIds.configDocs.save}
                    disabled={!checked?.ok}
                    onClick={() => model.ask({ kind: 'save' })}
                  >
                    Save as new version
                  </PermissionButton>
                </Stack>
              </Stack>
            )}
          </section>

          {(s.preview || s.previewError) && (
            <section data-testid={testIds.configDocs.preview}>
              <Text element="h4">Preview</Text>
              {s.previewError && (
                <ApiErrorAlert title="The preview failed" error={s.previewError} onRetry={model.runPreview} />
              )}
              {s.preview && (
                <Stack direction="column" gap={1}>
                  <Text>
                    {s.preview.diff.length} key(s) change in this document; <strong>{s.preview.affectedTenants}</strong>{' '}
                    tenant(s) get a different effective config
                    {s.preview.samples.length < s.preview.affectedTenants
                      ? ` (the first ${s.preview.samples.length} shown)`
                      : ''}
                    .
                  </Text>
                  {s.preview.diff.length > 0 && <ConfigDiffTable entries={s.preview.diff} />}
                  {s.preview.samples.length > 0 && <ConfigPreviewTable samples={s.preview.samples} />}
                </Stack>
              )}
            </section>
          )}

          {versions && versions.length > 0 && (
            <section>
              <Text element="h4">History</Text>
              {s.applyJob && (
                <Alert severity="info" title={`Applying version ${s.applyJob.version}`}>
                  <TextLink href={jobUrl(s.applyJob.jobId)} data-testid={testIds.configDocs.applyJob} inline={false}>
                    Follow the apply job environment by environment
                  </TextLink>
                </Alert>
              )}
              <ConfigHistoryTable
                versions={versions}
                applied={doc?.appliedVersion ?? {}}
                from={s.from}
                to={s.to}
                canWrite={canWrite}
                onCompare={model.compare}
                onApply={(version) => model.ask({ kind: 'apply', version })}
                onRollback={(version) => model.ask({ kind: 'rollback', version })}
              />
              {s.from !== undefined && s.to !== undefined && (
                <div className={styles.diff}>
                  <Text element="h4">
                    Version {s.from} → {s.to}
                  </Text>
                  {s.diffError && (
                    <ApiErrorAlert
                      title="Could not compare the versions"
                      error={s.diffError}
                      onRetry={model.loadDiff}
                    />
                  )}
                  {s.diff &&
                    (s.diff.entries.length === 0 ? (
                      <Text color="secondary">The two versions are identical.</Text>
                    ) : (
                      <ConfigDiffTable entries={s.diff.entries} />
                    ))}
                </div>
              )}
            </section>
          )}
        </>
      )}

      {pending && kind && scope && (
        <ReasonModal
          isOpen
          title={pendingTitle(pending, kind, scope)}
          description={
            pending.kind === 'apply' ? (
              <MultiSelectFilter
                label="Environments, in rollout order"
                ariaLabel="Apply in environments"
                options={selectOptions(ENVIRONMENTS)}
                value={s.applyEnvironments}
                placeholder="Environments"
                width={40}
                testId={testIds.configDocs.apply}
                onChange={model.setApplyEnvironments}
              />
            ) : pending.kind === 'rollback' ? (
              <Text>A new version equal to version {pending.version} is written; apply it to take effect.</Text>
            ) : (
              <Text>The draft becomes version {(versions?.[0]?.version ?? 0) + 1}; apply it to take effect.</Text>
            )
          }
          confirmText={pending.kind === 'save' ? 'Save' : pending.kind === 'apply' ? 'Apply' : 'Roll back'}
          submitDisabled={pending.kind === 'apply' && s.applyEnvironments.length === 0}
          busy={s.busy}
          error={s.actionError ? <ApiErrorDetails error={s.actionError} /> : undefined}
          onSubmit={model.confirm}
          onDismiss={model.dismiss}
        />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(3) }),
  editor: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  diff: css({ marginTop: theme.spacing(2) }),
});
