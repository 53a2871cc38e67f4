import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Actions,
  GRANTED_ACTION_HEADER,
  IsolationPageSchema,
  TenantIsolationSchema,
  verdictRank,
  type IsolationSummary,
  type TenantIsolation,
} from '../../../contract';
import { expectedAppDatabaseName } from './checks';
import { startIsolationFixture, type IsolationFixture } from '../../testing/isolationFixture';
import { BACKENDS, idempotencyKey } from '../../testing/testApp';

const check = (d: TenantIsolation, id: string) => d.checks.find((c) => c.check === id)!;

for (const backend of BACKENDS) {
  describe(`isolation endpoints (${backend})`, () => {
    let f: IsolationFixture;
    let id: (i: number) => string;

    before(async () => {
      f = await startIsolationFixture(backend, { simTenants: 12, records: 10 });
      id = (i) => f.tenants[i].id;
      await f.problems({
        [id(2)]: 'naming_mismatch',
        [id(3)]: 'shared_connection',
        [id(4)]: 'privilege_violation',
        [id(5)]: 'schema_misalignment',
        [id(6)]: 'credential_missing',
      });
    });
    after(() => f?.close());

    const detail = async (i: number | string) => {
      const r = await f.detail(typeof i === 'number' ? id(i) : i);
      assert.equal(r.statusCode, 200, r.body);
      return TenantIsolationSchema.parse(r.json());
    };

    test('a clean runtime passes every isolation check against the real simulator', async () => {
      const d = await detail(0);
      assert.equal(d.known, true);
      assert.equal(d.error, null);
      assert.ok(d.probedAt);
      const triage = new Set(['credit_health', 'hosted_runtime', 'entity_counts']);
      for (const c of d.checks.filter((x) => !triage.has(x.check)))
        assert.equal(c.result, 'pass', `${c.check}: ${c.evidence}`);
      assert.ok(['isolated', 'warning'].includes(d.verdict), 'only triage checks (credits) may warn');
    });

    test('seeded misconfigurations give the right check results and verdicts', async () => {
      const shared = await detail(3);
      assert.equal(shared.verdict, 'violation');
      assert.equal(check(shared, 'connection').result, 'violation');
      assert.equal(check(shared, 'runtime_auth_mode').result, 'warning');
      assert.deepEqual(shared.failing[0], { check: 'connection', result: 'violation' });

      const priv = await detail(4);
      assert.equal(priv.verdict, 'violation');
      assert.equal(check(priv, 'privilege_probe').result, 'violation');
      assert.match(check(priv, 'privilege_probe').observed!, /platform\.tenants/);

      const schema = await detail(5);
      assert.equal(schema.verdict, 'violation');
      assert.equal(check(schema, 'catalog_schema_alignment').result, 'violation');

      const cred = await detail(6);
      assert.equal(cred.verdict, 'warning');
      assert.deepEqual(
        [check(cred, 'credential_reference').result, check(cred, 'credential_reference').observed],
        ['warning', 'not configured']
      );
    });

    test('naming contract mismatch is a warning spelling out expected vs actual name, from Switchyard’s ids', async () => {
      const d = await detail(2);
      const s = f.tenants[2];
      const expected = expectedAppDatabaseName(s.organizationId, s.applicationId, 8);
      const c = check(d, 'naming_contract');
      assert.equal(c.result, 'warning');
      assert.equal(c.expected, expected);
      assert.equal(c.observed, `appdb_${s.id.replace(/-/g, '_')}`);
      assert.match(c.evidence, /expected app database .* actual .*Switchyard/);
      assert.notEqual(d.verdict, 'isolated');
    });

    test('a tenant only the runtime knows is probed with the runtime’s ids; one nobody knows is a 404', async () => {
      const d = await detail(10);
      assert.equal(d.known, false);
      assert.equal(d.environment, f.tenants[10].env);
      assert.equal(check(d, 'naming_contract').result, 'pass');
      assert.match(check(d, 'naming_contract').evidence, /runtime/);
      const missing = await f.detail('nobody-999');
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().code, 'not_found');
    });

    test('list: violations first, counts by verdict, filters and keyset pages', async () => {
      for (let i = 0; i < 10; i++) await detail(i);
      const full = IsolationPageSchema.parse((await f.t.call('listIsolation', { query: { limit: 200 } })).json());
      assert.equal(full.configured, true);
      assert.equal(full.items.length, 11, '10 records + 1 runtime-only tenant probed on demand');
      const ranks = full.items.map((x) => verdictRank(x.verdict));
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => a - b),
        'sorted by severity'
      );
      assert.deepEqual(
        full.items
          .slice(0, 3)
          .map((x) => x.tenantId)
          .sort(),
        [id(3), id(4), id(5)].sort()
      );
      const total = Object.values(full.counts).reduce((a, b) => a + b, 0);
      assert.equal(total, 11);
      assert.equal(full.counts.violation, 3);

      const v = IsolationPageSchema.parse(
        (await f.t.call('listIsolation', { query: { verdict: 'violation' } })).json()
      );
      assert.deepEqual(
        v.items.map((x) => x.verdict),
        ['violation', 'violation', 'violation']
      );
      assert.deepEqual(v.counts, full.counts, 'counts ignore the verdict filter');

      const c = IsolationPageSchema.parse(
        (await f.t.call('listIsolation', { query: { check: 'privilege_probe,connection' } })).json()
      );
      assert.deepEqual(c.items.map((x) => x.tenantId).sort(), [id(3), id(4)].sort());

      const env = f.tenants[4].env;
      const e = IsolationPageSchema.parse((await f.t.call('listIsolation', { query: { environment: env } })).json());
      assert.ok(e.items.length > 0 && e.items.every((x) => x.environment === env));
      assert.ok(e.items.some((x) => x.tenantId === id(4)));

      const seen: IsolationSummary[] = [];
      let cursor: string | null = null;
      let pages = 0;
      let lastPage: { prevCursor: string | null } | null = null;
      do {
        const page = IsolationPageSchema.parse(
          (await f.t.call('listIsolation', { query: { limit: 4, ...(cursor ? { cursor } : {}) } })).json()
        );
        seen.push(...page.items);
        cursor = page.nextCursor;
        lastPage = page;
        pages += 1;
      } while (cursor && pages < 10);
      assert.equal(pages, 3);
      assert.deepEqual(
        seen.map((x) => x.tenantId),
        full.items.map((x) => x.tenantId)
      );
      const back = IsolationPageSchema.parse(
        (await f.t.call('listIsolation', { query: { limit: 4, cursor: lastPage!.prevCursor! } })).json()
      );
      assert.deepEqual(
        back.items.map((x) => x.tenantId),
        full.items.slice(4, 8).map((x) => x.tenantId)
      );

      const bad = await f.t.call('listIsolation', { query: { verdict: 'violation', cursor: lastPage!.prevCursor! } });
      assert.equal(bad.statusCode, 400, 'a cursor is bound to its filters');
      assert.equal((await f.t.call('listIsolation', { query: { check: 'nope' } })).statusCode, 400);
    });

    test('re-probe: audited with the reason, idempotent, permission-checked', async () => {
      const before = await f.t.counts();
      const key = idempotencyKey();
      const first = await f.probe(id(4), 'quarterly isolation review', key);
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(TenantIsolationSchema.parse(first.json()).verdict, 'violation');
      const replay = await f.probe(id(4), 'quarterly isolation review', key);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.deepEqual(replay.json(), first.json());
      const after = await f.t.counts();
      assert.equal(after.audit, before.audit + 1, 'one audit entry for one logical probe');

      const audit = (await f.t.call('listAudit', { query: { action: 'isolation.probe', targetId: id(4) } })).json();
      assert.equal(audit.items[0].reason, 'quarterly isolation review');
      assert.equal(audit.items[0].targetType, 'tenant');
      assert.equal(audit.items[0].details.verdict, 'violation');

      assert.equal((await f.probe(id(4), 'x')).statusCode, 400, 'a reason is required');
      const noKey = await f.t.call('probeTenantIsolation', {
        params: { id: id(4) },
        body: { reason: 'because' },
        headers: { 'idempotency-key': undefined },
      });
      assert.equal(noKey.statusCode, 400);
      assert.equal(noKey.json().code, 'idempotency_key_missing');
      const readOnly = await f.t.call('probeTenantIsolation', {
        params: { id: id(4) },
        body: { reason: 'because' },
        headers: { 'idempotency-key': idempotencyKey(), [GRANTED_ACTION_HEADER]: Actions.isolationRead },
      });
      assert.equal(readOnly.statusCode, 403);
      const wrongRead = await f.t.call('listIsolation', { headers: { [GRANTED_ACTION_HEADER]: Actions.tenantsRead } });
      assert.equal(wrongRead.statusCode, 403, 'reads need isolation:read');
      assert.equal((await f.probe('nobody-999')).statusCode, 404);
    });
  });
}
