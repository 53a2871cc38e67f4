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
import { demoBundle, promote, release } from '../lib/definitions';
import { APP, open } from '../lib/env';
import { proxyApi } from '../lib/seed';
import { assertClean, describeLines } from '../lib/spec';

describeLines('definitions', (ctx) => {
  it('a bundle is promoted to prod with the approval of a second person', async () => {
    const name = `e2e-${ctx.line}-${randomUUID().slice(0, 8)}`.toLowerCase();
    const editor = proxyApi(ctx.url, 'editor');
    const admin = proxyApi(ctx.url, 'admin');
    // 1.0.0 already runs in prod (so a revert target exists afterwards); 1.1.0 waits in staging.
    await release(editor, admin, demoBundle(name, '1.0.0'), ['dev', 'staging']);
    await promote(editor, admin, name, '1.0.0', 'prod');
    await release(editor, admin, demoBundle(name, '1.1.0'), ['dev', 'staging']);

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
