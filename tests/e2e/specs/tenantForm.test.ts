/**
 * Tenant create and edit from the page: inline validation naming the field, the plan before save,
 * and a concurrent edit (412) resolved through the conflict view with "reload and reapply".
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import { APP, open } from '../lib/env';
import { proxyApi } from '../lib/seed';
import { assertClean, describeLines } from '../lib/spec';
import { testIds } from '../../../src/shared/testIds';

const field = (path: string) => `${testIds.tenantForm.fieldPrefix}${path}`;

describeLines('tenant create and edit', (ctx) => {
  const id = `e2e-form-${ctx.line.replace('grafana-', 'g')}-${randomUUID().slice(0, 8)}`;

  it('create: a bad field is named inline, the plan shows before save, save opens the new tenant', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants`, 'editor');
    await t.page.getByTestId(testIds.tenantForm.createLink).click();
    await t.page.waitForURL(/\/tenants\/new/);
    const form = t.page.getByTestId(testIds.tenantForm.form);
    await form.waitFor();
    await t.page.getByTestId(field('id')).fill(id);
    await t.page.getByTestId(field('displayName')).fill(`E2E form ${ctx.line}`);
    await t.page.getByTestId(field('organizationId')).fill('not-a-uuid');
    await t.page.getByTestId(field('applicationId')).fill(randomUUID());
    await t.page.getByTestId(testIds.tenantForm.addLabel).click();
    await t.page.getByTestId(field('labels.0.key')).fill('team');
    await t.page.getByTestId(field('labels.0.value')).fill('e2e');
    await t.page.getByTestId(field('quotas.storageGb')).fill('25');
    await t.page.getByTestId(testIds.tenantForm.addContact).click();
    await t.page.getByTestId(field('contacts.0.name')).fill('On-call');
    await t.page.getByTestId(field('contacts.0.email')).fill('oncall@example.com');
    await t.page.getByTestId(testIds.tenantForm.preview).click();
    const summary = t.page.getByTestId(testIds.tenantForm.errorSummary);
    await summary.getByText(/Organization id/).waitFor();
    assert.equal(await t.page.getByTestId(testIds.tenantPlan.view).count(), 0, 'nothing planned while invalid');
    await ctx.shot(t, 'tenant-form-invalid');

    await t.page.getByTestId(field('organizationId')).fill(randomUUID());
    await t.page.getByTestId(testIds.tenantForm.preview).click();
    const plan = t.page.getByTestId(testIds.tenantPlan.view);
    await plan.waitFor();
    assert.match((await plan.textContent()) ?? '', new RegExp(`Create tenant ${id}`));
    await plan.locator(`[data-field="quotas.storageGb"]`).waitFor();
    await ctx.shot(t, 'tenant-form-plan');
    await t.page.getByTestId(testIds.tenantForm.save).click();
    await t.page.waitForURL(new RegExp(`/tenants/${id}$`));
    await t.page.getByTestId(testIds.tenant.overview).waitFor();
    const stored = await proxyApi(ctx.url).call('GET', `/api/v1/tenants/${id}`);
    assert.equal(stored.status, 200);
    assert.deepEqual(stored.json.labels, { team: 'e2e' });
    assert.equal(stored.json.quotas.storageGb, 25);
    assertClean(t);
    await t.page.close();
  });

  it('edit: a concurrent change is a conflict (theirs vs yours); reload and reapply saves both', async () => {
    const api = proxyApi(ctx.url);
    // The browser logs the 412 the save is answered with: that answer is what this test is about.
    const t = await ctx.page({ allowConsole: [/412 \(Precondition Failed\)/] });
    await open(t.page, ctx.url, `${APP}/tenants/${id}`, 'editor');
    await t.page.getByTestId(testIds.tenantForm.editLink).click();
    await t.page.waitForURL(new RegExp(`/tenants/${id}/edit`));
    await t.page.getByTestId(testIds.tenantForm.form).waitFor();
    const before = (await api.call('GET', `/api/v1/tenants/${id}`)).json as { version: number };
    await t.page.getByTestId(field('displayName')).fill(`Mine ${ctx.line}`);
    await t.page.getByTestId(testIds.tenantForm.preview).click();
    await t.page.getByTestId(testIds.tenantPlan.view).waitFor();

    // Someone else saves the tenant meanwhile.
    const theirs = await api.call(
      'PATCH',
      `/api/v1/tenants/${id}`,
      { plan: 'enterprise' },
      { 'if-match': `"${before.version}"`, 'idempotency-key': `e2e-theirs-${randomUUID()}` }
    );
    assert.equal(theirs.status, 200, JSON.stringify(theirs.json));

    await t.page.getByTestId(testIds.tenantForm.save).click();
    const conflict = t.page.getByTestId(testIds.tenantForm.conflict);
    await conflict.waitFor();
    const rows = await conflict
      .getByTestId(testIds.tenantForm.conflictRow)
      .evaluateAll((r) => r.map((x) => x.getAttribute('data-field')));
    assert.deepEqual(rows, ['displayName', 'plan']);
    await ctx.shot(t, 'tenant-form-conflict');
    await t.page.getByTestId(testIds.tenantForm.reapply).click();
    await t.page.getByTestId(testIds.tenantPlan.view).waitFor();
    await t.page.getByTestId(testIds.tenantForm.save).click();
    await t.page.waitForURL(new RegExp(`/tenants/${id}$`));
    const after = (await api.call('GET', `/api/v1/tenants/${id}`)).json as { displayName: string; plan: string };
    assert.equal(after.displayName, `Mine ${ctx.line}`);
    assert.equal(after.plan, 'enterprise');
    assertClean(t);
    await t.page.close();
  });
});
