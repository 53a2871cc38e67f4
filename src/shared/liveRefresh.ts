/**
 * Live lists: a list refreshes itself on the interval the user picks (off, 10 s, 30 s, 1 m; kept in
 * the URL), pauses while the browser tab is hidden (and refreshes at once when it is shown again if
 * a refresh was due), and backs off on errors (double the interval per failure, at most 5 minutes)
 * so a struggling sidecar is not hammered. The refresh itself is the list's: it keeps what is shown
 * (rows, selection) and swaps in the new page when it arrives, so nothing flickers.
 */
import type { SceneObjectUrlValues } from '@grafana/scenes';
import { firstValue } from './urlState';

export const REFRESH_INTERVALS = ['off', '10s', '30s', '1m'] as const;
export type RefreshInterval = (typeof REFRESH_INTERVALS)[number];

const MS: Record<RefreshInterval, number | null> = { off: null, '10s': 10_000, '30s': 30_000, '1m': 60_000 };
export const MAX_BACKOFF_MS = 5 * 60_000;

export function intervalMs(interval: RefreshInterval): number | null {
  return MS[interval];
}

export function isRefreshInterval(v: unknown): v is RefreshInterval {
  return typeof v === 'string' && (REFRESH_INTERVALS as readonly string[]).includes(v);
}

/** The interval in a URL value; an unknown or absent value is `fallback`. */
export function refreshFromUrl(value: SceneObjectUrlValues[string], fallback: RefreshInterval): RefreshInterval {
  const v = firstValue(value);
  return isRefreshInterval(v) ? v : fallback;
}

/** The URL value of an interval: `null` (no key) for the list's default. */
export function refreshToUrl(interval: RefreshInterval, fallback: RefreshInterval): string | null {
  return interval === fallback ? null : interval;
}

/** The delay before the next refresh after `failures` failures in a row (0: the interval itself). */
export function nextDelayMs(interval: RefreshInterval, failures: number): number | null {
  const base = intervalMs(interval);
  if (base === null) return null;
  return Math.min(base * 2 ** Math.min(failures, 10), Math.max(base, MAX_BACKOFF_MS));
}

/** Whether the page is shown; tests hand in their own. */
export interface Visibility {
  hidden(): boolean;
  onChange(listener: () => void): () => void;
}

export const documentVisibility: Visibility = {
  hidden: () => typeof document !== 'undefined' && document.visibilityState === 'hidden',
  onChange: (listener) => {
    if (typeof document === 'undefined') return () => undefined;
    document.addEventListener('visibilitychange', listener);
    return () => document.removeEventListener('visibilitychange', listener);
  },
};

export interface LiveRefreshOptions {
  /** The current interval (read at every scheduling, so a change takes effect with `reschedule`). */
  interval: () => RefreshInterval;
  /** Refreshes the list in the background; resolves false when it failed (the next try backs off). */
  refresh: () => Promise<boolean>;
  visibility?: Visibility;
}

/**
 * The timer of one live list. `start()` in the scene's activation handler (it returns the stop
 * function), `reschedule()` when the user picks another interval. At most one refresh runs at once.
 */
export class LiveRefresh {
  private timer?: ReturnType<typeof setTimeout>;
  private failures = 0;
  private running = false;
  private active = false;
  /** A refresh came due while the tab was hidden: run it when the tab is shown. */
  private due = false;
  private readonly visibility: Visibility;

  constructor(private readonly opts: LiveRefreshOptions) {
    this.visibility = opts.visibility ?? documentVisibility;
  }

  /** Failures in a row since the last successful refresh. */
  get errorCount(): number {
    return this.failures;
  }

  start = (): (() => void) => {
    this.active = true;
    const unsubscribe = this.visibility.onChange(this.onVisibility);
    this.schedule();
    return () => {
      this.active = false;
      unsubscribe();
      this.clear();
    };
  };

  /** The interval changed (or the list was reloaded by hand): the countdown starts again. */
  reschedule = () => {
    this.failures = 0;
    this.due = false;
    this.schedule();
  };

  private clear() {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule() {
    this.clear();
    if (!this.active) return;
    const delay = nextDelayMs(this.opts.interval(), this.failures);
    if (delay === null) return;
    this.timer = setTimeout(this.tick, delay);
  }

  private tick = async () => {
    this.timer = undefined;
    if (!this.active) return;
    if (this.visibility.hidden()) {
      this.due = true;
      return;
    }
    if (this.running) return;
    this.running = true;
    try {
      const ok = await this.opts.refresh();
      this.failures = ok ? 0 : this.failures + 1;
    } catch {
      this.failures += 1;
    } finally {
      this.running = false;
    }
    this.schedule();
  };

  private onVisibility = () => {
    if (!this.active || this.visibility.hidden() || !this.due) return;
    this.due = false;
    void this.tick();
  };
}
