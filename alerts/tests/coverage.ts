import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * Run by `npm run test:alerts` after promtool: every rule carries the required annotations and
 * has promtool cases that expect it to fire AND cases that expect it to stay silent.
 */
const dir = join(__dirname, '..');
const REQUIRED = ['summary', 'description', 'runbook_url', 'switchyard_action_url'];
type Rule = { alert?: string; expr: string; labels?: Record<string, string>; annotations?: Record<string, string> };
type RuleFile = { groups: Array<{ name: string; rules: Rule[] }> };
type TestFile = { tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts?: unknown[] }> }> };

const problems: string[] = [];
const rules = readdirSync(dir)
  .filter((f) => f.endsWith('.rules.yaml'))
  .flatMap((f) =>
    (parse(readFileSync(join(dir, f), 'utf8')) as RuleFile).groups.flatMap((g) =>
      g.rules.map((r) => ({ ...r, file: f }))
    )
  );
const fires = new Set<string>();
const silent = new Set<string>();
for (const f of readdirSync(join(dir, 'tests')).filter((x) => x.endsWith('.test.yaml'))) {
  for (const t of (parse(readFileSync(join(dir, 'tests', f), 'utf8')) as TestFile).tests) {
    for (const a of t.alert_rule_test ?? []) (a.exp_alerts?.length ? fires : silent).add(a.alertname);
  }
}
const names = new Set<string>();
for (const r of rules) {
  if (!r.alert) continue;
  if (names.has(r.alert)) problems.push(`${r.alert}: duplicate alert name`);
  names.add(r.alert);
  for (const k of REQUIRED) if (!r.annotations?.[k]) problems.push(`${r.file} ${r.alert}: missing annotation ${k}`);
  if (!r.annotations?.switchyard_action_url?.startsWith('/a/switchyard-controlplane-app/'))
    problems.push(`${r.alert}: switchyard_action_url must be a path into the plugin`);
  if (!r.labels?.severity) problems.push(`${r.alert}: missing severity label`);
  if (!fires.has(r.alert)) problems.push(`${r.alert}: no promtool case expects it to fire`);
  if (!silent.has(r.alert)) problems.push(`${r.alert}: no promtool case expects it to stay silent`);
}
if (problems.length) {
  process.stderr.write(`alert rule coverage failed:\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write(
  `alert rule coverage: ${names.size} rules, each with annotations, firing and silent promtool cases\n`
);
