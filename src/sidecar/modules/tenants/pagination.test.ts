import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tenant } from '../../../contract';
import { BACKENDS, idempotencyKey, startTestApp, tenantBody, type TestApp } from '../../testing/testApp';

const FIELD: Record<string, keyof Tenant> = {
  id: 'id',
  displayName: 'displayName',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  status: 'status',
};

/** Byte-order comparison (SQLite BINARY, PostgreSQL COLLATE "C"), tie-break on id. */
function compare(sort: string) {
  const desc = sort.startsWith('-');
  const f = FIELD[sort.replace(/^-/, '')];
  return (a: Tenant, b: Tenant) => {
    const byKey = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    const r = byKey(String(a[f]), String(b[f])) || byKey(a.id, b.id);
    return desc ? -r : r;
  };
}

for (const backend of BACKENDS) {
  describe(`tenant list pagination (${backend})`, () => {
    let t: TestApp;
    const original = new Set<string>();
    let inserted = 0;
    const names = ['Zeta', 'alpha', 'Beta', 'beta', 'Gamma', 'delta', 'Ümlaut', 'omega'];

    async function create(overrides: Record<string, unknown>) {
      const r = await t.call('createTenant', {
        body: tenantBody(overrides),
        headers: { 'idempotency-key': idempotencyKey() },
      });
      assert.equal(r.statusCode, 201, r.body);
      return r.json() as Tenant;
    }

    before(async () => {
      t = await startTestApp(backend);
      // Many equal display names and statuses, so the id tie-break is exercised across page borders.
      for (let i = 0; i < 90; i++) {
        const tenant = await create({
          id: `p-${String(i).padStart(3, '0')}`,
          displayName: names[i % names.length],
          environment: (['dev', 'staging', 'prod'] as const)[i % 3],
          plan: i % 4 === 0 ? 'enterprise' : 'team',
          labels: i % 5 === 0 ? { region: 'eu', canary: 'yes' } : { region: 'us' },
        });
        original.add(tenant.id);
        if (i % 3 === 0) {
          await t.call('changeTenantStatus', { params: { id: tenant.id }, body: { to: 'active', reason: 'go live' } });
        }
      }
    });
    after(() => t?.close());

    for (const sort of [
      'id',
      '-id',
      'displayName',
      '-displayName',
      'createdAt',
      '-createdAt',
      'updatedAt',
      'status',
      '-status',
    ]) {
      test(`sort=${sort}: pages are ordered, with no duplicates and no skipped rows while rows are inserted between pages`, async () => {
        const seen: Tenant[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const res = await t.call('listTenants', { query: { sort, limit: 20, ...(cursor ? { cursor } : {}) } });
          assert.equal(res.statusCode, 200, res.body);
          const page = res.json();
          if (pages === 0) assert.equal(page.prevCursor, null);
          else assert.notEqual(page.prevCursor, null);
          seen.push(...page.items);
          cursor = page.nextCursor ?? undefined;
          pages += 1;
          // Concurrent writers: new tenants sorting before, inside and after the current position.
          inserted += 1;
          await Promise.all([
            create({ id: `a-${backend}-${inserted}`, displayName: 'Aaa' }),
            create({ id: `zz-${backend}-${inserted}`, displayName: 'zzz' }),
            create({ id: `p-${String(inserted).padStart(3, '0')}x`, displayName: names[inserted % names.length] }),
          ]);
        } while (cursor && pages < 1000);
        const ids = seen.map((x) => x.id);
        assert.equal(new Set(ids).size, ids.length, 'no tenant appears twice');
        for (const id of original) assert.ok(ids.includes(id), `pre-existing ${id} was skipped`);
        const cmp = compare(sort);
        for (let i = 1; i < seen.length; i++)
          assert.ok(cmp(seen[i - 1], seen[i]) < 0, `order broken at ${seen[i - 1].id} → ${seen[i].id}`);
      });
    }

    test('prevCursor walks back to exactly the previous pages, and is null on the first page', async () => {
      const query = { sort: '-displayName', limit: 5, environment: 'prod,dev' };
      const forward: string[][] = [];
      const prevs: Array<string | null> = [];
      let cursor: string | undefined;
      for (let i = 0; i < 4; i++) {
        const page = (await t.call('listTenants', { query: { ...query, ...(cursor ? { cursor } : {}) } })).json();
        forward.push(page.items.map((x: Tenant) => x.id));
        prevs.push(page.prevCursor);
        cursor = page.nextCursor;
      }
      for (let i = 3; i >= 1; i--) {
        const back = (await t.call('listTenants', { query: { ...query, cursor: prevs[i]! } })).json();
        assert.deepEqual(
          back.items.map((x: Tenant) => x.id),
          forward[i - 1]
        );
        if (i === 1) assert.equal(back.prevCursor, null);
        else assert.notEqual(back.prevCursor, null);
      }
    });

    test('search, filters and label filters select the right rows', async () => {
      const all = async (query: Record<string, string>) => {
        const out: Tenant[] = [];
        let cursor: string | undefined;
        do {
          const page = (
            await t.call('listTenants', { query: { ...query, limit: 50, ...(cursor ? { cursor } : {}) } })
          ).json();
          out.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return out;
      };
      const beta = await all({ q: 'BETA' });
      assert.ok(
        beta.length > 0 && beta.every((x) => x.displayName.toLowerCase().includes('beta') || x.id.includes('beta'))
      );
      const byId = await all({ q: 'p-01' });
      assert.ok(byId.length >= 10 && byId.every((x) => x.id.includes('p-01')));
      assert.equal((await all({ q: '100%_' })).length, 0, 'LIKE wildcards in the search are literal');
      const filtered = await all({ status: 'active', environment: 'dev', plan: 'enterprise' });
      assert.ok(filtered.length > 0);
      assert.ok(filtered.every((x) => x.status === 'active' && x.environment === 'dev' && x.plan === 'enterprise'));
      const canary = await all({ label: 'canary' });
      assert.equal(canary.length, 18);
      assert.deepEqual(new Set(canary.map((x) => x.labels.region)), new Set(['eu']));
      assert.equal((await all({ label: 'region=eu' })).length, 18);
      assert.equal((await all({ label: 'region=mars' })).length, 0);
    });

    test('a cursor is only valid for the sort and filters it was made for, and garbage is a 400', async () => {
      const page = (await t.call('listTenants', { query: { sort: 'id', limit: 3 } })).json();
      const other = await t.call('listTenants', { query: { sort: 'displayName', limit: 3, cursor: page.nextCursor } });
      assert.equal(other.statusCode, 400);
      assert.equal(other.json().field, 'cursor');
      const filtered = await t.call('listTenants', {
        query: { sort: 'id', limit: 3, status: 'active', cursor: page.nextCursor },
      });
      assert.equal(filtered.statusCode, 400);
      const junk = await t.call('listTenants', { query: { cursor: 'not-a-cursor' } });
      assert.equal(junk.statusCode, 400);
      assert.equal(junk.json().code, 'validation_failed');
    });
  });
}
