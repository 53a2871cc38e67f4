/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members dropped
 * (as JSON.stringify does). Used for audit hashes and idempotency request hashes, so the same
 * value always yields the same bytes regardless of key order. Values nested up to RECURSION_LIMIT
 * deep (every audit entry and request body in practice) take a direct recursive path; deeper ones are
 * written by the iterative path, so attacker-controlled nesting depth cannot overflow the stack.
 * Both paths produce the same bytes.
 */
import { hash } from 'node:crypto';

type Frame = { kind: 'value'; value: unknown; inArray: boolean } | { kind: 'text'; text: string };

function scalar(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError('canonicalJson: non-finite numbers have no JSON form');
  }
  if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') {
    throw new TypeError(`canonicalJson: ${typeof value} has no JSON form`);
  }
  return JSON.stringify(value) ?? 'null';
}

/** The work items that write a container: its brackets, separators and members in order. */
function containerWork(v: object): Frame[] {
  const work: Frame[] = [];
  if (Array.isArray(v)) {
    work.push({ kind: 'text', text: '[' });
    v.forEach((el, i) => {
      if (i > 0) work.push({ kind: 'text', text: ',' });
      work.push({ kind: 'value', value: el, inArray: true });
    });
    work.push({ kind: 'text', text: ']' });
    return work;
  }
  const obj = v as Record<string, unknown>;
  work.push({ kind: 'text', text: '{' });
  let first = true;
  for (const key of Object.keys(obj).sort()) {
    const member = obj[key];
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    work.push({ kind: 'text', text: `${first ? '' : ','}${JSON.stringify(key)}:` });
    work.push({ kind: 'value', value: member, inArray: false });
    first = false;
  }
  work.push({ kind: 'text', text: '}' });
  return work;
}

const withToJson = (v: unknown): unknown =>
  v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function'
    ? (v as { toJSON: () => unknown }).toJSON()
    : v;

const RECURSION_LIMIT = 64;
const TOO_DEEP = Symbol('too deep');

/** The recursive path: same rules as the iterative one; throws TOO_DEEP past RECURSION_LIMIT. */
function write(value: unknown, inArray: boolean, depth: number): string {
  const v = withToJson(value);
  if (v === undefined && inArray) return 'null';
  if (v === null || typeof v !== 'object') return scalar(v);
  if (depth >= RECURSION_LIMIT) throw TOO_DEEP;
  if (Array.isArray(v)) {
    let text = '[';
    // forEach, like the iterative path, so both treat array holes alike.
    v.forEach((el, i) => {
      text += `${i > 0 ? ',' : ''}${write(el, true, depth + 1)}`;
    });
    return `${text}]`;
  }
  const obj = v as Record<string, unknown>;
  let text = '{';
  let first = true;
  for (const key of Object.keys(obj).sort()) {
    const member = obj[key];
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${write(member, false, depth + 1)}`;
    first = false;
  }
  return `${text}}`;
}

export function canonicalJson(value: unknown): string {
  try {
    return write(value, false, 0);
  } catch (err) {
    if (err !== TOO_DEEP) throw err;
  }
  return canonicalJsonIterative(value);
}

function canonicalJsonIterative(value: unknown): string {
  const out: string[] = [];
  // Work items processed in order: a container pushes its pieces (reversed) onto the stack.
  const stack: Frame[] = [{ kind: 'value', value, inArray: false }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.kind === 'text') {
      out.push(item.text);
      continue;
    }
    const v = withToJson(item.value);
    if (v === undefined && item.inArray) out.push('null');
    else if (v === null || typeof v !== 'object') out.push(scalar(v));
    else {
      const work = containerWork(v);
      for (let i = work.length - 1; i >= 0; i--) stack.push(work[i]);
    }
  }
  return out.join('');
}

/** SHA-256 of the UTF-8 bytes of `input`, in hex (one native call, no Hash object). */
export function sha256Hex(input: string): string {
  return hash('sha256', input, 'hex');
}

/** Characters JSON.stringify escapes in a string (quote, backslash, controls; surrogates are checked by it). */
// eslint-disable-next-line no-control-regex -- the controls JSON escapes are exactly what this finds
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `JSON.stringify(text)`, byte for byte: most stored text (ids, logins, timestamps) needs no escape,
 * so it is quoted directly; anything else goes through JSON.stringify.
 */
export function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}
