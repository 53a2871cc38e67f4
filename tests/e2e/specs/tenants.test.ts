/**
 * Tenants list: search and filters live in the URL, a shared URL restores them, next/previous page;
 * with `refresh=10s` in the URL the open list refreshes itself and keeps the selection.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import type { Page } from 'playwright-core';
import { APP, open } from '../lib/env';
import { proxyApi } from '../lib/seed';
import { assertClean, describeLines } from '../lib/spec';
import { testIds } from '../../../src/shared/testIds';

async function rowIds(page: Page): Promise<string[]> {
  return page
    .getByTestId(testIds.tenants.row)
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tenant-id') ?? ''));
}

/** Waits until the table shows rows satisfying `ok` and is not busy. */
async function waitRows(page: Page, ok: (ids: string[]) => boolean, what: string): Promise<string[]> {
  return waitRowsWithin(page, ok, what, 10_000);
}

async function waitRowsWithin(page: Page, ok: (ids: string[]) => boolean, what: string, ms: number): Promise<string[]> {
  const until = Date.now() + ms;
  let ids: string[] = [];
  while (Date.now() < until) {
    ids = await rowIds(page);
    const busy = await page
      .getByTestId(testIds.tenants.table)
      .getAttribute('aria-busy')
      .catch(() => null);
    if (busy !== 'true' && ids.length > 0 && ok(ids)) return ids;
    await page.waitForTimeout(100);
  }
  throw new Error(`rows never matched: ${what}; last: ${ids.join(',')}`);
}

describeLines('tenants list', (ctx) => {
  it('search by text updates the URL (q=) and the rows', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants`);
    await waitRows(t.page, (ids) => ids.length === 50, 'first page of 50');
    await t.page.getByTestId(testIds.tenants.search).fill('globex');
    await t.page.waitForURL(/[?&]q=globex/);
    const ids = await waitRows(t.page, (x) => x.every((id) => id.includes('globex')), 'only globex');
    assert.ok(ids.length >= 3, ids.join());
    await ctx.shot(t, 'tenants-search');
    assertClean(t);
    await t.page.close();
  });

  it('a shared URL with filters restores them; choosing a filter in the UI writes it to the URL', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants?status=suspended`);
    await waitRows(t.page, () => true, 'suspended rows');
    const badges = await t.page.getByTestId(testIds.tenants.row).getByTestId(testIds.statusBadge).allTextContents();
    assert.ok(badges.length > 0 && badges.every((b) => /suspended/i.test(b)), badges.join());
    await t.page.getByLabel('Filter by environment').click();
    await t.page.getByRole('option', { name: 'staging' }).click();
    await t.page.keyboard.press('Escape');
    await t.page.waitForURL(/[?&]environment=staging/);
    assert.match(t.page.url(), /status=suspended/);
    await waitRows(t.page, (ids) => ids.every((id) => id.includes('staging')), 'staging + suspended');
    await ctx.shot(t, 'tenants-filtered');
    assertClean(t);
    await t.page.close();
  });

  it('next and previous page move the keyset cursor in the URL', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants`);
    const first = await waitRows(t.page, (ids) => ids.length === 50, 'page 1');
    assert.equal(await t.page.getByTestId(testIds.tenants.prevPage).isDisabled(), true);
    await t.page.getByTestId(testIds.tenants.nextPage).click();
    await t.page.waitForURL(/[?&]cursor=/);
    const second = await waitRows(t.page, (ids) => ids[0] !== first[0], 'page 2');
    assert.ok(second.length >= 10, `${second.length}`);
    assert.ok(
      second.every((id) => !first.includes(id)),
      'pages do not overlap'
    );
    await ctx.shot(t, 'tenants-page-2');
    await t.page.getByTestId(testIds.tenants.prevPage).click();
    const back = await waitRows(t.page, (ids) => ids[0] === first[0], 'back on page 1');
    assert.deepEqual(back, first, 'previous returns exactly page 1');
    // The URL may keep a backward keyset cursor that denotes page 1: shareable and equivalent.
    assertClean(t);
    await t.page.close();
  });

  it('with refresh=10s in the URL the open list shows a new tenant by itself and keeps the selection', async () => {
    const t = await ctx.page();
    // Sorts before every seeded id, so the refreshed first page shows it; one per line so the lines never race.
    const id = `aaa-live-${ctx.line.replace('grafana-', 'g')}-${Date.now().toString(36)}`;
    await open(t.page, ctx.url, `${APP}/tenants?refresh=10s`);
    const before = await waitRows(t.page, (ids) => ids.length === 50, 'page 1');
    assert.ok(!before.includes(id));
    const kept = before[3]!;
    await t.page
      .locator(`[data-testid="${testIds.tenants.row}"][data-tenant-id="${kept}"]`)
      .getByTestId(testIds.tenants.rowCheckbox)
      // The checkbox's drawn box sits over the input (as for a user, a click on it toggles the input).
      .check({ force: true });
    await t.page.getByTestId(testIds.tenants.bulkBar).getByText('1 tenant selected').waitFor();
    const listCalls = () => t.requests.filter((r) => r.startsWith('GET') && /\/api\/v1\/tenants\?/.test(r)).length;
    const callsBefore = listCalls();
    const created = await proxyApi(ctx.url).call(
      'POST',
      '/api/v1/tenants',
      {
        id,
        displayName: `Live ${ctx.line}`,
        plan: 'team',
        environment: 'dev',
        organizationId: randomUUID(),
        applicationId: randomUUID(),
      },
      { 'idempotency-key': `e2e-live-${id}` }
    );
    assert.equal(created.status, 201, JSON.stringify(created.json));
    // No click, no navigation: the next scheduled refresh brings it in.
    await waitRowsWithin(t.page, (ids) => ids.includes(id), 'the new tenant on page 1', 25_000);
    assert.ok(listCalls() > callsBefore, 'the list fetched again on its own');
    assert.match(t.page.url(), /[?&]refresh=10s/);
    const checkbox = t.page
      .locator(`[data-testid="${testIds.tenants.row}"][data-tenant-id="${kept}"]`)
      .getByTestId(testIds.tenants.rowCheckbox);
    assert.equal(await checkbox.isChecked(), true, 'the selected row stays selected');
    await t.page.getByTestId(testIds.tenants.bulkBar).getByText('1 tenant selected').waitFor();
    await ctx.shot(t, 'tenants-live-refresh');
    assertClean(t);
    await t.page.close();
  });
});
