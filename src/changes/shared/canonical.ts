/**
 * Canonical JSON and leaf paths: the shapes every change-management computation agrees on.
 *
 * - Canonical JSON sorts object keys (code-point order) and has no whitespace, so equal values give
 *   equal text and equal hashes whatever order their keys were written in.
 * - A path names a leaf: plain objects are descended, anything else (arrays, scalars, null, and empty
 *   objects) is a leaf. Segments of letters, digits, `_` and `-` (array indexes too) print dotted (`caps.gateway.maxInFlight`),
 *   others print bracketed and JSON-quoted (`perRoute["/v1/query"].burst`), so a path is unambiguous.
 */
import { sha256Hex } from './sha256';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: unknown };

export function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite numbers have no JSON form');
  return JSON.stringify(value ?? null);
}

export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

const IDENTIFIER = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

export function formatPath(segments: readonly string[]): string {
  let out = '';
  for (const s of segments) {
    if (IDENTIFIER.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** A leaf that counts as a value of its own (not descended into). */
export function isLeaf(v: unknown): boolean {
  return !isPlainObject(v) || Object.keys(v).length === 0;
}

/** Every leaf of a value with its path segments, in sorted key order. */
export function leaves(value: unknown, prefix: string[] = []): Array<{ segments: string[]; value: unknown }> {
  if (isLeaf(value)) return prefix.length === 0 ? [] : [{ segments: prefix, value }];
  const out: Array<{ segments: string[]; value: unknown }> = [];
  const obj = value as JsonObject;
  for (const k of Object.keys(obj).sort()) {
    if (obj[k] === undefined) continue;
    out.push(...leaves(obj[k], [...prefix, k]));
  }
  return out;
}

/** The value at a path, or undefined. */
export function getPath(value: unknown, segments: readonly string[]): unknown {
  let cur = value;
  for (const s of segments) {
    if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, s)) return undefined;
    cur = cur[s];
  }
  return cur;
}
