import { dateTime, dateTimeFormat, getTimeZone, type DateTimeInput, type TimeZone } from '@grafana/data';
import { config } from '@grafana/runtime';

/**
 * The one way the app shows a point in time: Grafana's date formatting in the signed-in user's
 * time zone (their profile setting, else the org/browser default), so every page reads alike.
 */

type Instant = DateTimeInput | null | undefined;

/** The user's time zone: their Grafana preference (`utc`, `browser`, an IANA name), else Grafana's default. */
export function userTimeZone(): TimeZone {
  return config.bootData?.user?.timezone || getTimeZone();
}

/** `2026-12-02 14:08:02` in the user's time zone; `empty` when there is no time. */
export function formatTimestamp(at: Instant, empty = '—'): string {
  if (at === null || at === undefined || at === '') {
    return empty;
  }
  return dateTimeFormat(at, { timeZone: userTimeZone() });
}

/** `5 minutes ago`, relative to `now` (injected by tests; the clock otherwise); `empty` when there is no time. */
export function formatTimeAgo(at: Instant, empty = 'never', now: DateTimeInput = Date.now()): string {
  if (at === null || at === undefined || at === '') {
    return empty;
  }
  return dateTime(at).from(dateTime(now));
}
