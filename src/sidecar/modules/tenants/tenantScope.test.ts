import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LimitedScope } from '../../kernel/scope';
import { seedTenantRows, tenantFixture } from '../../testing/entitlementsFixture';
import { BACKENDS, startTestApp, type TestApp } from '../../testing/testApp';
import { getTenants, listTenantDocuments } from './tenants.store';

/**
 * Label selectors in a scope: several selectors of one key (`team=a`, `team=b`) are tested as one
 * condition on that key; selectors of several labels still need all of theirs. Both the page query
 * (a probe per row) and the lookups (the selector's set) must list exactly the same tenants.
 */
const TENANTS = [
  tenantFixture('t-a', { labels: { team: 'a' } }),
  tenantFixture('t-b', { labels: { team: 'b' } }),
  tenantFixture('t-c', { labels: { team: 'c' } }),
  tenantFixture('t-c-gold', { labels: { team: 'c', tier: 'gold' } }),
  tenantFixture('t-d-gold', { labels: { team: 'd', tier: 'gold' } }),
  tenantFixture('t-gold', { labels: { tier: 'gold' } }),
  tenantFixture('t-none'),
  tenantFixture('t-staging-a', { environment: 'staging', labels: { team: 'a' } }),
];

const scope = (over: Partial<LimitedScope>): LimitedScope => ({
  all: false,
  environments: [],
  tenantIds: [],
  labelSelectors: [],
  ...over,
});

const CASES: Array<{ name: string; scope: LimitedScope; expected: string[] }> = [
  {
    name: 'two selectors of one key',
    scope: scope({ labelSelectors: [{ team: 'a' }, { team: 'b' }] }),
    expected: ['t-a', 't-b', 't-staging-a'],
  },
  {
    name: 'one key twice and a selector of two labels',
    scope: scope({ labelSelectors: [{ team: 'a' }, { team: 'b' }, { team: 'c', tier: 'gold' }] }),
    expected: ['t-a', 't-b', 't-c-gold', 't-staging-a'],
  },
  {
    name: 'selectors of two keys',
    scope: scope({ labelSelectors: [{ team: 'b' }, { tier: 'gold' }] }),
    expected: ['t-b', 't-c-gold', 't-d-gold', 't-gold'],
  },
  {
    name: 'selectors beside an environment and a tenant id',
    scope: scope({ environments: ['staging'], tenantIds: ['t-none'], labelSelectors: [{ team: 'd' }, { team: 'c' }] }),
    expected: ['t-c', 't-c-gold', 't-d-gold', 't-none', 't-staging-a'],
  },
  { name: 'a value no tenant has', scope: scope({ labelSelectors: [{ team: 'z' }, { team: 'y' }] }), expected: [] },
];

for (const backend of BACKENDS) {
  describe(`tenant scope by label selectors (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend);
      await seedTenantRows(t, TENANTS);
    });
    after(() => t?.close());

    for (const c of CASES) {
      test(c.name, async () => {
        const page = await listTenantDocuments(t.database.db, {
          sort: 'id',
          descending: false,
          backward: false,
          limit: 100,
          scope: c.scope,
        });
        assert.deepEqual(
          page.map((r) => r.id),
          c.expected,
          'page query'
        );
        const found = await getTenants(
          t.database.db,
          TENANTS.map((x) => x.id),
          c.scope
        );
        assert.deepEqual(found.map((x) => x.id).sort(), c.expected, 'lookup');
      });
    }
  });
}
