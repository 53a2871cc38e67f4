/**
 * Acknowledge, silence and un-silence alerts on the real composition root (SQLite and PostgreSQL)
 * against a real Alertmanager: silences are created in Alertmanager with the alert's labels as
 * matchers, listed back on the alert, audited, idempotent; the inbox degrades to `unavailable` when
 * Alertmanager cannot be read and to `off` when it is not configured.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AlertPageSchema, AlertSchema, type AlertPage } from '../../../contract';
import { startAlertmanager, type AlertmanagerProcess } from '../../testing/alertmanagerProcess';
import { BACKENDS, idempotencyKey, startTestApp, type TestApp } from '../../testing/testApp';

const TOKEN = 'alertmanager-webhook-token-0123456789';

function delivery(alerts: Array<{ fp: string; status?: 'firing' | 'resolved'; startsAt: string; labels?: object }>) {
  return {
    version: '4',
    groupKey: '{}:{}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'switchyard',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://am',
    alerts: alerts.map((a) => ({
      status: a.status ?? 'firing',
      labels: { alertname: 'TenantHigh5xxRatio', tenant_id: a.fp, env: 'prod', severity: 'critical', ...a.labels },
      annotations: { summary: '5xx ratio above 5%' },
      startsAt: a.startsAt,
      endsAt: a.status === 'resolved' ? a.startsAt : '0001-01-01T00:00:00Z',
      generatorURL: 'http://vmalert/rule',
      fingerprint: a.fp,
    })),
  };
}

for (const backend of BACKENDS) {
  describe(`alert acknowledgements and silences (${backend})`, () => {
    let am: AlertmanagerProcess;
    let t: TestApp;
    let off: TestApp;
    let startsAt = '';
    before(async () => {
      am = await startAlertmanager();
      t = await startTestApp(backend, {
        SWITCHYARD_ALERT_WEBHOOK_TOKEN: TOKEN,
        SWITCHYARD_ALERTMANAGER_URL: am.url,
        SWITCHYARD_OUTBOUND_HOSTS: new URL(am.url).host,
        SWITCHYARD_ALERTMANAGER_TIMEOUT_MS: '1500',
      });
      off = await startTestApp(backend, { SWITCHYARD_ALERT_WEBHOOK_TOKEN: TOKEN });
      startsAt = new Date(t.clock.now().getTime() - 600_000).toISOString();
      for (const app of [t, off]) {
        const res = await app.app.inject({
          method: 'POST',
          url: '/api/v1/alerts/webhook',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          payload: JSON.stringify(
            delivery([
              { fp: 'a1', startsAt },
              { fp: 'a2', startsAt },
              { fp: 'r1', startsAt, status: 'resolved' },
            ])
          ),
        });
        assert.equal(res.statusCode, 200, res.body);
      }
    });
    after(async () => {
      await t?.close();
      await off?.close();
      await am?.stop();
    });

    async function list(app: TestApp = t): Promise<AlertPage> {
      const res = await app.call('listAlerts');
      assert.equal(res.statusCode, 200, res.body);
      return AlertPageSchema.parse(res.json());
    }
    const byFp = (p: AlertPage, fp: string) => p.items.find((a) => a.fingerprint === fp);
    const silence = (body: Record<string, unknown>, key = idempotencyKey(), app: TestApp = t) =>
      app.call('createAlertSilence', { body, headers: { 'idempotency-key': key } });
    const amSilences = async () =>
      (
        (await (await fetch(`${am.url}/api/v2/silences`)).json()) as Array<{ id: string; status: { state: string } }>
      ).filter((s) => s.status.state !== 'expired');

    test('silence one alert in Alertmanager, see it on the alert, replay the key, lift it', async () => {
      const before = await list();
      assert.equal(before.silences, 'ok');
      assert.equal(byFp(before, 'a1')?.silence, null);

      const key = idempotencyKey();
      const res = await silence({ fingerprint: 'a1', durationMinutes: 90, reason: 'known, fix rolling out' }, key);
      assert.equal(res.statusCode, 201, res.body);
      const alert = AlertSchema.parse(res.json());
      assert.ok(alert.silence);
      assert.equal(alert.silence.createdBy, 'alice');
      const wanted = t.clock.now().getTime() + 90 * 60_000;
      assert.ok(Math.abs(Date.parse(alert.silence.endsAt) - wanted) < 60_000, 'ends after the duration asked for');
      const inAm = (await (await fetch(`${am.url}/api/v2/silence/${alert.silence.id}`)).json()) as {
        matchers: Array<{ name: string; value: string; isRegex: boolean }>;
        comment: string;
      };
      assert.deepEqual(
        Object.fromEntries(inAm.matchers.map((m) => [m.name, m.value])),
        alert.labels,
        'matchers are exactly the alert labels'
      );
      assert.ok(inAm.matchers.every((m) => !m.isRegex));
      assert.match(inAm.comment, /known, fix rolling out/);

      const replay = await silence({ fingerprint: 'a1', durationMinutes: 90, reason: 'known, fix rolling out' }, key);
      assert.equal(replay.statusCode, 201);
      assert.equal(replay.json().silence.id, alert.silence.id);
      assert.equal((await amSilences()).length, 1, 'one silence in Alertmanager after a replay');

      const listed = await list();
      assert.equal(byFp(listed, 'a1')?.silence?.id, alert.silence.id);
      assert.equal(byFp(listed, 'a2')?.silence, null, 'other label sets are not silenced');

      const expire = await t.call('expireAlertSilence', {
        params: { id: alert.silence.id },
        body: { reason: 'fix deployed' },
      });
      assert.equal(expire.statusCode, 200, expire.body);
      assert.equal(expire.json().state, 'expired');
      assert.equal(byFp(await list(), 'a1')?.silence, null);
      const again = await t.call('expireAlertSilence', {
        params: { id: alert.silence.id },
        body: { reason: 'fix deployed' },
      });
      assert.equal(again.statusCode, 409, again.body);
      const unknown = await t.call('expireAlertSilence', {
        params: { id: '00000000-0000-4000-8000-000000000123' },
        body: { reason: 'nothing' },
      });
      assert.equal(unknown.statusCode, 404, unknown.body);

      const audit = await t.call('listAudit', { query: { targetType: 'alert', targetId: 'a1', limit: 10 } });
      assert.deepEqual(
        (audit.json().items as Array<{ action: string }>).map((e) => e.action),
        ['alert.silence'],
        'one audit entry for the silence (the replay added none)'
      );
    });

    test('refusals name the field or the reason', async () => {
      const short = await silence({ fingerprint: 'a1', durationMinutes: 1, reason: 'too short' });
      assert.equal(short.statusCode, 400);
      assert.equal(short.json().field, 'durationMinutes');
      const noReason = await silence({ fingerprint: 'a1', durationMinutes: 30 });
      assert.equal(noReason.json().field, 'reason');
      assert.equal((await silence({ fingerprint: 'zz9', durationMinutes: 30, reason: 'what' })).statusCode, 404);
      const resolved = await silence({ fingerprint: 'r1', durationMinutes: 30, reason: 'resolved one' });
      assert.equal(resolved.statusCode, 409);
      assert.match(resolved.json().message, /resolved/);
    });

    test('acknowledge the current firing episode once; a new episode needs a new acknowledgement', async () => {
      const ack = await t.call('acknowledgeAlert', { body: { fingerprint: 'a2', reason: 'on it' } });
      assert.equal(ack.statusCode, 200, ack.body);
      assert.equal(ack.json().acknowledgement.by, 'alice');
      assert.equal(ack.json().acknowledgement.reason, 'on it');
      const twice = await t.call('acknowledgeAlert', { body: { fingerprint: 'a2' } });
      assert.equal(twice.statusCode, 409);
      assert.match(twice.json().message, /already acknowledged by alice/);
      assert.equal(byFp(await list(), 'a2')?.acknowledgement?.by, 'alice');

      const later = new Date(Date.parse(startsAt) + 300_000).toISOString();
      const refire = await t.app.inject({
        method: 'POST',
        url: '/api/v1/alerts/webhook',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        payload: JSON.stringify(delivery([{ fp: 'a2', startsAt: later }])),
      });
      assert.equal(refire.statusCode, 200, refire.body);
      assert.equal(byFp(await list(), 'a2')?.acknowledgement, null);
    });

    test('without Alertmanager configured silences are off; when it is down they are unavailable', async () => {
      const page = await list(off);
      assert.equal(page.silences, 'off');
      const refused = await silence({ fingerprint: 'a1', durationMinutes: 30, reason: 'no am' }, idempotencyKey(), off);
      assert.equal(refused.statusCode, 503);
      assert.match(refused.json().message, /SWITCHYARD_ALERTMANAGER_URL/);

      await am.stop();
      const down = await list();
      assert.equal(down.silences, 'unavailable');
      assert.ok(down.items.length >= 3, 'the inbox still lists alerts');
      const failed = await silence({ fingerprint: 'a1', durationMinutes: 30, reason: 'am down' });
      assert.equal(failed.statusCode, 503, failed.body);
      assert.match(failed.json().message, /Alertmanager/);
    });
  });
}
