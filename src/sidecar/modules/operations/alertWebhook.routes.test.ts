/**
 * The Alertmanager webhook (direct, bearer token) and the inbox listing (through the proxy auth),
 * on the real composition root and both stores.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AlertPageSchema, type AlertPage } from '../../../contract';
import { BACKENDS, startTestApp, type TestApp } from '../../testing/testApp';

const TOKEN = 'alertmanager-webhook-token-0123456789';
const PATH = '/api/v1/alerts/webhook';

const HOUR_MS = 3_600_000;
/** Fixture times are relative to `base`: the start of the UTC hour two days before the app's clock. */
let base = 0;
const iso = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
const withNanos = (isoMs: string) => isoMs.replace(/\.\d{3}Z$/, '.123456789Z');
const asStored = (isoMs: string) => isoMs.replace(/\.\d{3}Z$/, '.123Z');

let fp = 0;
function amAlert(
  over: {
    status?: 'firing' | 'resolved';
    labels?: Record<string, string>;
    startsAt?: string;
    endsAt?: string;
    fingerprint?: string;
  } = {}
) {
  fp += 1;
  return {
    status: over.status ?? 'firing',
    labels: {
      alertname: 'TenantHigh5xxRatio',
      tenant_id: 'acme-001',
      env: 'prod',
      service: 'gateway',
      severity: 'critical',
      ...over.labels,
    },
    annotations: { summary: '5xx ratio above 5%', runbook_url: 'https://runbooks.example/5xx' },
    startsAt: over.startsAt ?? withNanos(iso(0)),
    endsAt: over.endsAt ?? '0001-01-01T00:00:00Z',
    generatorURL: 'http://vmalert/rule',
    fingerprint: over.fingerprint ?? `f${fp.toString(16).padStart(15, '0')}`,
  };
}
function payload(alerts: unknown[], status = 'firing') {
  return {
    version: '4',
    groupKey: '{}:{alertname="x"}',
    truncatedAlerts: 0,
    status,
    receiver: 'switchyard',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://am',
    alerts,
  };
}

for (const backend of BACKENDS) {
  describe(`alert webhook and inbox (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend, { SWITCHYARD_ALERT_WEBHOOK_TOKEN: TOKEN });
      base = Math.floor(t.clock.now().getTime() / HOUR_MS) * HOUR_MS - 48 * HOUR_MS;
    });
    after(() => t?.close());

    const post = (body: unknown, auth: string | null = `Bearer ${TOKEN}`) =>
      t.app.inject({
        method: 'POST',
        url: PATH,
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        payload: JSON.stringify(body),
      });
    async function list(query: Record<string, string | number> = {}): Promise<AlertPage> {
      const res = await t.call('listAlerts', { query });
      assert.equal(res.statusCode, 200, res.body);
      return AlertPageSchema.parse(res.json());
    }

    test('no, wrong or malformed bearer token → 401 and nothing stored', async () => {
      for (const auth of [
        null,
        `Bearer ${TOKEN}x`,
        `Bearer ${TOKEN.slice(0, -1)}`,
        TOKEN,
        `Basic ${TOKEN}`,
        'Bearer ',
        // A second credential after a correct one (two headers arrive joined by a comma).
        `Bearer ${TOKEN}, Bearer ${TOKEN}`,
        `Bearer ${TOKEN}, Bearer other`,
      ]) {
        const res = await post(payload([amAlert({ fingerprint: 'deadbeefdeadbeef' })]), auth);
        assert.equal(res.statusCode, 401, String(auth));
        assert.equal(res.json().code, 'unauthenticated');
        assert.match(String(res.headers['www-authenticate']), /^Bearer/);
      }
      assert.equal((await list()).items.filter((a) => a.fingerprint === 'deadbeefdeadbeef').length, 0);
    });

    test('two Authorization headers, the first one right, are refused', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: PATH,
        headers: {
          'content-type': 'application/json',
          authorization: [`Bearer ${TOKEN}`, 'Bearer injected'],
        } as unknown as Record<string, string>,
        payload: JSON.stringify(payload([amAlert({ fingerprint: 'feedfacefeedface' })])),
      });
      assert.equal(res.statusCode, 401);
      assert.equal((await list()).items.filter((a) => a.fingerprint === 'feedfacefeedface').length, 0);
    });

    test('hostile text in an alert (NUL, bidi override) is refused naming the field, nothing stored', async () => {
      const res = await post(
        payload([amAlert({ fingerprint: 'badc0ffeebadc0ff', labels: { alertname: 'X\u202eY' } })])
      );
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.json().field, /^body\.alerts\.0\.labels/);
      assert.equal((await list()).items.filter((a) => a.fingerprint === 'badc0ffeebadc0ff').length, 0);
    });

    test('the proxy secret does not open the webhook (it is not a proxied endpoint)', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: PATH,
        headers: { 'content-type': 'application/json', 'x-switchyard-proxy-secret': t.config.proxySecret },
        payload: JSON.stringify(payload([amAlert()])),
      });
      assert.equal(res.statusCode, 401);
    });

    test('invalid payloads → 400 naming the field', async () => {
      const cases: Array<[unknown, string]> = [
        [{ ...payload([amAlert()]), version: '3' }, 'version'],
        [payload([]), 'alerts'],
        [payload([{ ...amAlert(), fingerprint: 'bad fp!' }]), 'alerts.0.fingerprint'],
        [payload([{ ...amAlert(), startsAt: 'yesterday' }]), 'alerts.0.startsAt'],
        [payload([{ ...amAlert(), status: 'pending' }]), 'alerts.0.status'],
      ];
      for (const [body, field] of cases) {
        const res = await post(body);
        assert.equal(res.statusCode, 400, field);
        assert.equal(res.json().field, field);
      }
    });

    test('times that do not exist are 400 naming the field; offsets, nanoseconds and the unset endsAt still pass', async () => {
      const day = iso(0).slice(0, 10);
      const year = day.slice(0, 4);
      const impossible: Array<[Record<string, unknown>, string]> = [
        [{ startsAt: '9999-99-99T99:99:99Z' }, 'alerts.0.startsAt'],
        [{ startsAt: `${iso(0).slice(0, 19)}+99:99` }, 'alerts.0.startsAt'],
        [{ startsAt: `${year}-02-30T00:00:00Z` }, 'alerts.0.startsAt'],
        [{ startsAt: '0000-00-00T00:00:00Z' }, 'alerts.0.startsAt'],
        [{ startsAt: `${day}T24:00:00Z` }, 'alerts.0.startsAt'],
        [{ status: 'resolved', endsAt: `${year}-13-01T00:00:00Z` }, 'alerts.0.endsAt'],
      ];
      for (const [over, field] of impossible) {
        const res = await post(payload([{ ...amAlert({ fingerprint: 'dead000000000001' }), ...over }]));
        assert.equal(res.statusCode, 400, `${JSON.stringify(over)}: ${res.body}`);
        assert.equal(res.json().field, field);
        assert.match(res.json().message, /time that exists/);
      }
      assert.equal((await list({ limit: 200 })).items.filter((a) => a.fingerprint === 'dead000000000001').length, 0);
      // What Alertmanager sends: local offsets, nanoseconds, 0001-01-01T00:00:00Z for "no end".
      const at = base + 90 * 60_000;
      const local = new Date(at + 330 * 60_000).toISOString().slice(0, 19);
      const res = await post(
        payload([
          amAlert({ fingerprint: 'dead000000000002', startsAt: `${local}.5+05:30`, endsAt: '0001-01-01T00:00:00Z' }),
        ])
      );
      assert.equal(res.statusCode, 200, res.body);
      const stored = (await list({ limit: 200 })).items.find((a) => a.fingerprint === 'dead000000000002');
      assert.deepEqual([stored?.startsAt, stored?.endsAt], [new Date(at + 500).toISOString(), null]);
    });

    test('stores firing alerts with labels mapped and a suggested action; listing needs operations:read', async () => {
      const a = amAlert({ fingerprint: 'aaaa000000000001' });
      const res = await post(payload([a]));
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { stored: 1, ignored: 0 });
      const stored = (await list({ tenant: 'acme-001' })).items.find((x) => x.fingerprint === a.fingerprint);
      assert.ok(stored);
      assert.equal(stored.status, 'firing');
      assert.equal(stored.startsAt, asStored(iso(0)));
      assert.equal(stored.endsAt, null);
      assert.deepEqual(
        [stored.tenantId, stored.service, stored.environment, stored.severity],
        ['acme-001', 'gateway', 'prod', 'critical']
      );
      assert.equal(stored.runbookUrl, 'https://runbooks.example/5xx');
      assert.equal(stored.suggestion?.path, '/a/switchyard-controlplane-app/tenants/acme-001');
      const denied = await t.call('listAlerts', {
        headers: { 'x-switchyard-granted-action': 'switchyard-controlplane-app.tenants:read' },
      });
      assert.equal(denied.statusCode, 403);
    });

    test('dedupes by fingerprint: redelivery updates, resolve resolves, a late firing retry does not re-open', async () => {
      const f = 'bbbb000000000001';
      await post(payload([amAlert({ fingerprint: f })]));
      await post(payload([amAlert({ fingerprint: f })]));
      const resolved = await post(
        payload([amAlert({ fingerprint: f, status: 'resolved', endsAt: iso(30) })], 'resolved')
      );
      assert.deepEqual(resolved.json(), { stored: 1, ignored: 0 });
      const late = await post(payload([amAlert({ fingerprint: f })]));
      assert.deepEqual(late.json(), { stored: 0, ignored: 1 }, 'the old firing delivery arrived after the resolution');
      let rows = (await list({ limit: 200 })).items.filter((x) => x.fingerprint === f);
      assert.equal(rows.length, 1);
      assert.equal(rows[0].status, 'resolved');
      assert.equal(rows[0].endsAt, iso(30));
      // A new episode (starts after the resolution) fires again.
      await post(payload([amAlert({ fingerprint: f, startsAt: iso(60) })]));
      rows = (await list({ limit: 200 })).items.filter((x) => x.fingerprint === f);
      assert.deepEqual([rows[0].status, rows[0].endsAt], ['firing', null]);
    });

    test('firing first (newest first), then resolved; status filter; keyset pages forward and back', async () => {
      const tenant = 'page-tenant';
      const firing = [1, 2, 3, 4, 5].map((i) =>
        amAlert({
          fingerprint: `cccc00000000000${i}`,
          labels: { tenant_id: tenant },
          startsAt: iso((i - 10) * 60),
        })
      );
      const res = [6, 7].map((i) =>
        amAlert({
          fingerprint: `cccc00000000000${i}`,
          status: 'resolved',
          labels: { tenant_id: tenant },
          startsAt: iso(-34 * 60),
          endsAt: iso((i - 34) * 60),
        })
      );
      await post(payload([...firing, ...res]));
      const all = (await list({ tenant, limit: 50 })).items.map((a) => a.fingerprint);
      assert.deepEqual(all, [
        'cccc000000000005',
        'cccc000000000004',
        'cccc000000000003',
        'cccc000000000002',
        'cccc000000000001',
        'cccc000000000007',
        'cccc000000000006',
      ]);
      const p1 = await list({ tenant, limit: 3 });
      assert.equal(p1.prevCursor, null);
      const p2 = await list({ tenant, limit: 3, cursor: p1.nextCursor as string });
      const p3 = await list({ tenant, limit: 3, cursor: p2.nextCursor as string });
      assert.deepEqual(
        [...p1.items, ...p2.items, ...p3.items].map((a) => a.fingerprint),
        all
      );
      assert.equal(p3.nextCursor, null);
      const back = await list({ tenant, limit: 3, cursor: p3.prevCursor as string });
      assert.deepEqual(
        back.items.map((a) => a.fingerprint),
        p2.items.map((a) => a.fingerprint)
      );
      const onlyResolved = await list({ tenant, status: 'resolved' });
      assert.deepEqual(
        onlyResolved.items.map((a) => a.fingerprint),
        ['cccc000000000007', 'cccc000000000006']
      );
      const wrongCursor = await t.call('listAlerts', {
        query: { tenant, status: 'firing', cursor: p1.nextCursor as string },
      });
      assert.equal(wrongCursor.statusCode, 400, 'a cursor is bound to its filters');
    });

    test('environment filter: one or several environments, pages bound to it; an unknown environment → 400', async () => {
      const tenant = 'env-tenant';
      const alerts = [
        amAlert({ fingerprint: 'dddd000000000001', labels: { tenant_id: tenant, env: 'dev' }, startsAt: iso(-60) }),
        amAlert({ fingerprint: 'dddd000000000002', labels: { tenant_id: tenant, env: 'staging' }, startsAt: iso(-50) }),
        amAlert({ fingerprint: 'dddd000000000003', labels: { tenant_id: tenant, env: 'prod' }, startsAt: iso(-40) }),
        amAlert({ fingerprint: 'dddd000000000004', labels: { tenant_id: tenant, env: 'prod' }, startsAt: iso(-30) }),
        // No environment label: matches no environment filter.
        amAlert({ fingerprint: 'dddd000000000005', labels: { tenant_id: tenant, env: '' }, startsAt: iso(-20) }),
      ];
      await post(payload(alerts));
      const fps = (p: AlertPage) => p.items.map((a) => a.fingerprint);
      const all = await list({ tenant, limit: 50 });
      assert.equal(all.items[0].environment, null);
      assert.deepEqual(fps(all), [
        'dddd000000000005',
        'dddd000000000004',
        'dddd000000000003',
        'dddd000000000002',
        'dddd000000000001',
      ]);
      const prod = await list({ tenant, environment: 'prod' });
      assert.deepEqual(fps(prod), ['dddd000000000004', 'dddd000000000003']);
      assert.ok(prod.items.every((a) => a.environment === 'prod'));
      assert.deepEqual(fps(await list({ tenant, environment: 'dev,staging' })), [
        'dddd000000000002',
        'dddd000000000001',
      ]);
      const first = await list({ tenant, environment: 'dev,prod', limit: 2 });
      assert.deepEqual(fps(first), ['dddd000000000004', 'dddd000000000003']);
      const second = await list({ tenant, environment: 'dev,prod', limit: 2, cursor: first.nextCursor as string });
      assert.deepEqual(fps(second), ['dddd000000000001']);
      assert.equal(second.nextCursor, null);
      const rebound = await t.call('listAlerts', {
        query: { tenant, environment: 'prod', limit: 2, cursor: first.nextCursor as string },
      });
      assert.equal(rebound.statusCode, 400, 'a cursor is bound to its environments');
      const unknown = await t.call('listAlerts', { query: { tenant, environment: 'qa' } });
      assert.equal(unknown.statusCode, 400, unknown.body);
      assert.equal(unknown.json().field, 'environment.0');
    });
  });
}

describe('alert webhook without a configured token', () => {
  test('is disabled: 404 even with a bearer token', async () => {
    const t = await startTestApp('sqlite');
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: PATH,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        payload: JSON.stringify(payload([amAlert()])),
      });
      assert.equal(res.statusCode, 404);
    } finally {
      await t.close();
    }
  });
});
