/**
 * Template variable interpolation as Grafana's TemplateSrv does it before a query leaves the browser
 * (https://grafana.com/docs/grafana/latest/dashboards/variables/variable-syntax/ and
 * .../variables/global-variables/): `$var`, `${var}`, `${var:format}`, `[[var]]`, `[[var:format]]`;
 * multi-value formats `regex`, `pipe`, `csv`, `glob`, `raw`, `json`, `doublequote`, `singlequote`,
 * `sqlstring`, `queryparam`, `text`; and `$__from`/`$__to` as epoch ms, with `:date`, `:date:iso`,
 * `:date:seconds` and simple `:date:YYYY-MM-DD HH:mm:ss` patterns (UTC). A variable the host does not
 * know stays as written, as in Grafana.
 */

export type VariableValue = string | readonly string[];

/** Grafana's variable regex (public/app/features/variables/utils.ts `variableRegex`). */
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^}]+))?(?::([^}]+))?}/g;

const regexEscape = (v: string) => v.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');

/** Prometheus data source default: one value as is, several as an escaped `(a|b)` alternation. */
function prometheusDefault(values: readonly string[]): string {
  if (values.length === 1) return values[0];
  return `(${values.map(regexEscape).join('|')})`;
}

export function formatValue(values: readonly string[], format: string | undefined): string {
  switch (format) {
    case undefined:
      return prometheusDefault(values);
    case 'regex':
      return values.length === 1 ? regexEscape(values[0]) : `(${values.map(regexEscape).join('|')})`;
    case 'pipe':
      return values.join('|');
    case 'csv':
      return values.join(',');
    case 'raw':
      return values.join(',');
    case 'text':
      return values.join(' + ');
    case 'glob':
      return values.length === 1 ? values[0] : `{${values.join(',')}}`;
    case 'json':
      return JSON.stringify(values.length === 1 ? values[0] : values);
    case 'doublequote':
      return values.map((v) => `"${v.replace(/"/g, '\\"')}"`).join(',');
    case 'singlequote':
      return values.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(',');
    case 'sqlstring':
      return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
    case 'queryparam':
      return values.map((v) => `var-=${encodeURIComponent(v)}`).join('&');
    default:
      throw new Error(`unknown variable format "${format}"`);
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `:date` formats for `$__from`/`$__to`. Custom patterns use YYYY, MM, DD, HH, mm, ss, SSS (UTC). */
export function formatDate(ms: number, format: string): string {
  if (format === 'date' || format === 'date:iso') return new Date(ms).toISOString();
  if (format === 'date:seconds') return String(Math.floor(ms / 1000));
  const custom = /^date:(.+)$/.exec(format)?.[1];
  if (!custom) throw new Error(`unknown time format "${format}"`);
  const d = new Date(ms);
  return custom.replace(/YYYY|MM|DD|HH|mm|ss|SSS/g, (t) => {
    switch (t) {
      case 'YYYY':
        return String(d.getUTCFullYear());
      case 'MM':
        return pad(d.getUTCMonth() + 1);
      case 'DD':
        return pad(d.getUTCDate());
      case 'HH':
        return pad(d.getUTCHours());
      case 'mm':
        return pad(d.getUTCMinutes());
      case 'ss':
        return pad(d.getUTCSeconds());
      default:
        return pad(d.getUTCMilliseconds(), 3);
    }
  });
}

export interface TemplateContext {
  variables: Record<string, VariableValue>;
  fromMs?: number;
  toMs?: number;
}

export function interpolateTemplate(text: string, ctx: TemplateContext): string {
  return text.replace(
    VARIABLE,
    (match, v1?: string, v2?: string, f2?: string, v3?: string, path?: string, f3?: string) => {
      const name = v1 ?? v2 ?? v3 ?? '';
      const format = f2 ?? f3;
      if ((name === '__from' || name === '__to') && !path) {
        const ms = name === '__from' ? ctx.fromMs : ctx.toMs;
        if (ms === undefined) return match;
        return format ? formatDate(ms, format) : String(ms);
      }
      if (path || !Object.prototype.hasOwnProperty.call(ctx.variables, name)) return match;
      const value = ctx.variables[name];
      return formatValue(typeof value === 'string' ? [value] : value, format);
    }
  );
}
