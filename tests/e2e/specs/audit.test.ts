/**
 * The Auditor (a Viewer with the Switchyard Auditor role) filters the audit trail, opens an entry,
 * exports the filter as NDJSON and CSV (rows match the filter), verifies the chain, reads the
 * security log, and arrives from a tenant's Activity tab through its deep link. A Viewer reads a tenant's
 * Activity but has no Audit page: absent from the navigation, refused in the app and by Grafana.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { APP, PLUGIN_ID, open } from '../lib/env';
import { proxyApi } from '../lib/seed';
import { assertClean, describeLines } from '../lib/spec';
import { testIds } from '../../../src/shared/testIds';
import type { AuditEntry } from '../../../src/contract';

describeLines('audit', (ctx) => {
  /** A tenant whose status was changed by the seed: it has at least a create and a status entry. */
  async function changedTenant(): Promise<string> {
    const res = await proxyApi(ctx.url).call('GET', '/api/v1/audit?action=tenant.status&outcome=success&limit=1');
    assert.equal(res.status, 200);
    const [entry] = (res.json as { items: AuditEntry[] }).items;
    assert.ok(entry, 'the seed changed at least one tenant status');
    return entry.targetId;
  }

  it('the auditor filters, opens an entry, exports rows that match the filter and verifies the chain', async () => {
    const tenant = await changedTenant();
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/audit`, 'auditor');
    await t.page.getByTestId(testIds.audit.row).first().waitFor();

    await t.page.getByTestId(testIds.audit.filterTenant).fill(tenant);
    await t.page.getByTestId(testIds.audit.filterTenant).press('Enter');
    await t.page.getByTestId(testIds.audit.filterOutcome).getByRole('radio', { name: 'success', exact: true }).check();
    await t.page.waitForURL(
      (u) => u.searchParams.get('tenant') === tenant && u.searchParams.get('outcome') === 'success'
    );
    const count = t.page.getByTestId(testIds.audit.matchCount);
    await count.waitFor();
    const matched = Number(await count.getAttribute('data-count'));
    assert.ok(matched >= 2, `create and status entries of ${tenant}: ${matched}`);
    const rows = t.page.getByTestId(testIds.audit.row);
    await t.page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="audit-row"]').length === n,
      Math.min(matched, 50)
    );
    for (const outcome of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-outcome')))) {
      assert.equal(outcome, 'success');
    }
    await ctx.shot(t, 'audit-filtered');

    await rows
      .filter({ has: t.page.locator('code', { hasText: /^tenant\.status$/ }) })
      .first()
      .click();
    const drawer = t.page.getByTestId(testIds.audit.drawer);
    await drawer.waitFor();
    await drawer.locator(`[data-testid="${testIds.audit.drawerChange}"][data-field="status"]`).waitFor();
    assert.ok(new URL(t.page.url()).searchParams.get('entry'), 'the open entry is in the URL');
    await ctx.shot(t, 'audit-entry-drawer');
    await t.page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    for (const format of ['ndjson', 'csv'] as const) {
      await t.page
        .getByTestId(testIds.audit.exportFormat)
        .getByRole('radio', { name: format.toUpperCase(), exact: true })
        .check();
      const [download] = await Promise.all([
        t.page.waitForEvent('download'),
        t.page.getByTestId(testIds.audit.exportLink).click(),
      ]);
      const text = readFileSync((await download.path())!, 'utf8');
      if (format === 'ndjson') {
        const entries = text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as AuditEntry);
        assert.equal(entries.length, matched);
        for (const e of entries) {
          assert.equal(e.outcome, 'success');
          assert.equal(e.targetId, tenant);
        }
      } else {
        const lines = text.trim().split('\r\n');
        assert.match(lines[0], /^seq,ts,actor,/);
        assert.equal(lines.length, matched + 1);
        assert.ok(lines.slice(1).every((l) => l.includes(`,tenant,${tenant},`)));
      }
    }

    await t.page.getByTestId(testIds.audit.verify).click();
    const verdict = t.page.getByTestId(testIds.audit.chainResult);
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-ok'), 'true');
    await ctx.shot(t, 'audit-chain-verified');

    await t.page.getByRole('tab', { name: 'Security log' }).click();
    await t.page.getByTestId(testIds.audit.security).waitFor();
    await t.page.waitForURL((u) => u.pathname.endsWith('/audit/security'));
    await ctx.shot(t, 'audit-security-log');
    assertClean(t);
    await t.page.close();
  });

  it("a tenant's Activity tab shows the change and deep-links to the filtered audit page", async () => {
    const tenant = await changedTenant();
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants/${tenant}/activity`, 'auditor');
    const row = t.page.getByTestId(testIds.tenant.activityRow).filter({ hasText: '→' }).first();
    await row.waitFor();
    await row.click();
    await t.page.getByTestId(testIds.audit.drawer).waitFor();
    await t.page.keyboard.press('Escape');
    await t.page.getByTestId(testIds.tenant.activityAuditLink).click();
    await t.page.waitForURL((u) => u.pathname.endsWith('/audit') && u.searchParams.get('tenant') === tenant);
    await t.page.getByTestId(testIds.audit.row).first().waitFor();
    assert.equal(await t.page.getByTestId(testIds.audit.filterTenant).inputValue(), tenant);
    assertClean(t);
    await t.page.close();
  });

  it("a viewer reads a tenant's Activity but has no Audit page: not in the navigation, refused on its URL", async () => {
    const tenant = await changedTenant();
    const t = await ctx.page();
    const auditCalls: string[] = [];
    t.page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith(`/api/plugin-proxy/${PLUGIN_ID}/api/v1/audit`)) auditCalls.push(r.url());
    });
    await open(t.page, ctx.url, `${APP}/tenants/${tenant}/activity`, 'viewer');
    const row = t.page.getByTestId(testIds.tenant.activityRow).filter({ hasText: '→' }).first();
    await row.waitFor();
    const nav = t.page.getByRole('navigation', { name: 'Main navigation' });
    assert.ok((await nav.getByRole('link', { name: 'Tenants', exact: true }).count()) === 1, 'the nav is there');
    assert.equal(await nav.getByRole('link', { name: 'Audit', exact: true }).count(), 0);
    // The Activity tab explains the change, with no way into the Audit page.
    assert.equal(await t.page.getByTestId(testIds.tenant.activityAuditLink).count(), 0);
    await row.click();
    const drawer = t.page.getByTestId(testIds.audit.drawer);
    await drawer.waitFor();
    assert.equal(await drawer.getByRole('link', { name: /^All / }).count(), 0);
    await ctx.shot(t, 'viewer-tenant-activity');
    await t.page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    // In the app (a link, a bookmark followed in-app) the Audit page's URL shows the app's no-access view.
    await t.page.evaluate((href) => {
      const a = document.createElement('a');
      a.href = href;
      document.body.appendChild(a);
      a.click();
      a.remove();
    }, `${APP}/audit`);
    await t.page.waitForURL((u) => u.pathname === `${APP}/audit`);
    const refused = t.page.getByTestId(testIds.app.noAccess);
    await refused.waitFor();
    assert.match((await refused.textContent()) ?? '', /Switchyard Auditor.*audit:read/);
    await ctx.shot(t, 'viewer-audit-no-access');
    // A page load of the tab's URL reaches the app, which refuses it the same way.
    await open(t.page, ctx.url, `${APP}/audit/security`, 'viewer');
    await t.page.getByTestId(testIds.app.noAccess).waitFor();
    assert.equal(await t.page.getByTestId(testIds.audit.security).count(), 0);
    // A page load of the include's own path is refused by Grafana (RoleAppPluginAuth): redirected home.
    await open(t.page, ctx.url, `${APP}/audit`, 'viewer');
    assert.notEqual(new URL(t.page.url()).pathname, `${APP}/audit`);
    assert.deepEqual(auditCalls, [], 'the viewer never called the audit endpoints');
    assertClean(t);
    await t.page.close();
  });

  it('an auditor sees the Audit page in the navigation', async () => {
    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants`, 'auditor');
    await t.page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Audit', exact: true })
      .click();
    await t.page.getByTestId(testIds.audit.row).first().waitFor();
    assertClean(t);
    await t.page.close();
  });
});
