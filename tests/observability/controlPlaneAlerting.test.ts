/**
 * The control-plane data source as code: its provisioning (fixed uid, sidecar URL and token from the
 * environment), docker-compose (both plugin ids unsigned, one token for Grafana and the sidecar), the
 * nested plugin.json, and the Grafana-managed alert rules in provisioning/alerting/: every query model
 * parses with the data source's contract, every uid and refId exists, every label an annotation uses
 * is one the query emits, and every runbook and action link resolves to a real section or app page.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { appPagePatterns } from '../../src/shared/routing';
import { DATASOURCE_PLUGIN_ID, DATASOURCE_UID, validateDsQuery, type DsQuery } from '../../src/contract';

const ROOT = join(__dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

type Query = {
  refId: string;
  datasourceUid: string;
  relativeTimeRange?: { from: number; to: number };
  model: Record<string, unknown>;
};
type Rule = {
  uid: string;
  title: string;
  condition: string;
  data: Query[];
  for: string;
  noDataState: string;
  execErrState: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
};
const alerting = parse(read('provisioning/alerting/switchyard-controlplane.yaml')) as {
  apiVersion: number;
  groups: Array<{ orgId: number; name: string; folder: string; interval: string; rules: Rule[] }>;
};
const rules = alerting.groups.flatMap((g) => g.rules);
const datasources = (
  parse(read('provisioning/datasources/switchyard.yaml')) as {
    datasources: Array<{
      uid: string;
      type: string;
      jsonData?: Record<string, string>;
      secureJsonData?: Record<string, string>;
    }>;
  }
).datasources;
const compose = parse(read('docker-compose.yaml'), { merge: true }) as {
  services: Record<string, { environment?: Record<string, string> }>;
};

/** The labels each query shape puts on its numeric-multi series (src/backend/queries). */
function emittedLabels(q: DsQuery): string[] {
  if (q.queryType === 'isolation')
    return q.format === 'violations' ? ['tenant_id', 'environment', 'verdict', 'failing'] : ['verdict'];
  if (q.queryType === 'jobs' && q.format === 'counts') return [q.groupBy];
  if (q.queryType === 'tenantCounts' && q.format === 'numeric') return [q.groupBy];
  if (q.queryType === 'placement' && q.format === 'numeric') return ['shard', 'kind', 'region'];
  throw new Error(
    `${q.queryType}/${'format' in q ? q.format : ''} is not an instant numeric shape Alerting can threshold`
  );
}

const controlPlaneQuery = (rule: Rule): DsQuery => {
  const data = rule.data.filter((d) => d.datasourceUid === DATASOURCE_UID);
  assert.equal(data.length, 1, `${rule.uid}: one control-plane query`);
  const r = validateDsQuery(data[0].model);
  assert.ok(r.ok, `${rule.uid}: ${JSON.stringify(r.ok ? [] : r.errors)}`);
  return r.query;
};

describe('control-plane data source provisioning', () => {
  it('has the fixed uid, the sidecar of the compose stack and the token from the environment', () => {
    const ds = datasources.find((d) => d.uid === DATASOURCE_UID);
    assert.equal(ds?.type, DATASOURCE_PLUGIN_ID);
    const url = new URL(ds!.jsonData!.sidecarUrl);
    assert.equal(compose.services[url.hostname]?.environment?.SWITCHYARD_PORT, url.port);
    assert.equal(ds!.secureJsonData!.sidecarToken, '$SWITCHYARD_DATASOURCE_TOKEN');
    assert.ok(!('sidecarToken' in (ds!.jsonData ?? {})), 'the token is never in jsonData');
  });

  it('compose loads both plugins unsigned and gives Grafana and the sidecar the same token', () => {
    const g = compose.services.grafana.environment ?? {};
    const ids = (g.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS ?? '').split(',');
    assert.ok(ids.includes('switchyard-controlplane-app') && ids.includes(DATASOURCE_PLUGIN_ID));
    assert.match(g.SWITCHYARD_DATASOURCE_TOKEN ?? '', /^\$\{SWITCHYARD_DATASOURCE_TOKEN:\?/);
    assert.equal(compose.services.sidecar.environment?.SWITCHYARD_DATASOURCE_TOKEN, g.SWITCHYARD_DATASOURCE_TOKEN);
  });

  it('the nested plugin.json is a backend, alerting data source included by the app', () => {
    const ds = JSON.parse(read('src/datasource/plugin.json'));
    assert.equal(ds.id, DATASOURCE_PLUGIN_ID);
    assert.equal(ds.type, 'datasource');
    for (const k of ['backend', 'alerting', 'metrics', 'annotations']) assert.equal(ds[k], true, k);
    assert.equal(ds.executable, 'gpx_switchyard-controlplane-datasource');
    const app = JSON.parse(read('plugin.json'));
    assert.ok(
      app.includes.some(
        (i: { type: string; path?: string }) => i.type === 'datasource' && i.path === 'datasource/plugin.json'
      )
    );
  });
});

describe('Grafana-managed alert rules on the control-plane data source', () => {
  it('is an apiVersion 1 file with unique rule uids', () => {
    assert.equal(alerting.apiVersion, 1);
    assert.equal(new Set(rules.map((r) => r.uid)).size, rules.length);
    assert.ok(rules.length >= 3);
  });

  it('every data source uid exists; refIds chain to the condition; models carry no variables', () => {
    const known = new Set([...datasources.map((d) => d.uid), '__expr__']);
    for (const rule of rules) {
      const refs = new Set(rule.data.map((d) => d.refId));
      assert.ok(refs.has(rule.condition), `${rule.uid}: condition ${rule.condition}`);
      for (const d of rule.data) {
        assert.ok(known.has(d.datasourceUid), `${rule.uid}: ${d.datasourceUid}`);
        assert.equal(d.model.refId, d.refId);
        assert.ok(!JSON.stringify(d.model).includes('$'), `${rule.uid}: alert queries are never interpolated`);
        if (d.datasourceUid === '__expr__') assert.ok(refs.has(String(d.model.expression)), `${rule.uid}/${d.refId}`);
        else assert.ok(d.relativeTimeRange && d.relativeTimeRange.from > d.relativeTimeRange.to);
      }
      controlPlaneQuery(rule);
    }
  });

  it('covers an isolation violation for 5 m, a failed job in prod and degraded tenants over a threshold', () => {
    const byQuery = rules.map((r) => ({ r, q: controlPlaneQuery(r) }));
    const isolation = byQuery.find(({ q }) => q.queryType === 'isolation' && q.format === 'violations');
    assert.equal(isolation?.r.for, '5m');
    const failed = byQuery.find(
      ({ q }) => q.queryType === 'jobs' && q.status?.includes('failed') && q.environment?.includes('prod')
    );
    assert.ok(failed);
    const degraded = byQuery.find(({ q }) => q.queryType === 'tenantCounts' && q.include?.join() === 'degraded');
    const threshold = degraded?.r.data.find((d) => d.model.type === 'threshold')?.model as {
      conditions: Array<{ evaluator: { type: string; params: number[] } }>;
    };
    assert.equal(threshold.conditions[0].evaluator.type, 'gt');
    assert.ok(threshold.conditions[0].evaluator.params[0] > 0);
  });

  it('annotations use only labels the query emits; runbooks and action links resolve', () => {
    const runbooks = read('alerts/RUNBOOKS.md');
    const patterns = appPagePatterns().map((p) => new RegExp(`^${p.replace(/:[A-Za-z]+/g, '[^/]+')}$`));
    for (const rule of rules) {
      const labels = emittedLabels(controlPlaneQuery(rule));
      for (const text of Object.values(rule.annotations)) {
        for (const m of text.matchAll(/\$labels\.(\w+)/g)) assert.ok(labels.includes(m[1]), `${rule.uid}: ${m[1]}`);
      }
      const anchor = /RUNBOOKS\.md#([a-z0-9-]+)$/.exec(rule.annotations.runbook_url)?.[1];
      assert.ok(
        anchor && runbooks.split('\n').some((l) => l.startsWith('## ') && l.slice(3).toLowerCase() === anchor),
        `${rule.uid}: runbook ${rule.annotations.runbook_url}`
      );
      const action = rule.annotations.switchyard_action_url.replace(/\{\{ \$labels\.(\w+) \}\}/g, 'sample-1');
      const path = action.split('?')[0];
      assert.ok(
        patterns.some((p) => p.test(path)),
        `${rule.uid}: ${path} is not an app page`
      );
    }
  });
});
