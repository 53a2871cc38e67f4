/**
 * Quoting for label values in PromQL and LogQL selectors. Both languages read a double-quoted string
 * with Go escape rules, so a value is safe once backslash, double quote and line breaks are escaped:
 * a tenant id like `a"}or{x="` stays one string and cannot close the selector.
 */

/** A value as a double-quoted PromQL/LogQL string literal, quotes included. */
export function quoteString(value: string): string {
  const body = value.replace(/[\\"\n\r\t]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\${c}`;
    }
  });
  return `"${body}"`;
}

/** Escape RE2 metacharacters so a literal value can sit inside a `=~` alternation. */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  label: string;
  op: MatchOp;
  value: string;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** One `label op "value"` matcher; the label name must be a valid identifier. */
export function matcher(m: Matcher): string {
  if (!LABEL_NAME.test(m.label)) throw new QueryInputError(`"${m.label}" is not a valid label name`, 'label');
  return `${m.label}${m.op}${quoteString(m.value)}`;
}

/** `{a="x", b=~"y"}`; an empty list gives `{}` only when allowed by the caller (a metric name precedes it). */
export function selector(matchers: Matcher[]): string {
  return `{${matchers.map(matcher).join(', ')}}`;
}

/** Exact match on one value, or `=~` over several literal values (each regex-escaped). */
export function oneOf(label: string, values: string | readonly string[]): Matcher {
  const list = typeof values === 'string' ? [values] : [...values];
  if (list.length === 0) throw new QueryInputError(`${label}: at least one value is required`, label);
  return list.length === 1
    ? { label, op: '=', value: list[0] }
    : { label, op: '=~', value: list.map(escapeRegex).join('|') };
}

/** A builder was called with a value that cannot make a valid query (the message names the field). */
export class QueryInputError extends Error {
  constructor(
    message: string,
    readonly field: string
  ) {
    super(message);
    this.name = 'QueryInputError';
  }
}
