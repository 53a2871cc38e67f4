import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import type { ApiRequestError } from '../api/ApiRequestError';
import { RequestSequence } from './latestRequest';
import { LiveRefresh, refreshFromUrl, refreshToUrl, type RefreshInterval, type Visibility } from './liveRefresh';
import { sameUrlState } from './urlState';

export interface LiveSceneState extends SceneObjectState {
  refresh: RefreshInterval;
  /** Background refreshes that failed in a row (the scene backs off meanwhile). */
  refreshFailures: number;
}

/** How a live scene's own shareable state (filters, selection) lives in the URL beside its refresh interval. */
export interface SceneUrlState<U> {
  keys: readonly string[];
  /**
   * Reads every key (an absent or unknown value is the default); see `urlState.ts` for the readers.
   * `values` holds every key (those the URL did not change as `toUrl(current)` writes them).
   */
  fromUrl(values: SceneObjectUrlValues, current: U): U;
  /** Every key, `null` for defaults so the URL stays short. */
  toUrl(state: U): SceneObjectUrlValues;
}

/**
 * A scene that loads when shown and then refreshes itself on the interval the user picks (see
 * `liveRefresh.ts`). The interval lives in the URL under the scene's own key (absent for its default),
 * so several live scenes can share one page. `load` keeps what is shown while it loads, resets
 * `refreshFailures` when it succeeds, counts one up when it fails, and resolves whether it succeeded
 * (`loadLatest` and `loaded` do that bookkeeping). The timer calls `refreshInBackground`, which is
 * `load` unless the scene refreshes differently from a load the user asks for (the paged list).
 *
 * A page scene hands in its `SceneUrlState` as well: its filters and selection then live in the URL
 * too (`navigate` for a user's change, `urlChanged` when back/forward or a link changes them), its
 * answers arrive through request sequences (only the latest applies; all are dropped on deactivate),
 * and `reloadIn` follows something running (a rollout, an apply) faster than the picked interval.
 */
export abstract class LiveScene<S extends LiveSceneState & U, U extends object = object> extends SceneObjectBase<S> {
  private readonly live: LiveRefresh;
  protected override _urlSync: SceneObjectUrlSyncConfig;
  private readonly sequences: RequestSequence[] = [];
  /** The scene's main load: `loadLatest` runs in it. */
  protected readonly latest = this.sequence();
  private reloadTimer?: ReturnType<typeof setTimeout>;

  constructor(
    state: S,
    private readonly refreshKey: string,
    private readonly refreshDefault: RefreshInterval,
    private readonly urlState?: SceneUrlState<U>,
    /** Whether the page is shown (the document's visibility unless a test hands in its own). */
    visibility?: Visibility
  ) {
    super(state);
    this.live = new LiveRefresh({
      interval: () => this.state.refresh,
      refresh: () => this.refreshInBackground(),
      visibility,
    });
    this._urlSync = new SceneObjectUrlSyncConfig(this, { keys: [...(urlState?.keys ?? []), refreshKey] });
    this.addActivationHandler(() => {
      void this.load();
      const stop = this.live.start();
      return () => {
        stop();
        this.cancelReload();
        this.sequences.forEach((s) => s.cancel());
      };
    });
  }

  abstract load(): Promise<boolean>;

  /** One refresh on the picked interval (default: `load`); resolves false when it failed (the next one backs off). */
  refreshInBackground(): Promise<boolean> {
    return this.load();
  }

  getUrlState(): SceneObjectUrlValues {
    return {
      ...this.urlState?.toUrl(this.state),
      [this.refreshKey]: refreshToUrl(this.state.refresh, this.refreshDefault),
    };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    if (this.refreshKey in values) {
      const refresh = refreshFromUrl(values[this.refreshKey], this.refreshDefault);
      if (refresh !== this.state.refresh) {
        this.setState({ refresh, refreshFailures: 0 } as Partial<S>);
        this.live.reschedule();
      }
    }
    const url = this.urlState;
    if (!url) return;
    // Only the keys that changed arrive; the others keep their value.
    const prev: U = this.state;
    const next = url.fromUrl({ ...url.toUrl(prev), ...values }, prev);
    if (sameUrlState(url.toUrl, next, prev)) return;
    this.setState({ ...next, ...this.onNavigate() } as Partial<S>);
    if (this.isActive) this.urlChanged(prev, next);
  }

  /** State to reset when the filters or the selection change, by the user or the URL (e.g. a row selection). */
  protected onNavigate(): Partial<S> {
    return {};
  }

  /** Back/forward or a link changed the filters or the selection: reload what depends on them (default: `load`). */
  protected urlChanged(_prev: U, _next: U): void {
    void this.load();
  }

  /** The user changed filters or the selection: into the URL as one history entry (what to reload is the caller's). */
  protected navigate(patch: Partial<U>) {
    this._urlSync.performBrowserHistoryAction(() => this.setState({ ...patch, ...this.onNavigate() } as Partial<S>));
  }

  setRefresh = (refresh: RefreshInterval) => {
    if (refresh === this.state.refresh) return;
    this._urlSync.performBrowserHistoryAction(() => this.setState({ refresh, refreshFailures: 0 } as Partial<S>));
    this.live.reschedule();
  };

  /** A request sequence of this scene (e.g. a selected item's details): what is in flight is dropped on deactivate. */
  protected sequence(): RequestSequence {
    const s = new RequestSequence();
    this.sequences.push(s);
    return s;
  }

  /** Sets what a load brought and keeps `refreshFailures` (reset on success, one up on failure); resolves `ok`. */
  protected loaded(ok: boolean, patch: Partial<S>): boolean {
    this.setState({ ...patch, refreshFailures: ok ? 0 : this.state.refreshFailures + 1 });
    return ok;
  }

  /**
   * The usual `load`: fetches in the `latest` sequence (an answer superseded by a later load is dropped)
   * and sets `onAnswer(result)` or `onError(error)`; what is shown stays until then.
   */
  protected async loadLatest<T>(
    fetch: () => Promise<T>,
    onAnswer: (result: T) => Partial<S>,
    onError: (error: ApiRequestError) => Partial<S>
  ): Promise<boolean> {
    return this.latest.run(
      fetch,
      (result) => this.loaded(true, onAnswer(result)),
      (error) => this.loaded(false, onError(error))
    );
  }

  /** Loads again in `ms` (replacing a reload already due), then calls `then`; nothing while the scene is not shown. */
  protected reloadIn(ms: number, then?: () => void) {
    this.cancelReload();
    if (!this.isActive) return;
    this.reloadTimer = setTimeout(async () => {
      this.reloadTimer = undefined;
      await this.load();
      then?.();
    }, ms);
  }

  protected cancelReload() {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = undefined;
  }
}
