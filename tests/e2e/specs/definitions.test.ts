/**
 * Definitions page: an Operator (editor) uploads a bundle and promotes it dev → staging, then asks
 * for prod from the page; the promotion waits, the page says who may approve, the requester cannot;
 * an Approver (admin) approves from the page and prod runs the version, with the last known good
 * version kept for a revert.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import type { BundleEnvironmentState, Promotion } from '../../../src/contract';
import { testIds } from '../../../src/shared/testIds';
import { APP, open } from '../lib/env';
import { proxyApi, type Api } from '../lib/seed';
import { assertClean, describeLines } from '../lib/spec';

const bundle = (name: string, version: string) => ({
  manifest: { name, version },
  aggregates: [{ name: 'Order', commands: ['PlaceOrder'], events: ['OrderPlaced'] }],
  projections: [{ name: 'OrderList', consumes: ['OrderPlaced'] }],
  sagas: [{ name: 'Receipt', triggers: ['OrderPlaced'], issues: [], effects: ['mail'] }],
  effectProviders: [{ name: 'mail', type: 'email', timeoutMs: 5000 }],
});

async function call(api: Api, method: string, path: string, body: unknown, expect: number) {
  const r = await api.call(method, path, body, { 'idempotency-key': `e2e-${randomUUID()}` });
  assert.equal(r.status, expect, JSON.stringify(r.json));
  return r.json;
}

async function waitPromotion(api: Api, id: string, status: Promotion['status']): Promise<Promotion> {
  const until = Date.now() + 60_000;
  for (;;) {
    const r = await api.call('GET', `/api/v1/definitions/promotions/${id}`);
    if (r.status === 200 && r.json.status === status) return r.json as Promotion;
    if (Date.now() > until) throw new Error(`promotion ${id}: ${r.status} ${JSON.stringify(r.json)}`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

/** Uploads a version and runs it through dev and staging (no approval needed there). */
async function toStaging(api: Api, name: string, version: string): Promise<void> {
  await call(api, 'POST', '/api/v1/definitions/bundles', { bundle: bundle(name, version), reason: 'e2e bundle' }, 201);
  for (const to of ['dev', 'staging']) {
    const p = await call(api, 'POST', '/api/v1/definitions/promotions', { name, version, to, reason: 'e2e' }, 201);
    await waitPromotion(api, p.id, 'succeeded');
  }
}

describeLines('definitions', (ctx) => {
  it('a bundle is promoted to prod with the approval of a second person', async () => {
    const name = `e2e-${ctx.line}-${randomUUID().slice(0, 8)}`.toLowerCase();
    const editor = proxyApi(ctx.url, 'editor');
    const admin = proxyApi(ctx.url, 'admin');
    // 1.0.0 already runs in prod (so a revert target exists afterwards); 1.1.0 waits in staging.
    await toStaging(editor, name, '1.0.0');
    const first = await call(
      editor,
      'POST',
      '/api/v1/definitions/promotions',
      { name, version: '1.0.0', to: 'prod', reason: 'e2e first release' },
      201
    );
    await call(admin, 'POST', `/api/v1/definition-approvals/${first.id}`, { reason: 'first' }, 200);
    await waitPromotion(editor, first.id, 'succeeded');
    await toStaging(editor, name, '1.1.0');

    // The Operator asks for prod from the page.
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/definitions`, 'editor');
    const row = t.page.locator(`[data-testid="${testIds.definitions.envRow}"][data-bundle="${name}"]`);
    const staging = row.locator(`[data-testid="${testIds.definitions.envCell}"][data-env="staging"]`);
    await staging.getByTestId(testIds.definitions.promote).click();
    await t.page.getByTestId(testIds.definitions.impact).waitFor();
    await t.page.getByTestId(testIds.reasonModal.input).fill(`e2e release ${ctx.line}`);
    await t.page.getByTestId(testIds.reasonModal.submit).click();
    await t.page.getByTestId(testIds.reasonModal.dialog).waitFor({ state: 'detached' });

    const waiting = t.page.locator(
      `[data-testid="${testIds.definitions.promotionRow}"][data-status="awaiting_approval"][data-to="prod"]`,
      { hasText: name }
    );
    await waiting.waitFor();
    const hint = await waiting.getByTestId(testIds.definitions.approvalHint).textContent();
    assert.match(hint ?? '', /second person: anyone with the Switchyard Approver role .*, not editor/);
    assert.equal(
      await waiting.getByTestId(testIds.definitions.approve).isDisabled(),
      true,
      'the requester cannot approve'
    );
    const id = (await waiting.getAttribute('data-promotion')) as string;
    assert.equal(
      (await editor.call('GET', `/api/v1/definitions/promotions/${id}`)).json.status,
      'awaiting_approval',
      'nothing runs before the approval'
    );
    await ctx.shot(t, 'definitions-awaiting-approval');

    // The Approver approves from the page.
    const a = await ctx.page();
    await open(a.page, ctx.url, `${APP}/definitions`, 'admin');
    const row2 = a.page.locator(`[data-testid="${testIds.definitions.promotionRow}"][data-promotion="${id}"]`);
    await row2.getByTestId(testIds.definitions.approve).click();
    await a.page.getByTestId(testIds.reasonModal.input).fill('impact reviewed');
    await a.page.getByTestId(testIds.reasonModal.submit).click();
    await a.page
      .locator(`[data-testid="${testIds.definitions.promotionRow}"][data-promotion="${id}"][data-status="succeeded"]`)
      .waitFor({ timeout: 60_000 });
    const prod = a.page
      .locator(`[data-testid="${testIds.definitions.envRow}"][data-bundle="${name}"]`)
      .locator(`[data-testid="${testIds.definitions.envCell}"][data-env="prod"]`);
    await prod.getByTestId(testIds.definitions.current).filter({ hasText: '1.1.0' }).waitFor();
    assert.match((await prod.getByTestId(testIds.definitions.lastKnownGood).textContent()) ?? '', /1\.0\.0/);
    await ctx.shot(a, 'definitions-promoted-to-prod');

    const done = (await admin.call('GET', `/api/v1/definitions/promotions/${id}`)).json as Promotion;
    assert.deepEqual([done.requestedBy, done.approvedBy], ['editor', 'admin']);
    const states = (await admin.call('GET', '/api/v1/definitions/environments')).json.items as BundleEnvironmentState[];
    assert.equal(states.find((s) => s.bundleName === name && s.environment === 'prod')?.current?.version, '1.1.0');
    assertClean(t);
    assertClean(a);
  });
});
