import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { LiveRefresh, refreshFromUrl, refreshToUrl, type RefreshInterval } from './liveRefresh';

export interface LiveSceneState extends SceneObjectState {
  refresh: RefreshInterval;
  /** Background refreshes that failed in a row (the scene backs off meanwhile). */
  refreshFailures: number;
}

/**
 * A scene that loads when shown and then refreshes itself on the interval the user picks (see
 * `liveRefresh.ts`). The interval lives in the URL under the scene's own key (absent for its default),
 * so several live scenes can share one page. `load` keeps what is shown while it loads, resets
 * `refreshFailures` when it succeeds, counts one up when it fails, and resolves whether it succeeded.
 */
export abstract class LiveScene<S extends LiveSceneState> extends SceneObjectBase<S> {
  protected readonly live = new LiveRefresh({ interval: () => this.state.refresh, refresh: () => this.load() });
  protected override _urlSync: SceneObjectUrlSyncConfig;

  constructor(
    state: S,
    private readonly refreshKey: string,
    private readonly refreshDefault: RefreshInterval
  ) {
    super(state);
    this._urlSync = new SceneObjectUrlSyncConfig(this, { keys: [refreshKey] });
    this.addActivationHandler(() => {
      void this.load();
      return this.live.start();
    });
  }

  abstract load(): Promise<boolean>;

  getUrlState(): SceneObjectUrlValues {
    return { [this.refreshKey]: refreshToUrl(this.state.refresh, this.refreshDefault) };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    if (!(this.refreshKey in values)) return;
    const refresh = refreshFromUrl(values[this.refreshKey], this.refreshDefault);
    if (refresh !== this.state.refresh) {
      this.setState({ refresh, refreshFailures: 0 } as Partial<S>);
      this.live.reschedule();
    }
  }

  setRefresh = (refresh: RefreshInterval) => {
    if (refresh === this.state.refresh) return;
    this._urlSync.performBrowserHistoryAction(() => this.setState({ refresh, refreshFailures: 0 } as Partial<S>));
    this.live.reschedule();
  };
}
