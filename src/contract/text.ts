/**
 * The one text rule for everything that crosses the API boundary. A string is accepted only when it
 * is well-formed Unicode (no lone UTF-16 surrogates), holds no NUL or other control character (tab
 * and line breaks excepted; single-line fields refuse those too) and no bidirectional override or
 * isolate (U+202A–U+202E, U+2066–U+2069), which would let stored text read differently from what
 * was typed. Object keys obey the same rule. Nesting deeper than MAX_INPUT_DEPTH is refused, and so is
 * a number that is not finite: JSON has no Infinity, but a literal such as `1e309` parses to one, and
 * nothing downstream (request fingerprints, audit hashes, storage) can represent it.
 *
 * Pure TypeScript: the sidecar applies it to params, query and body before any schema runs, the
 * browser uses the same checks for inline messages.
 */

/** Deepest nesting any request may have (the deepest contract schema needs 5). */
export const MAX_INPUT_DEPTH = 32;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

export interface TextViolation {
  /** Dotted path of the offending value (`body.labels.team`, `query.search`). */
  path: string;
  message: string;
}

/** Why this string is refused, or null when it is acceptable. */
export function textProblem(value: string, opts: { multiline?: boolean } = {}): string | null {
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (it holds an unpaired surrogate)';
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (CONTROL.test(value)) return 'must not contain control characters';
  if (BIDI.test(value))
    return 'must not contain bidirectional override or isolate characters (U+202A–U+202E, U+2066–U+2069)';
  if (!opts.multiline && LINE_BREAK.test(value)) return 'must be a single line';
  return null;
}

/**
 * Characters that show nothing: spaces and separators, controls, format characters (zero-width
 * space, joiners, bidi marks), default-ignorable code points (variation selectors, Hangul fillers)
 * and the blank braille pattern.
 */
const INVISIBLE = /[\s\p{Z}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/gu;

/** True when the text has at least one character a reader can see (a letter, digit, mark, punctuation or symbol). */
export function hasVisibleText(value: string): boolean {
  return value.replace(INVISIBLE, '').length > 0;
}

/**
 * Walks any parsed JSON value without recursion and returns the first string or key that breaks the
 * text rule, the first number that is not finite, or a nesting deeper than `maxDepth`. Line breaks
 * are allowed in values (fields that must be single-line say so in their schema); keys must be
 * single-line.
 */
export function findTextViolation(value: unknown, root: string, maxDepth = MAX_INPUT_DEPTH): TextViolation | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const v = item.value;
    if (typeof v === 'string') {
      const problem = textProblem(v, { multiline: true });
      if (problem) return { path: item.path, message: `${item.path} ${problem}` };
      continue;
    }
    if (typeof v === 'number' && !Number.isFinite(v)) {
      return { path: item.path, message: `${item.path} must be a finite number` };
    }
    if (v === null || typeof v !== 'object') continue;
    if (item.depth >= maxDepth) {
      return { path: item.path, message: `${item.path} is nested deeper than ${maxDepth} levels` };
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ value: v[i], path: `${item.path}.${i}`, depth: item.depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const keyProblem = textProblem(key);
      if (keyProblem) return { path: item.path, message: `a key in ${item.path} ${keyProblem}` };
      stack.push({ value: (v as Record<string, unknown>)[key], path: `${item.path}.${key}`, depth: item.depth + 1 });
    }
  }
  return null;
}
