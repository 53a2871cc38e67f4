import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DASHBOARDS, fileNameOf } from '../../dashboards/builder/index';
import { APP_BASE } from '../../dashboards/builder/lib';
import { buildDashboard } from '../../dashboards/builder/sdk';
import { annotationTags } from '../../src/sidecar/modules/operations/annotations.service';
import { jobRow } from '../../src/test/jobFixtures';

/** Structure of the committed dashboards (no servers needed). */
const ROOT = join(__dirname, '..', '..');
const files = readdirSync(join(ROOT, 'dashboards')).filter((f) => f.endsWith('.json'));
const dashboards = files.map((f) => ({ file: f, json: JSON.parse(readFileSync(join(ROOT, 'dashboards', f), 'utf8')) }));
const provisioned = (
  parse(readFileSync(join(ROOT, 'provisioning/datasources/switchyard.yaml'), 'utf8')) as {
    datasources: Array<{ uid: string; type: string }>;
  }
).datasources;
/** The query's result keeps a tenant_id label (grouped by it and not collapsed by an outer aggregation). */
const hasTenantResult = (expr: string): boolean =>
  /by \([^)]*tenant_id/.test(expr) && !/^(count|sum|max|min|avg)\(/.test(expr);
type Panel = {
  id: number;
  title: string;
  type: string;
  datasource: { uid: string; type: string };
  /** PromQL/LogQL targets have `expr`; Switchyard data source targets are query models. */
  targets: Array<{ expr?: string; queryType?: string; datasource: { uid: string; type: string } }>;
  fieldConfig: { defaults: { links: Array<{ url: string; title?: string }> } };
};

describe('dashboards', () => {
  it('the committed JSON is exactly what the builder produces (run npm run dashboards:build)', () => {
    assert.deepEqual(files.sort(), DASHBOARDS.map(fileNameOf).sort());
    for (const d of DASHBOARDS) {
      assert.deepEqual(
        JSON.parse(readFileSync(join(ROOT, 'dashboards', fileNameOf(d)), 'utf8')),
        buildDashboard(d),
        d.uid
      );
    }
  });

  it("every dashboard shows Switchyard's operations: its job annotations, or the sidecar's tagged Grafana annotations", () => {
    // The tag every annotation of a job carries (its start and its finish), whatever the job.
    const tag = annotationTags(jobRow({ tenantId: null }), false)[0];
    for (const { file, json } of dashboards) {
      const list = json.annotations.list as Array<{
        datasource: { type: string; uid: string };
        target?: { type?: string; tags?: string[]; queryType?: string };
      }>;
      const byTag = list.some(
        (a) => a.datasource.uid === '-- Grafana --' && a.target?.type === 'tags' && a.target.tags?.includes(tag)
      );
      const jobs = list.some((a) => a.datasource.type === 'switchyard-controlplane-datasource');
      assert.ok(byTag !== jobs, `${file}: one source of operation markers (tag ${tag}: ${byTag}, jobs query: ${jobs})`);
    }
  });

  it('covers the SPEC §6 set with unique uids and titles', () => {
    const uids = dashboards.map((d) => d.json.uid);
    assert.equal(new Set(uids).size, uids.length);
    assert.equal(new Set(dashboards.map((d) => d.json.title)).size, uids.length);
    for (const uid of [
      'ops-overview',
      'http',
      'logs',
      'eventbus',
      'workers',
      'storage',
      'cluster',
      'noisy-neighbour',
      'api-regression',
      'bottlenecks',
      'infra-exhaustion',
      'self',
      'control-plane',
    ]) {
      assert.ok(uids.includes(`switchyard-${uid}`), uid);
    }
  });

  for (const { file, json } of dashboards) {
    describe(file, () => {
      const panels = json.panels as Panel[];
      const varNames = (json.templating.list as Array<{ name: string; datasource: { uid: string } }>).map(
        (v) => v.name
      );

      it('uses only provisioned data source uids with matching types', () => {
        for (const p of panels) {
          for (const ds of [p.datasource, ...p.targets.map((t) => t.datasource)]) {
            const prov = provisioned.find((x) => x.uid === ds.uid);
            assert.ok(prov, `${p.title}: unknown data source uid ${ds.uid}`);
          }
          assert.equal(provisioned.find((x) => x.uid === p.datasource.uid)?.type, p.datasource.type, p.title);
        }
        for (const v of json.templating.list as Array<{ datasource: { uid: string } }>)
          assert.ok(provisioned.some((x) => x.uid === v.datasource.uid));
      });

      it('has unique panel ids, non-overlapping rows, and only defined variables', () => {
        const ids = panels.map((p) => p.id);
        assert.equal(new Set(ids).size, ids.length);
        const used = new Set<string>();
        const scan = (s: string) => {
          for (const m of s.matchAll(/\$\{?([a-z_][a-z0-9_]*)/gi)) if (!m[1].startsWith('__')) used.add(m[1]);
        };
        // Query models carry variables in any field (`environment: ['$environment']`): scan them whole.
        for (const p of panels) p.targets.forEach((t) => scan(JSON.stringify(t)));
        for (const a of json.annotations.list as Array<{ target?: unknown }>) scan(JSON.stringify(a.target ?? {}));
        for (const l of json.links as Array<{ url?: string }>) scan(l.url ?? '');
        for (const v of json.templating.list as Array<{ definition: string }>) scan(v.definition);
        for (const u of used) assert.ok(varNames.includes(u), `$${u} is used but not defined`);
        assert.ok(varNames.includes('env') || varNames.includes('tenant') || varNames.includes('environment'));
      });

      it('bounds every query touching tenant-level series (topk/bottomk or the tenant filter)', () => {
        for (const p of panels) {
          for (const t of p.targets) {
            if (t.expr === undefined) {
              assert.equal(t.datasource.type, 'switchyard-controlplane-datasource', `${p.title}: target without expr`);
              continue;
            }
            const tenantLevel =
              /tenant_id|gateway_requests_total|gateway_request_duration|aggregate_in_flight|storage_tenant_size|projection_processing_errors|gateway_auth_failures|aggregate_commands_total/.test(
                t.expr
              );
            if (!tenantLevel || p.datasource.type === 'loki') continue;
            const bounded =
              /topk\(|bottomk\(/.test(t.expr) || t.expr.includes('tenant_id=~"$tenant"') || !hasTenantResult(t.expr);
            assert.ok(bounded, `${p.title}: unbounded tenant query ${t.expr}`);
            if (/\b(sum|max|min|avg|count)\b/.test(t.expr) === false)
              assert.fail(`${p.title}: raw tenant series without aggregation`);
          }
        }
      });

      it('links into the plugin', () => {
        const links = json.links as Array<{ url?: string }>;
        assert.ok(links.some((l) => l.url?.startsWith(`${APP_BASE}/`)));
        if (varNames.includes('tenant')) assert.ok(links.some((l) => l.url === `${APP_BASE}/tenants/\${tenant}`));
        for (const p of panels) {
          for (const l of p.fieldConfig.defaults.links) {
            assert.ok(l.url.startsWith(`${APP_BASE}/`), `${p.title}: ${l.url}`);
            // A link named after a series' shard opens that shard's page.
            if (l.title?.includes('${__field.labels.shard}'))
              assert.equal(l.url, `${APP_BASE}/placement/fleet/shards/\${__field.labels.shard}`, p.title);
          }
        }
        const tenantPanels = panels.filter((p) => p.targets.some((t) => hasTenantResult(t.expr ?? '')));
        for (const p of tenantPanels)
          assert.ok(
            p.fieldConfig.defaults.links.some((l) => l.url.includes('/tenants/${__field.labels.tenant_id}')),
            `${p.title}: tenant panel without tenant link`
          );
      });
    });
  }
});
