/**
 * Versioned config from the Config page: a tenant limit is edited (inline validation names the
 * field), previewed on the tenant, saved as a new version whose diff shows the change, applied by
 * the staged job, read back as the tenant's effective value with its source on the tenant's Config
 * tab, then rolled back (a new version equal to the old one) and applied again.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Page } from 'playwright-core';
import { testIds } from '../../../src/shared/testIds';
import { APP, open } from '../lib/env';
import { proxyApi } from '../lib/seed';
import { assertClean, describeLines } from '../lib/spec';

const KIND = 'tenant.limits';
/** One tenant per line, so the two lines never write the same document. */
const TENANT = { 'grafana-12': 'soylent-staging', 'grafana-13': 'aperture-staging' } as const;

async function confirm(page: Page, reason: string) {
  const modal = page.getByTestId(testIds.reasonModal.dialog);
  await modal.waitFor();
  await modal.getByTestId(testIds.reasonModal.input).fill(reason);
  await modal.getByTestId(testIds.reasonModal.submit).click();
  await modal.waitFor({ state: 'detached' });
}

/** The document's row shows `version` applied in staging (the page follows the apply job). */
async function appliedInStaging(page: Page, version: number) {
  await page
    .locator(`[data-testid="${testIds.configDocs.versionRow}"][data-version="${version}"]`)
    .getByText('staging')
    .waitFor({ timeout: 60_000 });
}

async function effectiveRequests(page: Page, url: string, tenant: string) {
  await open(page, url, `${APP}/tenants/${tenant}/config?kind=${KIND}`);
  const row = page.locator(`[data-testid="${testIds.configDocs.effectiveRow}"][data-path="requestsPerSecond"]`);
  await row.waitFor();
  return { source: await row.getAttribute('data-source'), text: await row.textContent() };
}

describeLines('config versions', (ctx) => {
  it('edit a tenant limit, see the diff and the effective value, apply, roll back', async () => {
    const tenant = TENANT[ctx.line as keyof typeof TENANT];
    const scope = `tenant:${tenant}`;
    const api = proxyApi(ctx.url);
    const path = `/api/v1/config/documents/${KIND}/${encodeURIComponent(scope)}`;
    // A known starting version (the spec may run again on the same stack: it continues the history).
    const history = await api.call('GET', `${path}/versions`);
    assert.equal(history.status, 200, JSON.stringify(history.json));
    const latest: number | null = history.json.items[0]?.version ?? null;
    const base = await api.call(
      'PUT',
      path,
      { value: { schemaVersion: 1, requestsPerSecond: 500 }, reason: `e2e ${ctx.line} baseline`, baseVersion: latest },
      { 'idempotency-key': `e2e-config-${ctx.line}-${Date.now()}` }
    );
    assert.equal(base.status, 201, JSON.stringify(base.json));
    const v = base.json.version as number;

    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/config?kind=${KIND}&scope=${encodeURIComponent(scope)}`);
    const editor = t.page.getByTestId(testIds.configDocs.editor);
    await editor.waitFor();
    assert.match(await editor.inputValue(), /"requestsPerSecond": 500/);
    await editor.fill('{ "schemaVersion": 1, "requestsPerSecond": -1 }');
    const issue = t.page.getByTestId(testIds.configDocs.validationIssue);
    await issue.waitFor();
    assert.equal(await issue.getAttribute('data-path'), 'requestsPerSecond');
    assert.ok(await t.page.getByTestId(testIds.configDocs.save).isDisabled());
    await editor.fill('{ "schemaVersion": 1, "requestsPerSecond": 777 }');
    await t.page.getByTestId(testIds.configDocs.previewRun).click();
    await t.page.locator(`[data-testid="${testIds.configDocs.previewTenant}"][data-tenant="${tenant}"]`).waitFor();

    await t.page.getByTestId(testIds.configDocs.save).click();
    await confirm(t.page, `e2e ${ctx.line}: raise the request limit`);
    await t.page.waitForURL(new RegExp(`from=${v}&to=${v + 1}`));
    const diff = t.page.locator(`[data-testid="${testIds.configDocs.diffEntry}"][data-path="requestsPerSecond"]`);
    await diff.waitFor();
    assert.match((await diff.textContent()) ?? '', /500.*777/);
    await ctx.shot(t, 'config-diff');

    await t.page.getByRole('button', { name: `Apply version ${v + 1}` }).click();
    await confirm(t.page, `e2e ${ctx.line}: apply in staging`);
    await t.page.getByTestId(testIds.configDocs.applyJob).waitFor();
    await appliedInStaging(t.page, v + 1);
    const applied = await effectiveRequests(t.page, ctx.url, tenant);
    assert.equal(applied.source, 'tenant');
    assert.match(applied.text ?? '', /777/);
    await ctx.shot(t, 'tenant-config-tab');

    await open(t.page, ctx.url, `${APP}/config?kind=${KIND}&scope=${encodeURIComponent(scope)}`);
    await t.page.getByRole('button', { name: `Roll back to version ${v}` }).click();
    await confirm(t.page, `e2e ${ctx.line}: back to the baseline`);
    await t.page.locator(`[data-testid="${testIds.configDocs.versionRow}"][data-version="${v + 2}"]`).waitFor();
    await t.page.getByRole('button', { name: `Apply version ${v + 2}` }).click();
    await confirm(t.page, `e2e ${ctx.line}: apply the rollback`);
    await appliedInStaging(t.page, v + 2);
    const rolledBack = await effectiveRequests(t.page, ctx.url, tenant);
    assert.equal(rolledBack.source, 'tenant');
    assert.match(rolledBack.text ?? '', /500/);
    assertClean(t);
    await t.page.close();
  });
});
