/**
 * Alerts into the e2e Alertmanager as vmalert sends them: a rule of alerts/*.rules.yaml firing for
 * one series (the rule's labels and the series' labels, annotations rendered with them, the rule's
 * generator URL), posted to Alertmanager's v2 API; Alertmanager then delivers it to the sidecar's
 * webhook like any other alert. And Alertmanager's own view of alerts and silences, read back by specs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../host/lines';

interface RuleFile {
  groups: Array<{
    name: string;
    rules: Array<{ alert?: string; labels?: Record<string, string>; annotations?: Record<string, string> }>;
  }>;
}

export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  generatorURL: string;
}

/** `{{ $labels.x }}` and `{{ $value }}` (optionally `| humanizePercentage`, `| humanize`), as vmalert renders them. */
function render(template: string, labels: Record<string, string>, value: number): string {
  return template.replace(/{{\s*([^}]+?)\s*}}/g, (whole, body: string) => {
    const label = /^\$labels\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(body);
    if (label) return labels[label[1]] ?? '';
    const v = /^\$value(?:\s*\|\s*(humanizePercentage|humanize))?$/.exec(body);
    if (v) return v[1] === 'humanizePercentage' ? `${(value * 100).toFixed(1)}%` : String(value);
    throw new Error(`template ${whole} is not rendered by the e2e alert helper`);
  });
}

/** The rule `alertname` of alerts/*.rules.yaml firing for `series` with `value`, since `startsAt`. */
export function firingRule(
  alertname: string,
  series: Record<string, string>,
  value: number,
  startsAt: Date,
  vmalertUrl = 'http://vmalert.invalid'
): PostableAlert {
  const dir = join(REPO_ROOT, 'alerts');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.rules.yaml'))) {
    const parsed = parse(readFileSync(join(dir, file), 'utf8')) as RuleFile;
    for (const group of parsed.groups) {
      const rule = group.rules.find((r) => r.alert === alertname);
      if (!rule) continue;
      const labels = { ...series, ...rule.labels, alertname };
      const annotations = Object.fromEntries(
        Object.entries(rule.annotations ?? {}).map(([k, v]) => [k, render(v, labels, value)])
      );
      const query = new URLSearchParams({ group: group.name, alert: alertname });
      return {
        labels,
        annotations,
        startsAt: startsAt.toISOString(),
        generatorURL: `${vmalertUrl}/vmalert/rule?${query}`,
      };
    }
  }
  throw new Error(`no rule ${alertname} in alerts/*.rules.yaml`);
}

/** POST /api/v2/alerts (what vmalert's notifier and Grafana's alerting send). */
export async function postAlerts(alertmanagerUrl: string, alerts: PostableAlert[]): Promise<void> {
  const r = await fetch(`${alertmanagerUrl}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  if (!r.ok) throw new Error(`POST ${alertmanagerUrl}/api/v2/alerts: ${r.status} ${await r.text()}`);
}

export interface AmAlert {
  fingerprint: string;
  labels: Record<string, string>;
  status: { state: 'active' | 'suppressed' | 'unprocessed'; silencedBy: string[] };
}

export interface AmSilence {
  id: string;
  status: { state: 'active' | 'pending' | 'expired' };
  matchers: Array<{ name: string; value: string; isRegex: boolean; isEqual?: boolean }>;
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

async function amGet<T>(alertmanagerUrl: string, path: string): Promise<T> {
  const r = await fetch(`${alertmanagerUrl}/api/v2/${path}`);
  if (!r.ok) throw new Error(`GET ${alertmanagerUrl}/api/v2/${path}: ${r.status}`);
  return (await r.json()) as T;
}

/** Alertmanager's alerts whose labels include all of `labels`. */
export async function amAlerts(alertmanagerUrl: string, labels: Record<string, string>): Promise<AmAlert[]> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(labels)) q.append('filter', `${k}="${v}"`);
  return amGet<AmAlert[]>(alertmanagerUrl, `alerts?${q}`);
}

export async function amSilence(alertmanagerUrl: string, id: string): Promise<AmSilence> {
  return amGet<AmSilence>(alertmanagerUrl, `silence/${encodeURIComponent(id)}`);
}
