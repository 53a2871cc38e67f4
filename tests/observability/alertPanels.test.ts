/**
 * Every alert rule (alerts/*.rules.yaml) is mapped to a dashboard panel that exists (the inbox's
 * "Panel" link, src/shared/alertPanels.ts), and the mapping names no rule that does not exist.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ALERT_PANELS } from '../../src/shared/alertPanels';

const ROOT = join(__dirname, '..', '..');

function ruleNames(): string[] {
  const names: string[] = [];
  for (const f of readdirSync(join(ROOT, 'alerts')).filter((n) => n.endsWith('.rules.yaml'))) {
    const doc = parse(readFileSync(join(ROOT, 'alerts', f), 'utf8')) as {
      groups: Array<{ rules: Array<{ alert?: string }> }>;
    };
    for (const g of doc.groups) for (const r of g.rules) if (r.alert) names.push(r.alert);
  }
  return names;
}

function panelsByDashboard(): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const f of readdirSync(join(ROOT, 'dashboards')).filter((n) => n.endsWith('.json'))) {
    const d = JSON.parse(readFileSync(join(ROOT, 'dashboards', f), 'utf8')) as { uid?: string; panels?: unknown[] };
    const ids = new Set<number>();
    const walk = (ps: unknown[] = []) => {
      for (const p of ps as Array<{ id?: number; panels?: unknown[] }>) {
        if (typeof p.id === 'number') ids.add(p.id);
        walk(p.panels);
      }
    };
    walk(d.panels);
    if (d.uid) out.set(d.uid, ids);
  }
  return out;
}

describe('alert → dashboard panel links', () => {
  const rules = ruleNames();
  const dashboards = panelsByDashboard();
  it('every rule has a panel', () => {
    assert.ok(rules.length > 5);
    assert.deepEqual(
      rules.filter((r) => !ALERT_PANELS[r]),
      [],
      'map these rules in src/shared/alertPanels.ts'
    );
  });
  it('every mapped panel exists, and every mapped rule exists', () => {
    for (const [rule, { dashboard, panel }] of Object.entries(ALERT_PANELS)) {
      assert.ok(rules.includes(rule), `${rule} is not an alert rule`);
      assert.ok(dashboards.get(dashboard)?.has(panel), `${rule}: dashboard ${dashboard} has no panel ${panel}`);
    }
  });
});
