/**
 * Label scopes shared by the PromQL builders: a value is a literal (escaped), a list of literals
 * (an escaped `=~` alternation) or a reference to a dashboard/scene variable (`=~"$name"`, the
 * variable's own multi-value regex formatting applies).
 */
import { oneOf, QueryInputError, selector, type Matcher } from './escape';

export interface VariableRef {
  variable: string;
}
export type LabelValue = string | readonly string[] | VariableRef;

/** Reference a template variable: `variable('tenant')` renders `tenant_id=~"$tenant"`. */
export const variable = (name: string): VariableRef => {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) throw new QueryInputError(`"${name}" is not a variable name`, 'variable');
  return { variable: name };
};

export interface Scope {
  env?: LabelValue;
  tenant?: LabelValue;
  shard?: LabelValue;
  service?: LabelValue;
}

const isVariable = (v: LabelValue): v is VariableRef => typeof v === 'object' && !Array.isArray(v) && 'variable' in v;

export function scopeMatcher(label: string, value: LabelValue): Matcher {
  if (isVariable(value)) return { label, op: '=~', value: `$${value.variable}` };
  const list = typeof value === 'string' ? [value] : (value as readonly string[]);
  if (list.some((v) => v === '')) throw new QueryInputError(`${label}: empty value`, label);
  return oneOf(label, list);
}

/** Matchers in a fixed order (env, tenant_id, shard, service), then any extra ones. */
export function scopeMatchers(scope: Scope, extra: Matcher[] = []): Matcher[] {
  const out: Matcher[] = [];
  if (scope.env !== undefined) out.push(scopeMatcher('env', scope.env));
  if (scope.tenant !== undefined) out.push(scopeMatcher('tenant_id', scope.tenant));
  if (scope.shard !== undefined) out.push(scopeMatcher('shard', scope.shard));
  if (scope.service !== undefined) out.push(scopeMatcher('service', scope.service));
  return [...out, ...extra];
}

/** `metric{...}`, or the bare metric name when there is nothing to match. */
export function series(metric: string, matchers: Matcher[]): string {
  return matchers.length === 0 ? metric : `${metric}${selector(matchers)}`;
}

const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const INTERVAL_VARIABLE = /^\$(__rate_interval|__interval|\{__rate_interval\}|\{__interval\})$/;

/** Grafana's rate window by default; a literal duration (`5m`, `1h30m`) or an interval variable otherwise. */
export function rateWindow(window = '$__rate_interval'): string {
  if (!DURATION.test(window) && !INTERVAL_VARIABLE.test(window))
    throw new QueryInputError(`"${window}" is not a duration or an interval variable`, 'window');
  return window;
}

const GROUP_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** `sum by (a, b) (` or `sum(` for no grouping. */
export function aggregate(op: 'sum' | 'max' | 'min' | 'count', by: readonly string[], inner: string): string {
  for (const l of by) if (!GROUP_LABEL.test(l)) throw new QueryInputError(`"${l}" is not a label name`, 'by');
  return by.length === 0 ? `${op}(${inner})` : `${op} by (${by.join(', ')}) (${inner})`;
}

export function quantile(q: number): string {
  if (!(q > 0 && q < 1)) throw new QueryInputError(`quantile ${q} must be between 0 and 1`, 'quantile');
  return String(q);
}
