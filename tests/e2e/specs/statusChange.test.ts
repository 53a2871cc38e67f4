/** An editor changes a tenant's status with a reason through the modal; the audit entry shows on Activity. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { APP, open, tenantFor } from '../lib/env';
import { assertClean, describeLines } from '../lib/spec';
import { testIds } from '../../../src/shared/testIds';

describeLines('status change', (ctx) => {
  it('suspend with a reason → badge updates → Activity lists the entry with the reason and the actor', async () => {
    const id = tenantFor(ctx.line, 'status');
    const reason = `e2e ${ctx.line}: noisy neighbour, suspending`;
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants/${id}`, 'editor');
    await t.page.getByTestId(testIds.tenant.overview).waitFor();
    await t.page.getByTestId(`${testIds.tenant.transitionPrefix}suspended`).click();
    const modal = t.page.getByTestId(testIds.reasonModal.dialog);
    await modal.waitFor();
    // The sidecar's plan comes first: the change, the kill switch, where the tenant is placed.
    const plan = modal.getByTestId(testIds.tenantPlan.view);
    await plan.waitFor();
    await plan.locator('[data-field="featureFlags.killSwitch"]').waitFor();
    await modal.getByTestId(testIds.reasonModal.submit).click();
    await modal.getByText(/at least 3 characters/).waitFor();
    await ctx.shot(t, 'reason-modal-invalid');
    await modal.getByTestId(testIds.reasonModal.input).fill(reason);
    await ctx.shot(t, 'reason-modal');
    await modal.getByTestId(testIds.reasonModal.submit).click();
    await modal.waitFor({ state: 'detached' });
    await t.page
      .getByTestId(testIds.tenant.overview)
      .getByTestId(testIds.statusBadge)
      .filter({ hasText: /suspended/i })
      .first()
      .waitFor();
    await ctx.shot(t, 'tenant-suspended');

    await t.page.getByRole('tab', { name: 'Activity' }).click();
    const row = t.page.getByTestId(testIds.tenant.activityRow).filter({ hasText: reason });
    await row.first().waitFor();
    const text = (await row.first().textContent()) ?? '';
    assert.match(text, /editor/);
    await ctx.shot(t, 'tenant-activity-after-change');
    assertClean(t);
    await t.page.close();
  });
});
