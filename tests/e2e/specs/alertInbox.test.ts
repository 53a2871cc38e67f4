/**
 * The alert inbox closes the loop from the page, against the stack's real Alertmanager: a rule of
 * alerts/*.rules.yaml fires for one tenant (posted to Alertmanager's v2 API as vmalert does), Alertmanager
 * delivers it to the sidecar's webhook, the inbox shows it with its columns (rule and dashboard panel
 * links); a viewer cannot act on it (buttons disabled with the role they need); the operator acknowledges
 * it and silences it for a chosen duration with a reason; the silence exists in Alertmanager (its API
 * says so, and Alertmanager suppresses the alert), the inbox shows it silenced after a reload, and both
 * changes are in the audit trail with the operator and the reason.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import type { Page } from 'playwright-core';
import { APP, e2eEnv, open } from '../lib/env';
import { amAlerts, amSilence, firingRule, postAlerts, type AmAlert } from '../lib/alerting';
import { simState } from '../lib/platform';
import { proxyApi } from '../lib/seed';
import { assertClean, describeLines } from '../lib/spec';
import { testIds } from '../../../src/shared/testIds';
import { alertPanelUrl } from '../../../src/shared/alertPanels';
import { AlertPageSchema, type Alert } from '../../../src/contract';

const ALERTNAME = 'TenantHigh5xxRatio';
const FOUR_HOURS_MIN = 240;

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describeLines('alert inbox', (ctx) => {
  const amUrl = e2eEnv().alertmanagerUrl;
  let labels: Record<string, string> = {};
  let fingerprint = '';
  let generatorUrl = '';

  const row = (page: Page) =>
    page.locator(`[data-testid="${testIds.operations.alertRow}"][data-fingerprint="${fingerprint}"]`);
  async function inboxAlert(): Promise<Alert | undefined> {
    const res = await proxyApi(ctx.url).call('GET', '/api/v1/alerts?limit=100');
    assert.equal(res.status, 200, JSON.stringify(res.json));
    return AlertPageSchema.parse(res.json).items.find((a) => a.fingerprint === fingerprint);
  }

  it('a rule fires in Alertmanager and reaches the inbox through its webhook', async () => {
    assert.ok(amUrl, 'the e2e stack runs Alertmanager (Debian prometheus-alertmanager; scripts/ci/ensure-system.sh)');
    assert.ok(ctx.platformUrl, 'the alert names a tenant of the simulated platform');
    // One prod tenant per line, so each line's alert (and silence) is its own.
    const prod = (await simState(ctx.platformUrl)).tenants.filter((t) => t.environment === 'prod');
    const tenant = prod[ctx.line === 'grafana-12' ? 0 : 1]!;
    const alert = firingRule(
      ALERTNAME,
      { env: 'prod', service: 'gateway', tenant_id: tenant.id },
      0.18,
      new Date(Date.now() - 10 * 60_000)
    );
    labels = alert.labels;
    generatorUrl = alert.generatorURL;
    await postAlerts(amUrl, [alert]);
    const [inAm] = await until('Alertmanager lists the posted alert', 15_000, async () => {
      const found = await amAlerts(amUrl, labels);
      return found.length ? found : undefined;
    });
    fingerprint = inAm.fingerprint;
    // group_wait 1 s: Alertmanager's first delivery to the sidecar follows within seconds.
    const received = await until('the sidecar received the alert from Alertmanager', 30_000, inboxAlert);
    assert.equal(received.status, 'firing');
    assert.equal(received.tenantId, tenant.id);
    assert.equal(received.environment, 'prod');
    assert.equal(received.severity, 'critical');
    assert.equal(received.generatorUrl, generatorUrl);
    assert.match(received.summary ?? '', new RegExp(`Tenant ${tenant.id} \\(prod\\) gets 18\\.0% 5xx`));
    assert.equal(received.silence, null);
    assert.equal(received.acknowledgement, null);
  });

  it('a viewer sees the alert with its links but cannot acknowledge or silence it', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/operations`, 'viewer');
    const r = row(t.page);
    await r.waitFor();
    assert.equal(await r.getAttribute('data-status'), 'firing');
    const text = (await r.textContent()) ?? '';
    assert.match(text, new RegExp(ALERTNAME));
    assert.match(text, /\(critical\)/);
    assert.match(text, new RegExp(`tenant ${labels.tenant_id} · service gateway · prod`));
    assert.equal(await r.getByTestId(testIds.operations.alertState).textContent(), 'Open');
    assert.equal(await r.getByTestId(testIds.operations.alertRuleLink).getAttribute('href'), generatorUrl);
    const panel = await r.getByTestId(testIds.operations.alertPanelLink).getAttribute('href');
    const alert = await inboxAlert();
    assert.equal(panel, alertPanelUrl(alert!));
    assert.match(panel ?? '', new RegExp(`^/d/switchyard-http\\?var-tenant=${labels.tenant_id}&.*viewPanel=panel-5$`));
    for (const id of [testIds.operations.alertAcknowledge, testIds.operations.alertSilence]) {
      const button = r.getByTestId(id);
      assert.equal(await button.isDisabled(), true, `${id} is disabled for a viewer`);
    }
    const reasons = await r.getByTestId(testIds.permissionReason).allTextContents();
    assert.equal(reasons.length, 2);
    for (const reason of reasons) assert.match(reason, /Switchyard Operator role .*operations:execute/);
    await ctx.shot(t, 'alert-inbox-viewer');
    assertClean(t);
    await t.page.close();
  });

  it("the hub's environment filter narrows the alert inbox: the prod alert shows under prod, not under dev", async () => {
    const t = await ctx.page();
    const rowEnvironments = () =>
      t.page
        .getByTestId(testIds.operations.alertRow)
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-environment')));
    let requests: string[] = [];
    t.page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.endsWith('/api/v1/alerts')) requests.push(url.searchParams.get('environment') ?? '');
    });
    await open(t.page, ctx.url, `${APP}/operations?environment=dev`, 'viewer');
    const inbox = t.page.getByTestId(testIds.operations.alerts);
    await inbox.getByTestId(testIds.operations.alertsEnvironments).getByText('Environments: dev').waitFor();
    // Loaded: the empty inbox of dev, or its rows.
    await inbox.getByText('No alerts in dev.').or(inbox.getByTestId(testIds.operations.alertRow).first()).waitFor();
    assert.equal(await row(t.page).count(), 0, 'the prod alert is not in the dev inbox');
    for (const env of await rowEnvironments()) assert.equal(env, 'dev');
    assert.deepEqual([...new Set(requests)], ['dev'], 'every inbox request carried the filter');
    await ctx.shot(t, 'alert-inbox-filtered-dev');

    requests = [];
    await open(t.page, ctx.url, `${APP}/operations?environment=prod`, 'viewer');
    await inbox.getByTestId(testIds.operations.alertsEnvironments).getByText('Environments: prod').waitFor();
    await row(t.page).waitFor();
    for (const env of await rowEnvironments()) assert.equal(env, 'prod');
    assert.deepEqual([...new Set(requests)], ['prod']);
    assertClean(t);
    await t.page.close();
  });

  it('the operator acknowledges the alert, then silences it for 4 h with a reason; Alertmanager holds the silence', async () => {
    const reason = `Known 5xx spike on ${labels.tenant_id}, fix rolling out (${ctx.line})`;
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/operations`, 'editor');
    const r = row(t.page);
    await r.waitFor();

    await r.getByTestId(testIds.operations.alertAcknowledge).click();
    await r.getByTestId(testIds.operations.alertState).getByText('Acknowledged by editor').waitFor();
    await r.getByTestId(testIds.operations.alertAcknowledge).waitFor({ state: 'detached' });

    await r.getByTestId(testIds.operations.alertSilence).click();
    const dialog = t.page.getByTestId(testIds.reasonModal.dialog);
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: '4 h', exact: true }).check();
    await dialog.getByTestId(testIds.reasonModal.input).fill(reason);
    await ctx.shot(t, 'alert-silence-dialog');
    await dialog.getByTestId(testIds.reasonModal.submit).click();
    await dialog.waitFor({ state: 'detached' });
    await r
      .getByTestId(testIds.operations.alertState)
      .getByText(/Silenced until/)
      .waitFor();
    await r.getByTestId(testIds.operations.alertUnsilence).waitFor();

    // Alertmanager: one active silence by the operator, with the reason, for 4 h, matching exactly the
    // alert's labels; and Alertmanager itself now suppresses the alert because of it.
    const suppressed = await until('Alertmanager suppresses the silenced alert', 15_000, async () => {
      const [a] = await amAlerts(amUrl!, labels);
      return a?.status.state === 'suppressed' ? a : undefined;
    });
    const silenceIds = (suppressed as AmAlert).status.silencedBy;
    assert.equal(silenceIds.length, 1, JSON.stringify(suppressed.status));
    const silence = await amSilence(amUrl!, silenceIds[0]);
    assert.equal(silence.status.state, 'active');
    assert.equal(silence.createdBy, 'editor');
    assert.ok(silence.comment.includes(reason), silence.comment);
    const minutes = (Date.parse(silence.endsAt) - Date.parse(silence.startsAt)) / 60_000;
    assert.ok(Math.abs(minutes - FOUR_HOURS_MIN) < 1, `silence lasts ${minutes} min`);
    assert.deepEqual(
      Object.fromEntries(
        silence.matchers.filter((m) => !m.isRegex && m.isEqual !== false).map((m) => [m.name, m.value])
      ),
      labels
    );
    assert.equal(silence.matchers.length, Object.keys(labels).length);

    // A fresh load reads the silence back from Alertmanager and the acknowledgement from the audit.
    await t.page.reload();
    await t.page.waitForFunction(() => (window as unknown as { __hostReady?: boolean }).__hostReady === true);
    await r.waitFor();
    const state = r.getByTestId(testIds.operations.alertState);
    await state.getByText(/Silenced until/).waitFor();
    await state.getByText('Acknowledged by editor').waitFor();
    assert.match((await state.textContent()) ?? '', /by editor/);
    const alert = await inboxAlert();
    assert.equal(alert?.silence?.id, silence.id);
    assert.equal(alert?.acknowledgement?.by, 'editor');
    await ctx.shot(t, 'alert-inbox-silenced');
    assertClean(t);
    await t.page.close();

    // The audit trail: both changes, by the operator, the silence with its reason, found on the Audit page
    // (the Auditor's: the operator reads activity, not the whole trail).
    const a = await ctx.page();
    await open(a.page, ctx.url, `${APP}/audit?q=${fingerprint}`, 'auditor');
    const entries = a.page.getByTestId(testIds.audit.row);
    await a.page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-row"]').length === 2, undefined, {
      timeout: 30_000,
    });
    const actions = (await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).sort();
    assert.deepEqual(actions, ['alert.acknowledge', 'alert.silence']);
    for (const outcome of await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-outcome'))))
      assert.equal(outcome, 'success');
    const silenceRow = entries.filter({ has: a.page.locator('code', { hasText: /^alert\.silence$/ }) });
    const silenceText = (await silenceRow.textContent()) ?? '';
    assert.ok(silenceText.includes(reason), silenceText);
    assert.match(silenceText, /editor/);
    assert.match(
      (await entries.filter({ has: a.page.locator('code', { hasText: /^alert\.acknowledge$/ }) }).textContent()) ?? '',
      /editor/
    );
    await ctx.shot(a, 'alert-audit');
    assertClean(a);
    await a.page.close();
  });

  it('the viewer sees the alert silenced and acknowledged, and cannot lift the silence', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/operations`, 'viewer');
    const r = row(t.page);
    await r.waitFor();
    const state = r.getByTestId(testIds.operations.alertState);
    await state.getByText(/Silenced until/).waitFor();
    await state.getByText('Acknowledged by editor').waitFor();
    assert.equal(await r.getByTestId(testIds.operations.alertUnsilence).isDisabled(), true);
    assert.equal(await r.getByTestId(testIds.operations.alertSilence).count(), 0);
    // The sidecar refuses it too (the page only explains).
    const res = await proxyApi(ctx.url, 'viewer').call(
      'POST',
      '/api/v1/alert-silences',
      { fingerprint, durationMinutes: 60, reason: 'viewer tries' },
      { 'idempotency-key': randomUUID() }
    );
    assert.equal(res.status, 403, JSON.stringify(res.json));
    assertClean(t);
    await t.page.close();
  });
});
