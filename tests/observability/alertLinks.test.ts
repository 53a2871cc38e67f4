/**
 * Every alert's `switchyard_action_url` (alerts/*.rules.yaml) must open a real page of the app: the
 * template is rendered with sample labels (the few Prometheus template functions the rules use are
 * implemented here; anything else fails), then the path must match one of the app's page patterns
 * (appPagePatterns() in src/shared/routing.ts) and every query parameter must be one that page reads,
 * with a value it accepts. So a link cannot drift from the router again.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import {
  appPagePatterns,
  operationsUrl,
  prefixRoute,
  shardUrl,
  suggestionUrl,
  tenantActionUrl,
  tenantMigrateUrl,
  tenantUrl,
  TENANT_TABS,
} from '../../src/shared/routing';
import { suggestAction } from '../../src/sidecar/modules/operations/alerts.rules';
import { appPaths, JOB_STATUSES, SERVICE_KINDS, SHARD_PAGE_ACTIONS, TENANT_PAGE_ACTIONS } from '../../src/contract';
import { fleetStateFromUrl } from '../../src/pages/fleet/fleetUrlState';
import { JOBS_URL_KEYS } from '../../src/pages/operations/jobsUrlState';
import { isRunAction, parseDeploymentTarget, RUN_ACTIONS, TENANT_RUN_ACTIONS } from '../../src/shared/runActions';

const ALERTS = join(__dirname, '..', '..', 'alerts');
const SAMPLE: Record<string, string> = {
  tenant_id: 'acme-001',
  shard: 'aggregate-prod-1',
  env: 'prod',
  namespace: 'platform-prod',
  deployment: 'gateway-prod-0',
  service: 'gateway',
  volume: 'data',
  stream: 'events',
  consumer: 'projection',
};

type Rule = { alert?: string; expr: string; annotations?: Record<string, string> };
function actionLinks(): Array<{ alert: string; expr: string; template: string }> {
  return readdirSync(ALERTS)
    .filter((f) => f.endsWith('.rules.yaml'))
    .flatMap((f) =>
      (parse(readFileSync(join(ALERTS, f), 'utf8')) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((g) =>
        g.rules
          .filter((r) => r.alert)
          .map((r) => ({ alert: r.alert!, expr: r.expr, template: r.annotations?.switchyard_action_url ?? '' }))
      )
    );
}

/** Renders `{{ $labels.x }}` and `{{ reReplaceAll `re` `repl` $labels.x }}`; throws on anything else. */
export function render(template: string, labels: Record<string, string>): { url: string; used: string[] } {
  const used: string[] = [];
  const label = (name: string) => {
    if (!(name in labels)) throw new Error(`no sample for label ${name}`);
    used.push(name);
    return labels[name];
  };
  const url = template.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (_m, body: string) => {
    let m = /^\$labels\.([a-z_]+)$/.exec(body);
    if (m) return label(m[1]);
    m = /^reReplaceAll\s+`([^`]*)`\s+`([^`]*)`\s+\$labels\.([a-z_]+)$/.exec(body);
    if (m) return label(m[3]).replace(new RegExp(m[1], 'g'), m[2].replace(/\$\{?(\d+)\}?/g, '$$$1'));
    throw new Error(`template action not supported by this check: {{ ${body} }}`);
  });
  return { url, used };
}

/** Query keys each page reads, and a check of their values. */
const QUERY: Record<string, (q: URLSearchParams) => string | undefined> = {
  [prefixRoute('tenants/:tenantId')]: (q) => {
    const a = q.get('action');
    if (a === null) return undefined;
    if (!TENANT_RUN_ACTIONS.includes(a as never) || !(TENANT_PAGE_ACTIONS as readonly string[]).includes(a))
      return `tenant page has no action ${a}`;
    return undefined;
  },
  [prefixRoute(`tenants/:tenantId/${TENANT_TABS.placement}`)]: (q) =>
    q.has('migrate') && !(SERVICE_KINDS as readonly string[]).includes(q.get('migrate')!)
      ? `migrate=${q.get('migrate')} is not a service kind`
      : undefined,
  [prefixRoute('operations')]: (q) => {
    const action = q.get('action');
    if (
      action !== null &&
      (!isRunAction(action) ||
        RUN_ACTIONS[action].targetKind !== 'deployment' ||
        !parseDeploymentTarget(q.get('target')))
    )
      return `operations action=${action} target=${q.get('target')} does not open a preflight`;
    for (const s of (q.get('status') ?? '').split(',').filter(Boolean))
      if (!(JOB_STATUSES as readonly string[]).includes(s)) return `status=${s} is not a job status`;
    return undefined;
  },
  [prefixRoute('placement/fleet/shards/:shardId')]: (q) =>
    q.has('action') && !(SHARD_PAGE_ACTIONS as readonly string[]).includes(q.get('action')!)
      ? `shard page has no action ${q.get('action')}`
      : undefined,
  [prefixRoute('placement/fleet')]: (q) =>
    q.has('kind') && fleetStateFromUrl({ kind: q.get('kind') }).kind !== q.get('kind')
      ? `kind=${q.get('kind')} is not a fleet tab`
      : undefined,
};
const KEYS: Record<string, string[]> = {
  [prefixRoute('tenants/:tenantId')]: ['action'],
  [prefixRoute(`tenants/:tenantId/${TENANT_TABS.placement}`)]: ['migrate', 'target'],
  [prefixRoute('operations')]: [...JOBS_URL_KEYS, 'action', 'target'],
  [prefixRoute('placement/fleet')]: ['kind', 'status', 'cursor'],
  [prefixRoute('placement/fleet/shards/:shardId')]: ['cursor', 'action'],
};

/** Problems of one rendered link (empty when it opens a real page with parameters that page reads). */
export function linkProblems(link: string): string[] {
  const u = new URL(link, 'http://grafana.invalid');
  if (u.origin !== 'http://grafana.invalid' || !link.startsWith('/')) return [`${link} is not a path`];
  const pattern = appPagePatterns().find((p) => new RegExp(`^${p.replace(/:[a-zA-Z]+/g, '[^/]+')}$`).test(u.pathname));
  if (!pattern) return [`${u.pathname} matches no page of the app`];
  const problems: string[] = [];
  for (const k of new Set(u.searchParams.keys()))
    if (!(KEYS[pattern] ?? []).includes(k)) problems.push(`${pattern} does not read ?${k}`);
  const bad = QUERY[pattern]?.(u.searchParams);
  if (bad) problems.push(bad);
  return problems;
}

describe('alert switchyard_action_url links open real plugin pages', () => {
  const links = actionLinks();

  it('every alert has a link', () => {
    assert.ok(links.length >= 10, `only ${links.length} alerts found`);
    for (const l of links) assert.ok(l.template, `${l.alert}: no switchyard_action_url`);
  });

  for (const l of links) {
    it(`${l.alert}: ${l.template}`, () => {
      const { url, used } = render(l.template, SAMPLE);
      assert.deepEqual(linkProblems(url), [], url);
      for (const name of used)
        assert.ok(
          new RegExp(`\\b${name}\\b`).test(l.expr),
          `${l.alert}: {{ $labels.${name} }} is not a label of the alert's expression`
        );
      if (used.includes('tenant_id'))
        assert.ok(url.includes(`/tenants/${SAMPLE.tenant_id}`), `${l.alert}: tenant links open the tenant (${url})`);
    });
  }

  it('links agree with the URLs the app and the sidecar build', () => {
    const rendered = links.map((l) => render(l.template, SAMPLE).url);
    for (const a of TENANT_PAGE_ACTIONS.filter((x) =>
      rendered.some((r) => r.includes('/tenants/') && r.endsWith(`?action=${x}`))
    )) {
      assert.ok(rendered.includes(appPaths.tenantAction(SAMPLE.tenant_id, a)));
      assert.equal(tenantActionUrl(SAMPLE.tenant_id, a), appPaths.tenantAction(SAMPLE.tenant_id, a));
    }
    const restart = rendered.filter((r) => r.includes('action=restart'));
    assert.ok(restart.length > 0);
    for (const r of restart) assert.equal(r, appPaths.deploymentRestart(SAMPLE.env, SAMPLE.deployment));
    assert.ok(rendered.includes(shardUrl(SAMPLE.shard)), 'shard alerts open the shard page');
    assert.equal(shardUrl(SAMPLE.shard), appPaths.shard(SAMPLE.shard));
    for (const a of ['cordon', 'drain'] as const) {
      assert.ok(rendered.includes(`${shardUrl(SAMPLE.shard)}?action=${a}`), `a shard alert opens its ${a} plan`);
      assert.equal(`${shardUrl(SAMPLE.shard)}?action=${a}`, appPaths.shardAction(SAMPLE.shard, a));
    }
    assert.ok(
      rendered.includes(tenantMigrateUrl(SAMPLE.tenant_id, SAMPLE.service)),
      'noisy tenants open the migration'
    );
    assert.equal(
      tenantMigrateUrl(SAMPLE.tenant_id, SAMPLE.service),
      appPaths.tenantMigrate(SAMPLE.tenant_id, SAMPLE.service)
    );
    assert.ok(rendered.includes(tenantUrl(SAMPLE.tenant_id, TENANT_TABS.isolation)));
    assert.ok(rendered.includes(operationsUrl({ status: 'running' })));
  });

  // The sidecar's alert inbox suggests an action from the alert's labels (alerts.rules.ts); for the
  // provisioned rules it opens the same page as the rule's own link, so Alertmanager, Grafana and the
  // inbox send the operator to one place. An alert with no target labels gets no suggestion: its link
  // is a list page.
  for (const l of links) {
    it(`${l.alert}: the inbox suggests what the link opens`, () => {
      const labels: Record<string, string> = { alertname: l.alert };
      for (const [k, v] of Object.entries(SAMPLE)) if (new RegExp(`\\b${k}\\b`).test(l.expr)) labels[k] = v;
      // The alert's own labels agree with each other (a shard of the alert's service kind).
      if (labels.shard && labels.service) labels.shard = `${labels.service}-${labels.env ?? 'prod'}-1`;
      const { url, used } = render(l.template, labels);
      const suggestion = suggestAction(labels);
      if (used.length === 0) {
        assert.equal(suggestion, null, `${l.alert} links to ${url}, a list page`);
        return;
      }
      assert.ok(suggestion, `${l.alert}: no suggestion for ${JSON.stringify(labels)}`);
      assert.equal(suggestion.path, url, `${l.alert}: the sidecar's suggestion`);
      assert.equal(suggestionUrl(suggestion), url, `${l.alert}: the inbox button`);
    });
  }

  it('the check rejects the links it was written against', () => {
    for (const old of [
      '/a/switchyard-controlplane-app/tenants/acme-001?tab=isolation',
      '/a/switchyard-controlplane-app/placement/shards/gateway-prod-0',
      '/a/switchyard-controlplane-app/health?service=gateway&env=prod',
      '/a/switchyard-controlplane-app/tenants/acme-001?action=migrate&from=gateway-prod-0',
      '/a/switchyard-controlplane-app/operations?action=restart&target=platform-prod%2Fgateway-prod-0',
      '/a/switchyard-controlplane-app/placement/fleet?kind=shard',
      '/a/switchyard-controlplane-app/tenants/acme-001/healthz',
      '/a/switchyard-controlplane-app/placement/fleet/shards/gateway-prod-0?action=explode',
      '/a/switchyard-controlplane-app/placement/fleet/shards/gateway-prod-0?migrate=gateway',
    ])
      assert.notDeepEqual(linkProblems(old), [], old);
    assert.throws(() => render('/a/x/{{ $labels.tenant_id | toUpper }}', SAMPLE), /not supported/);
    assert.equal(render('{{ reReplaceAll `^([a-z]+)-.*$` `$1` $labels.shard }}', SAMPLE).url, 'aggregate');
  });
});
