/**
 * JSON columns read without re-parsing the same text over and over. A page of tenants repeats the
 * same few quota, feature-flag, contact and label documents row after row, so each distinct text is
 * parsed once and its value reused. Reused values are deep-frozen: a caller that wants a changed
 * document builds a new one (as the services already do, copy-on-write), and an accidental in-place
 * change throws instead of altering another row. This is a memo of a pure function (the same text
 * always yields an equal value), bounded in entries and in the size of the texts it keeps.
 */

const MAX_ENTRIES = 4096;
/** Longer documents are parsed every time (still frozen, so every value behaves the same). */
const MAX_CACHED_TEXT = 2048;

const parsed = new Map<string, unknown>();

function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
      Object.freeze(v);
      for (const child of Object.values(v)) stack.push(child);
    }
  }
  return value;
}

/** The value of a stored JSON document, deep-frozen and shared between equal texts. */
export function readJsonColumn<T = unknown>(text: string): T {
  const hit = parsed.get(text);
  if (hit !== undefined) return hit as T;
  const value = deepFreeze(JSON.parse(text) as T);
  if (text.length <= MAX_CACHED_TEXT) {
    if (parsed.size >= MAX_ENTRIES) parsed.delete(parsed.keys().next().value as string);
    parsed.set(text, value);
  }
  return value;
}

/** Entries held (tests). */
export function jsonColumnCacheSize(): number {
  return parsed.size;
}
