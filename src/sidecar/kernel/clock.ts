/**
 * The only source of "now" in the sidecar. Production uses the system clock; an optional offset
 * (SWITCHYARD_CLOCK_OFFSET_MS) shifts it, which lets the suites run as if on a later date.
 * Elapsed-time measurements (timeouts, durations) use the monotonic `performance.now()` instead:
 * they never depend on the calendar.
 */
export interface Clock {
  now(): Date;
}

export function systemClock(offsetMs = 0): Clock {
  return { now: () => new Date(Date.now() + offsetMs) };
}
