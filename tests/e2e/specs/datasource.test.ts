/**
 * The Switchyard backend data source from the browser, per line: the host runs the built executable
 * behind Grafana's HTTP API. Save & test through the API the button calls (`GET
 * /api/datasources/uid/:uid/health`) and on the host's stand-in settings page, which renders the
 * plugin's ConfigEditor from its module.js; the panel query is the dashboard's tenant-count query posted to
 * `/api/ds/query` from the page, compared with the sidecar's own API through the plugin proxy; a
 * status change made through the proxy API moves the count.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Page } from 'playwright-core';
import { CONTROL_PLANE_DATASOURCE, EXAMPLE_QUERIES } from '../../../src/datasource/exampleQueries';
import { APP, PLUGIN_ID, open } from '../lib/env';
import { assertClean, describeLines } from '../lib/spec';
import type { LineName } from '../../host/lines';

/** Active demo tenants reserved for this spec, one per line (the lines share one sidecar). */
const TENANT: Record<LineName, string> = { 'grafana-12': 'initech-prod', 'grafana-13': 'tyrell-prod' };

interface Fetched {
  status: number;
  json: any;
}

function pageFetch(
  page: Page,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}
) {
  return page.evaluate(
    async ({ path, init }): Promise<Fetched> => {
      const res = await fetch(path, {
        method: init.method ?? 'GET',
        headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers ?? {}) },
        body: init.body ? JSON.stringify(init.body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined };
    },
    { path, init }
  );
}

/** The tenant-by-status stat panel's query, as DataSourceWithBackend posts it. */
async function statusCounts(page: Page): Promise<Record<string, number>> {
  const now = Date.now();
  const r = await pageFetch(page, '/api/ds/query', {
    method: 'POST',
    headers: { 'X-Plugin-Id': CONTROL_PLANE_DATASOURCE.type, 'X-Datasource-Uid': CONTROL_PLANE_DATASOURCE.uid },
    body: {
      queries: [
        {
          ...EXAMPLE_QUERIES.tenantsByStatus.query,
          datasource: CONTROL_PLANE_DATASOURCE,
          intervalMs: 15000,
          maxDataPoints: 500,
        },
      ],
      from: String(now - 3_600_000),
      to: String(now),
    },
  });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const frames = r.json.results.A.frames as Array<{
    schema: { fields: Array<{ labels?: Record<string, string> }> };
    data: { values: number[][] };
  }>;
  return Object.fromEntries(frames.map((f) => [f.schema.fields.at(-1)!.labels!.status, f.data.values.at(-1)![0]]));
}

async function apiStatusCounts(page: Page): Promise<Record<string, number>> {
  const r = await pageFetch(page, `/api/plugin-proxy/${PLUGIN_ID}/api/v1/overview/tenants`);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json.byStatus as Record<string, number>;
}

const nonZero = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([, v]) => v > 0));

describeLines('control-plane data source', (ctx) => {
  it('Save & test: OK with the provisioned token; a data source saved with a wrong token fails with a clear message', async () => {
    // The failing health check answers 400, which Chromium logs as a failed resource.
    const t = await ctx.page({ allowConsole: [/status of 400 \(Bad Request\)/] });
    await open(t.page, ctx.url, `${APP}/tenants`, 'admin');
    const ok = await pageFetch(t.page, `/api/datasources/uid/${CONTROL_PLANE_DATASOURCE.uid}/health`);
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.equal(ok.json.status, 'OK');
    assert.match(ok.json.message, /Connected to Switchyard sidecar/);

    const saved = await pageFetch(t.page, '/api/datasources', {
      method: 'POST',
      body: {
        name: `Switchyard wrong token ${ctx.line}`,
        type: CONTROL_PLANE_DATASOURCE.type,
        access: 'proxy',
        jsonData: { sidecarUrl: ctx.sidecarUrl },
        secureJsonData: { sidecarToken: 'not-the-token-'.repeat(4) },
      },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.json));
    assert.deepEqual(saved.json.datasource.secureJsonFields, { sidecarToken: true });
    assert.equal(JSON.stringify(saved.json).includes('not-the-token-'), false);
    const failing = await pageFetch(t.page, `/api/datasources/uid/${saved.json.datasource.uid}/health`);
    assert.equal(failing.status, 400);
    assert.equal(failing.json.status, 'ERROR');
    assert.match(failing.json.message, /refused the data source token/);

    // The same through the settings page: the plugin's ConfigEditor and its Save & test button.
    const saveAndTest = 'data-testid Data source settings page Save and Test button';
    await open(t.page, ctx.url, `/connections/datasources/edit/${CONTROL_PLANE_DATASOURCE.uid}`, 'admin');
    await t.page.getByText('Data source token').first().waitFor();
    await t.page.getByTestId(saveAndTest).click();
    await t.page
      .getByTestId('data-testid Alert success')
      .getByText(/Connected to Switchyard sidecar/)
      .waitFor();
    await ctx.shot(t, 'datasource-save-and-test-ok');
    await open(t.page, ctx.url, `/connections/datasources/edit/${saved.json.datasource.uid}`, 'admin');
    await t.page.getByTestId(saveAndTest).click();
    await t.page
      .getByTestId('data-testid Alert error')
      .getByText(/refused the data source token/)
      .waitFor();
    await ctx.shot(t, 'datasource-save-and-test-wrong-token');
    assertClean(t);
    await t.page.close();
  });

  it('the tenants-by-status panel query equals the API; a status change moves the count', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants`, 'editor');
    const before = await statusCounts(t.page);
    assert.deepEqual(nonZero(before), nonZero(await apiStatusCounts(t.page)));
    assert.ok((before.active ?? 0) > 0);

    const id = TENANT[ctx.line];
    const change = async (to: string) => {
      const r = await pageFetch(t.page, `/api/plugin-proxy/${PLUGIN_ID}/api/v1/tenants/${id}/status`, {
        method: 'POST',
        headers: { 'idempotency-key': `e2e-ds-${ctx.line}-${to}-${before.suspended ?? 0}` },
        body: { to, reason: `e2e ${ctx.line}: data source count check` },
      });
      assert.equal(r.status, 200, JSON.stringify(r.json));
    };
    await change('suspended');
    const after = await statusCounts(t.page);
    assert.equal(after.suspended, (before.suspended ?? 0) + 1);
    assert.equal(after.active, before.active - 1);
    assert.deepEqual(nonZero(after), nonZero(await apiStatusCounts(t.page)));
    await change('active');
    assert.deepEqual(await statusCounts(t.page), before);
    assertClean(t);
    await t.page.close();
  });
});
