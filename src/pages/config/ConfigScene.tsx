import type { ApiRequestError } from '../../api/ApiRequestError';
import { configApi, type ConfigApi, type ConfigDocumentList } from '../../api/configApi';
import { toApiRequestError } from '../../api/toApiRequestError';
import {
  ENVIRONMENTS,
  parseScopeKey,
  type ConfigDiff,
  type ConfigKind,
  type ConfigPreview,
  type ConfigVersion,
  type Environment,
} from '../../contract';
import { LiveScene, type LiveSceneState } from '../../shared/LiveScene';
import { ReasonedChange, type ChangeState } from '../../shared/ReasonedChange';
import { checkDraft, formatDraft, initialDraft } from './configDraft';
import { ConfigRenderer } from './ConfigView';
import { CONFIG_URL_STATE, type ConfigUrlState } from './configUrlState';

/** After an apply the page re-reads the applied versions this often, until the job has applied everywhere. */
export const APPLY_REFRESH_MS = 2000;
const APPLY_REFRESH_TRIES = 30;

/** A change of the open document that needs a reason. */
export type Change = { kind: 'save' } | { kind: 'apply'; version: number } | { kind: 'rollback'; version: number };

export interface ConfigSceneState extends LiveSceneState, ConfigUrlState, ChangeState<Change> {
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
 * filter, the open document, the compared versions and the refresh interval of the list live in the URL.
 */
export class ConfigScene extends LiveScene<ConfigSceneState, ConfigUrlState> {
  static Component = ConfigRenderer;
  readonly change = new ReasonedChange<Change>(
    this,
    (c, reason) => this.run(c, reason),
    () => {
      void this.load();
      void this.loadDocument(true);
    }
  );
  private readonly documentRequests = this.sequence();

  constructor(
    state: Partial<ConfigSceneState> = {},
    private readonly api: ConfigApi = configApi
  ) {
    super(
      {
        draft: '',
        openKind: 'tenant.limits',
        openScope: '',
        applyEnvironments: [...ENVIRONMENTS],
        busy: false,
        refresh: 'off',
        refreshFailures: 0,
        ...state,
      },
      'refresh',
      'off',
      CONFIG_URL_STATE
    );
    this.addActivationHandler(() => void this.loadDocument());
  }

  protected override urlChanged(prev: ConfigUrlState, next: ConfigUrlState) {
    if (next.level !== prev.level) void this.load();
    if (next.kind !== prev.kind || next.scope !== prev.scope) void this.loadDocument();
    else void this.loadDiff();
  }

  /** Reads the documents list (filtered by level). */
  load = () =>
    this.loadLatest(
      () => this.api.listDocuments(this.state.level ? { level: this.state.level } : {}),
      (r) => ({ documents: r.items, documentsError: undefined }),
      (documentsError) => ({ documentsError })
    );

  /** Reads the open document's versions; the draft starts from the latest (or from the kind's default). */
  loadDocument = async (keepDraft = false) => {
    const { kind, scope } = this.state;
    const isLatest = this.documentRequests.begin();
    this.setState({
      versions: undefined,
      versionsError: undefined,
      ...(keepDraft ? {} : { preview: undefined, previewError: undefined }),
      applyEnvironments: defaultEnvironments(scope),
    });
    if (!kind || !scope) return;
    const target = parseScopeKey(scope);
    if (target.level === 'tenant') void this.tenantEnvironment(target.tenantId, isLatest);
    try {
      const r = await this.api.listVersions(kind, scope);
      if (!isLatest()) return;
      this.setState({
        versions: r.items,
        ...(keepDraft ? {} : { draft: formatDraft(r.items[0]?.value ?? initialDraft(kind, scope)) }),
      });
      void this.loadDiff();
    } catch (e) {
      if (isLatest()) this.setState({ versionsError: toApiRequestError(e) });
    }
  };

  /** A tenant's document applies in the tenant's environment only: that is the apply's default. */
  private async tenantEnvironment(tenantId: string, isLatest: () => boolean) {
    try {
      const { environment } = await this.api.effective(tenantId);
      if (isLatest()) this.setState({ applyEnvironments: [environment] });
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

  ask = this.change.ask;
  dismiss = this.change.dismiss;
  confirm = this.change.confirm;

  private async run(p: Change & { key: string }, reason: string) {
    const { kind, scope, versions } = this.state;
    if (!kind || !scope) return;
    if (p.kind === 'save') {
      const checked = checkDraft(kind, scope, this.state.draft);
      if (!checked.ok) throw new Error(checked.issues.map((i) => `${i.path || 'value'}: ${i.message}`).join('; '));
      const base = { value: checked.value, reason, baseVersion: versions?.[0]?.version ?? null };
      const v = await this.api.write(kind, scope, base, p.key);
      this.setState({ preview: undefined });
      this.navigate({ from: versions?.[0]?.version, to: v.version });
    } else if (p.kind === 'rollback') {
      const v = await this.api.rollback(kind, scope, { toVersion: p.version, reason }, p.key);
      this.navigate({ from: versions?.[0]?.version, to: v.version });
    } else {
      const input = { version: p.version, environments: this.state.applyEnvironments, reason };
      this.setState({ applyJob: await this.api.apply(kind, scope, input, p.key) });
      this.followApply(0);
    }
  }

  /** Re-reads the applied versions while the apply job runs (until the version shows applied everywhere). */
  private followApply(tries: number) {
    this.cancelReload();
    const job = this.state.applyJob;
    const doc = this.openDocument();
    const done = job && doc && this.state.applyEnvironments.every((e) => doc.appliedVersion[e] === job.version);
    if (!job || done || tries >= APPLY_REFRESH_TRIES) return;
    this.reloadIn(APPLY_REFRESH_MS, () => this.followApply(tries + 1));
  }

  openDocument() {
    const { documents, kind, scope } = this.state;
    return documents?.find((d) => d.kind === kind && d.scope === scope);
  }
}
