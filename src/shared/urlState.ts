import type { SceneObjectUrlValues } from '@grafana/scenes';

/**
 * The one set of helpers every page uses to keep its shareable state in the URL. Values read from
 * the URL are untrusted (hand-edited links): each reader keeps only what the contract allows.
 */

type UrlValue = SceneObjectUrlValues[string];

/** The first value of a URL key ('' when absent). */
export function firstValue(value: UrlValue): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** The first value of a URL key, or undefined when absent or empty. */
export function optionalValue(value: UrlValue): string | undefined {
  return firstValue(value) || undefined;
}

/** One of `allowed`, or undefined (a value the contract does not know is ignored). */
export function oneOf<T extends string>(value: UrlValue, allowed: readonly T[]): T | undefined {
  const v = firstValue(value);
  return (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** A comma list from the URL, keeping only values the contract knows, in the contract's order. */
export function listOf<T extends string>(value: UrlValue, allowed: readonly T[]): T[] {
  const items = firstValue(value)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return allowed.filter((a) => items.includes(a));
}

/** A list as one comma-separated URL value; `null` (key removed) when empty. */
export function listToUrl(values: readonly string[]): string | null {
  return values.length > 0 ? values.join(',') : null;
}

/** Whether the URL update carries `key` (absent keys keep their value; a `null` value clears). */
export function hasKey(values: SceneObjectUrlValues, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(values, key);
}

/** Two states are the same when they write the same URL (skips refetching when nothing really changed). */
export function sameUrlState<S>(toUrl: (s: S) => SceneObjectUrlValues, a: S, b: S): boolean {
  return JSON.stringify(toUrl(a)) === JSON.stringify(toUrl(b));
}
