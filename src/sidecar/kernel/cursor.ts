/**
 * Opaque keyset cursors: base64url(JSON) of a payload validated with zod on the way back in.
 * A cursor carries its position (sort value + id or seq), its direction and a fingerprint of the
 * sort and filters it was made for, so it cannot be replayed against a different query.
 */
import type { z } from 'zod';
import { validationFailed } from './errors';
import { canonicalJson, sha256Hex } from './canonicalJson';

export type Direction = 'n' | 'p';

export function encodeCursor(payload: object): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>, fingerprint: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw validationFailed('cursor', 'cursor is not a valid cursor');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw validationFailed('cursor', 'cursor is not a valid cursor');
  }
  if ((parsed.data as { f?: string }).f !== fingerprint) {
    throw validationFailed('cursor', 'cursor belongs to a different sort or filter; start from the first page');
  }
  return parsed.data;
}

export function queryFingerprint(query: object): string {
  return sha256Hex(canonicalJson(query)).slice(0, 16);
}

/**
 * Builds a page from rows fetched with limit + 1 in query order. `mode` is how the page was reached:
 * from the start, forward from a cursor, or backward from a cursor (rows then arrive reversed).
 */
export function assemblePage<T>(
  rows: T[],
  limit: number,
  mode: 'first' | 'next' | 'prev',
  cursorAt: (row: T, d: Direction) => string
): { items: T[]; nextCursor: string | null; prevCursor: string | null } {
  const hasMore = rows.length > limit;
  const slice = rows.slice(0, limit);
  if (mode === 'prev') {
    const items = slice.reverse();
    return {
      items,
      prevCursor: hasMore && items.length > 0 ? cursorAt(items[0], 'p') : null,
      nextCursor: items.length > 0 ? cursorAt(items[items.length - 1], 'n') : null,
    };
  }
  return {
    items: slice,
    nextCursor: hasMore ? cursorAt(slice[slice.length - 1], 'n') : null,
    prevCursor: mode === 'next' && slice.length > 0 ? cursorAt(slice[0], 'p') : null,
  };
}
