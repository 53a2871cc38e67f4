/**
 * The data source's handlers against the REAL sidecar (the test app on SQLite and PostgreSQL, with
 * the simulator as platform), called directly (no gRPC): every query type, compared with the
 * sidecar's own API; per-refId errors; health; the credential never in frames, errors or logs.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { DataResponse } from '../frames/frame';
import type { BackendHandlers, DataQuery } from '../plugin/types';
import { BACKENDS, idempotencyKey } from '../../sidecar/testing/testApp';
import { startIsolationFixture, type IsolationFixture } from '../../sidecar/testing/isolationFixture';
import { createSwitchyardHandlers } from './index';
import { ALICE, DS_TOKEN, dataQuery, pluginContext, queryRequest } from './testing';

const WEBHOOK_TOKEN = 'webhook-token-0123456789abcdef';

for (const backend of BACKENDS) {
  describe(`data source on the real sidecar (${backend})`, () => {
    let f: IsolationFixture;
    let url: string;
    let h: BackendHandlers;
    const logs: string[] = [];
    const answers: unknown[] = [];
    let t0: number;
    const jobIds: string[] = [];

    const api = async (name: Parameters<IsolationFixture['t']['call']>[0], opts = {}) => {
      const r = await f.t.call(name, opts);
      assert.equal(r.statusCode, 200, `${name}: ${r.body}`);
      return r.json();
    };
    const range = () => ({ fromMs: t0 - 60_000, toMs: Date.now() + 1000 });
    async function ask(queries: DataQuery[], user = ALICE, headers: Record<string, string> = {}) {
      const res = await h.queryData(queryRequest(pluginContext(url, user), queries, headers));
      answers.push(res);
      return res;
    }
    async function one(json: Record<string, unknown>, extra: Partial<DataQuery> = {}): Promise<DataResponse> {
      const res = await ask([dataQuery('A', json, range(), extra)]);
      assert.equal(res.A.status, 200, res.A.error);
      return res.A;
    }
    const column = (r: DataResponse, name: string, frame = 0) =>
      r.frames[frame].fields.find((x) => x.name === name)?.values ?? assert.fail(`no field ${name}`);

    before(async () => {
      t0 = Date.now();
      f = await startIsolationFixture(backend, {
        problems: { 0: 'privilege_violation' },
        env: {
          SWITCHYARD_DATASOURCE_TOKEN: DS_TOKEN,
          SWITCHYARD_APPROVAL_POLICY: 'none',
          SWITCHYARD_JOB_POLL_MS: '50',
          SWITCHYARD_ALERT_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
        },
      });
      await f.t.app.listen({ host: '127.0.0.1', port: 0 });
      url = `http://127.0.0.1:${(f.t.app.server.address() as AddressInfo).port}`;
      h = createSwitchyardHandlers(
        {},
        { log: (level, message, fields) => logs.push(JSON.stringify({ level, message, ...fields })) }
      );
      const ids = f.tenants.slice(0, 4).map((x) => x.id);
      for (const id of ids.slice(1)) {
        const r = await f.t.call('changeTenantStatus', { params: { id }, body: { to: 'active', reason: 'go live' } });
        assert.equal(r.statusCode, 200, r.body);
      }
      await f.t.call('changeTenantStatus', { params: { id: ids[2] }, body: { to: 'degraded', reason: 'errors seen' } });
      const labelled = await f.t.call('updateTenant', {
        params: { id: ids[0] },
        body: { labels: { tier: 'gold' } },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(labelled.statusCode, 200, labelled.body);
      assert.equal((await f.probe(ids[0])).statusCode, 200);
      assert.equal((await f.t.call('syncPlacement')).statusCode, 200);
      for (const id of [ids[1], ids[3]]) {
        const r = await f.t.call('createJob', {
          body: { type: 'tenant.suspend', params: { tenantId: id }, reason: 'data source test' },
          headers: { 'idempotency-key': idempotencyKey() },
        });
        assert.equal(r.statusCode, 201, r.body);
        jobIds.push(r.json().job.id);
      }
      for (const id of jobIds) {
        for (let i = 0; i < 200 && (await api('getJob', { params: { id } })).status !== 'succeeded'; i += 1) {
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      // The second job is recorded as failed (the platform refused), as the failed-job alert sees it.
      await f.t.database.db
        .updateTable('jobs' as never)
        .set({
          status: 'failed',
          error: JSON.stringify({ code: 'x', message: 'platform refused', remediation: 'retry', step: null }),
        } as never)
        .where('id' as never, '=', jobIds[1] as never)
        .execute();
      const hook = await f.t.app.inject({
        method: 'POST',
        url: '/api/v1/alerts/webhook',
        headers: { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': 'application/json' },
        payload: JSON.stringify({
          version: '4',
          groupKey: 'g',
          status: 'firing',
          receiver: 'switchyard',
          alerts: [
            {
              status: 'firing',
              labels: { alertname: 'TenantHigh5xxRatio', tenant_id: ids[0], severity: 'critical' },
              annotations: { summary: '5xx above 5%' },
              startsAt: new Date(t0).toISOString(),
              fingerprint: 'abc123',
            },
          ],
        }),
      });
      assert.equal(hook.statusCode, 200, hook.body);
    });
    after(async () => {
      const everything = JSON.stringify(answers) + logs.join('\n');
      await f?.close();
      assert.ok(!everything.includes(DS_TOKEN), 'the credential never appears in frames, errors or logs');
    });

    test('tenants: the table is the tenants API (filters included)', async () => {
      const all = await api('listTenants', { query: { limit: 200, sort: 'id' } });
      assert.deepEqual(
        column(await one({ queryType: 'tenants' }), 'id'),
        all.items.map((x: { id: string }) => x.id)
      );
      const degraded = await one({ queryType: 'tenants', status: ['degraded'] });
      assert.deepEqual(column(degraded, 'id'), [f.tenants[2].id]);
      assert.equal(column(await one({ queryType: 'tenants', limit: 3 }), 'id').length, 3);
      const labelled = await api('listTenants', { query: { limit: 200, sort: 'id', label: 'tier' } });
      assert.deepEqual(
        column(await one({ queryType: 'tenants', label: 'tier' }), 'id'),
        labelled.items.map((x: { id: string }) => x.id)
      );
      assert.deepEqual(
        labelled.items.map((x: { id: string }) => x.id),
        [f.tenants[0].id]
      );
    });

    test("tenantCounts: numeric by status and plan equal the API; the series ends at today's counts", async () => {
      const overview = await api('getTenantCounts');
      const byStatus = await one({ queryType: 'tenantCounts', groupBy: 'status' });
      for (const fr of byStatus.frames) {
        const field = fr.fields[0];
        assert.equal(field.values[0], overview.byStatus[field.labels!.status], field.labels!.status);
      }
      const all = (await api('listTenants', { query: { limit: 200 } })).items as Array<{ plan: string }>;
      const byPlan = await one({ queryType: 'tenantCounts', groupBy: 'plan' });
      for (const fr of byPlan.frames) {
        const field = fr.fields[0];
        assert.equal(field.values[0], all.filter((x) => x.plan === field.labels!.plan).length);
      }
      const series = await one({ queryType: 'tenantCounts', format: 'timeseries', bucket: '5s' });
      const [frame] = series.frames;
      assert.equal(frame.fields[0].type, 'time');
      for (const field of frame.fields.slice(1)) {
        assert.equal(field.values[0], 0, 'nothing existed a minute before the tenants were created');
        assert.equal(field.values.at(-1), overview.byStatus[field.labels!.status], field.labels!.status);
      }
    });

    test('isolation: counts per verdict equal the API; the violating tenant is its own series', async () => {
      // Unprobed tenants may be probed meanwhile: compare with the API only when it was stable around the query.
      let compared = false;
      for (let attempt = 0; attempt < 20 && !compared; attempt += 1) {
        const before = (await api('listIsolation', { query: { limit: 1 } })).counts;
        const counts = await one({ queryType: 'isolation' });
        const after = (await api('listIsolation', { query: { limit: 1 } })).counts;
        if (JSON.stringify(before) !== JSON.stringify(after)) {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        for (const fr of counts.frames) assert.equal(fr.fields[0].values[0], after[fr.fields[0].labels!.verdict]);
        assert.ok(after.violation >= 1);
        compared = true;
      }
      assert.ok(compared, 'the isolation counts settled');
      const violations = await one({ queryType: 'isolation', format: 'violations' });
      assert.ok(violations.frames.some((fr) => fr.fields[0].labels?.tenant_id === f.tenants[0].id));
      assert.equal(violations.frames[0].meta?.type, 'numeric-multi');
    });

    test('jobs: table, counts, series, durations and annotations agree with the jobs API', async () => {
      const table = await one({ queryType: 'jobs' });
      assert.deepEqual(new Set(column(table, 'id')), new Set(jobIds));
      const counts = await one({ queryType: 'jobs', format: 'counts', groupBy: 'status' });
      const byStatus = Object.fromEntries(
        counts.frames.map((fr) => [fr.fields[0].labels!.status, fr.fields[0].values[0]])
      );
      assert.deepEqual(byStatus, { failed: 1, succeeded: 1 });
      const env = f.tenants[3].env;
      const failedHere = await one({
        queryType: 'jobs',
        format: 'counts',
        status: ['failed'],
        environment: [env],
        groupBy: 'environment',
      });
      assert.deepEqual(
        failedHere.frames.map((fr) => fr.fields[0].values[0]),
        [1]
      );
      const series = await one({ queryType: 'jobs', format: 'timeseries', groupBy: 'type', bucket: '10s' });
      const total = series.frames[0].fields
        .slice(1)
        .flatMap((x) => x.values as number[])
        .reduce((a, b) => a + b, 0);
      assert.equal(total, 2);
      const durations = await one({ queryType: 'jobs', format: 'durations' });
      assert.equal(column(durations, 'duration').length, 2);
      const notes = await one({ queryType: 'jobAnnotations' });
      assert.equal(column(notes, 'time').length, 2);
      assert.ok((column(notes, 'text') as string[]).every((x) => /\/operations\/jobs\/[0-9a-f-]{36}"/.test(x)));
    });

    test('placement, alerts, audit and variables', async () => {
      const shards = await api('listShards', { query: { limit: 200 } });
      const table = await one({ queryType: 'placement' });
      assert.deepEqual(
        column(table, 'shard'),
        shards.items.map((s: { id: string }) => s.id)
      );
      assert.deepEqual(
        column(table, 'tenants'),
        shards.items.map((s: { tenants: number }) => s.tenants)
      );
      const numeric = await one({ queryType: 'placement', format: 'numeric', metric: 'tenants' });
      assert.equal(numeric.frames.length, shards.items.length);
      const alerts = await one({ queryType: 'alerts' });
      assert.deepEqual(column(alerts, 'alertname'), ['TenantHigh5xxRatio']);
      const audit = await one({ queryType: 'audit', limit: 5 });
      const seqs = column(audit, 'seq') as number[];
      const newest = (await api('listAudit', { query: { limit: 5 } })).items.map((e: { seq: number }) => e.seq);
      assert.deepEqual(seqs, newest);
      assert.deepEqual(
        [...seqs].sort((a, b) => b - a),
        seqs,
        'newest first'
      );
      const tenants = await one({ queryType: 'variable', target: 'tenant' });
      assert.equal(column(tenants, 'value').length, 10);
      const shardVar = await one({ queryType: 'variable', target: 'shard' });
      assert.deepEqual(
        column(shardVar, 'value'),
        shards.items.map((s: { id: string }) => s.id)
      );
    });

    test('bad queries are answered per refId while the others succeed; alert evaluation works without a user', async () => {
      const res = await ask(
        [
          dataQuery('A', { queryType: 'isolation', format: 'violations' }, range()),
          dataQuery('B', { queryType: 'tenantz' }, range()),
          dataQuery('C', { queryType: 'jobs', status: ['lost'] }, range()),
          dataQuery(
            'D',
            { queryType: 'tenantCounts', format: 'timeseries', bucket: '1s' },
            { fromMs: 0, toMs: Date.now() }
          ),
        ],
        undefined as never,
        { FromAlert: 'true' }
      );
      assert.equal(res.A.status, 200, res.A.error);
      assert.ok(res.A.frames.length >= 1);
      for (const ref of ['B', 'C', 'D']) {
        assert.equal(res[ref].status, 400, ref);
        assert.equal(res[ref].errorSource, 'plugin');
      }
      assert.match(res.D.error ?? '', /widen the interval/);
    });

    test('a forged forwarded ID token is refused by the sidecar; a valid one is accepted', async () => {
      const forged = await ask([dataQuery('A', { queryType: 'tenants' }, range())], ALICE, {
        'http_X-Grafana-Id': await f.t.idp.mint({ forged: true }),
      });
      assert.equal(forged.A.status, 502);
      assert.match(forged.A.error ?? '', /did not accept the Grafana ID token/);
      const valid = await ask([dataQuery('A', { queryType: 'tenants' }, range())], ALICE, {
        'http_X-Grafana-Id': await f.t.idp.mint(),
      });
      assert.equal(valid.A.status, 200);
    });

    test('health: OK with the credential; clear errors for a wrong token and an unreachable sidecar', async () => {
      const ok = await h.checkHealth({ pluginContext: pluginContext(url, ALICE), headers: {} });
      assert.deepEqual([ok.status, ok.message], ['OK', `Connected to Switchyard sidecar ${url} as data source`]);
      const wrong = await h.checkHealth({ pluginContext: pluginContext(url, ALICE, `${DS_TOKEN}-wrong`), headers: {} });
      assert.equal(wrong.status, 'ERROR');
      assert.match(wrong.message, /set the same token as SWITCHYARD_DATASOURCE_TOKEN/);
      assert.ok(!wrong.message.includes(DS_TOKEN));
      const down = await h.checkHealth({ pluginContext: pluginContext('http://127.0.0.1:9', ALICE), headers: {} });
      assert.equal(down.status, 'ERROR');
      assert.match(down.message, /Switchyard sidecar at http:\/\/127.0.0.1:9 is unreachable/);
      answers.push(ok, wrong, down);
    });
  });
}
