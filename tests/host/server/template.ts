/**
 * The subset of Go `text/template` that plugin.json route `url`, header `content` and `body` use:
 * `{{ .JsonData.key }}` and `{{ .SecureJsonData.key }}` (with optional spaces). A missing key prints
 * `<no value>` as Go's default `missingkey` option does. Anything else inside `{{ }}` is an error, which
 * the proxy turns into Grafana's 500 messages.
 */
export interface TemplateData {
  JsonData: Record<string, unknown>;
  SecureJsonData: Record<string, string>;
}

export class TemplateError extends Error {}

export function renderTemplate(tpl: string, data: TemplateData): string {
  return tpl.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (_, expr: string) => {
    const m = /^\.(JsonData|SecureJsonData)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr);
    if (!m) {
      throw new TemplateError(`unsupported template expression: ${expr}`);
    }
    const bag = (m[1] === 'JsonData' ? data.JsonData : data.SecureJsonData) as Record<string, unknown>;
    const v = bag[m[2]];
    if (v === undefined || v === null) return '<no value>';
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}
