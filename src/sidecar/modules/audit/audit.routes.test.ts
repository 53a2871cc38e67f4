import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { AuditEntrySchema, Actions, GRANTED_ACTION_HEADER, type AuditEntry } from '../../../contract';
import { computeEntryHash } from '../../kernel/audit/auditChain';
import { BACKENDS, idempotencyKey, startTestApp, tenantBody, type TestApp } from '../../testing/testApp';

for (const backend of BACKENDS) {
  describe(`audit (${backend})`, () => {
    let t: TestApp;
    const ids: string[] = [];

    before(async () => {
      t = await startTestApp(backend);
      for (let i = 0; i < 4; i++) {
        const body = tenantBody({ id: `audit-${backend}-${i}` });
        const r = await t.call('createTenant', { body, headers: { 'idempotency-key': idempotencyKey() } });
        assert.equal(r.statusCode, 201);
        ids.push(body.id as string);
        await t.call('changeTenantStatus', {
          params: { id: body.id as string },
          body: { to: 'active', reason: `launch ${i}` },
          token: { claims: { username: 'carol', role: 'Admin' } },
        });
      }
    });
    after(() => t?.close());

    test('every mutation is audited with actor, action, target, reason, request id and a linked hash', async () => {
      const page = (await t.call('listAudit', { query: { limit: 200 } })).json();
      const entries: AuditEntry[] = page.items.map((e: unknown) => AuditEntrySchema.parse(e));
      assert.equal(entries.length, 8);
      assert.deepEqual(
        entries.map((e) => e.seq),
        [8, 7, 6, 5, 4, 3, 2, 1],
        'newest first'
      );
      const status = entries[0];
      assert.equal(status.action, 'tenant.status');
      assert.deepEqual(status.actor, { login: 'carol', orgId: 1, role: 'Admin' });
      assert.equal(status.reason, 'launch 3');
      assert.equal(status.targetId, ids[3]);
      assert.equal(status.jobId, null);
      assert.deepEqual({ from: status.details.from, to: status.details.to }, { from: 'provisioning', to: 'active' });
      const create = entries[1];
      assert.equal(create.action, 'tenant.create');
      assert.deepEqual(create.actor, { login: 'alice', orgId: 1, role: 'Editor' });
      for (let i = 0; i < entries.length - 1; i++) assert.equal(entries[i].prevHash, entries[i + 1].hash);
      const { hash, ...unhashed } = entries[3];
      assert.equal(computeEntryHash(unhashed), hash);
    });

    test('the audit entry is written in the same transaction as the change: if the append fails, the change is rolled back', async () => {
      const db = t.database.db;
      // Make audit appends of tenant.update fail inside the database.
      if (t.database.kind === 'sqlite') {
        await sql`create trigger deny_update_audit before insert on audit_entries when new.action = 'tenant.update' begin select raise(abort, 'audit refused'); end`.execute(
          db
        );
      } else {
        await sql`create function deny_update_audit() returns trigger language plpgsql as $$ begin if new.action = 'tenant.update' then raise exception 'audit refused'; end if; return new; end $$`.execute(
          db
        );
        await sql`create trigger deny_update_audit before insert on audit_entries for each row execute function deny_update_audit()`.execute(
          db
        );
      }
      try {
        const before = await t.counts();
        const res = await t.call('updateTenant', {
          params: { id: ids[0] },
          body: { displayName: 'Never saved' },
          headers: { 'if-match': '"2"' },
        });
        assert.equal(res.statusCode, 500);
        assert.deepEqual(Object.keys(res.json()).sort(), ['code', 'message', 'requestId']);
        assert.equal(res.json().code, 'internal');
        assert.doesNotMatch(res.body, /audit refused|insert|audit_entries|at /i, 'no SQL or stack in the response');
        const tenant = (await t.call('getTenant', { params: { id: ids[0] } })).json();
        assert.equal(tenant.version, 2);
        assert.notEqual(tenant.displayName, 'Never saved');
        assert.deepEqual(await t.counts(), before);
      } finally {
        await sql`drop trigger deny_update_audit${sql.raw(t.database.kind === 'postgres' ? ' on audit_entries' : '')}`.execute(
          db
        );
      }
      const ok = await t.call('updateTenant', {
        params: { id: ids[0] },
        body: { displayName: 'Saved' },
        headers: { 'if-match': '"2"' },
      });
      assert.equal(ok.statusCode, 200);
    });

    test('filters and keyset pagination (newest first) with prev/next cursors', async () => {
      const byTarget = (await t.call('listAudit', { query: { targetType: 'tenant', targetId: ids[1] } })).json();
      assert.deepEqual(
        byTarget.items.map((e: AuditEntry) => e.action),
        ['tenant.status', 'tenant.create']
      );
      const byActor = (await t.call('listAudit', { query: { actor: 'carol' } })).json();
      assert.equal(byActor.items.length, 4);
      const n = (await t.counts()).audit;
      const first = (await t.call('listAudit', { query: { limit: 3 } })).json();
      assert.equal(first.prevCursor, null);
      assert.deepEqual(
        first.items.map((e: AuditEntry) => e.seq),
        [n, n - 1, n - 2]
      );
      const second = (await t.call('listAudit', { query: { limit: 3, cursor: first.nextCursor } })).json();
      assert.deepEqual(
        second.items.map((e: AuditEntry) => e.seq),
        [n - 3, n - 4, n - 5]
      );
      const back = (await t.call('listAudit', { query: { limit: 3, cursor: second.prevCursor } })).json();
      assert.deepEqual(
        back.items.map((e: AuditEntry) => e.seq),
        [n, n - 1, n - 2]
      );
      assert.equal(back.prevCursor, null);
      const future = (await t.call('listAudit', { query: { from: '2999-01-01T00:00:00Z' } })).json();
      assert.equal(future.items.length, 0);
    });

    test('concurrent mutations never fork the chain', async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          t.call('createTenant', {
            body: tenantBody({ id: `race-${backend}-${i}` }),
            headers: { 'idempotency-key': idempotencyKey() },
          })
        )
      );
      assert.ok(results.every((r) => r.statusCode === 201));
      const verify = (await t.call('verifyAudit')).json();
      assert.equal(verify.ok, true, JSON.stringify(verify));
      assert.equal(verify.checked, (await t.counts()).audit);
    });

    test('export streams NDJSON and CSV, bounded by limit, and needs the export permission', async () => {
      const nd = await t.call('exportAudit', { query: { format: 'ndjson', limit: 5 } });
      assert.equal(nd.statusCode, 200);
      assert.match(String(nd.headers['content-type']), /application\/x-ndjson/);
      const lines = nd.body
        .trim()
        .split('\n')
        .map((l) => AuditEntrySchema.parse(JSON.parse(l)));
      assert.equal(lines.length, 5);
      assert.equal(lines[0].action, 'audit.export', 'the export itself is audited first');
      const csv = await t.call('exportAudit', { query: { format: 'csv', targetId: ids[2] } });
      const rows = csv.body.trim().split('\r\n');
      assert.equal(rows[0].split(',')[0], 'seq');
      assert.equal(rows.length, 3);
      const denied = await t.call('exportAudit', { headers: { [GRANTED_ACTION_HEADER]: Actions.auditRead } });
      assert.equal(denied.statusCode, 403);
      const tooMany = await t.call('exportAudit', { query: { limit: 50_001 } });
      assert.equal(tooMany.statusCode, 400);
      assert.equal(tooMany.json().field, 'limit');
    });

    describe('tamper detection', () => {
      test('an UPDATE of a row is a hash_mismatch at that seq; a re-hashed row breaks the next link; truncation is a gap', async () => {
        const db = t.database.db;
        assert.equal((await t.call('verifyAudit')).json().ok, true);
        await db.updateTable('audit_entries').set({ reason: 'nothing to see here' }).where('seq', '=', 3).execute();
        let v = (await t.call('verifyAudit')).json();
        assert.deepEqual(
          { ok: v.ok, firstBroken: v.firstBroken, checked: v.checked },
          { ok: false, firstBroken: { seq: 3, reason: 'hash_mismatch' }, checked: 2 }
        );

        // A careful attacker re-computes the row's own hash: the next entry's link gives it away.
        await db.updateTable('audit_entries').set({ reason: null }).where('seq', '=', 3).execute();
        const row = (await t.call('listAudit', { query: { targetId: ids[1], action: 'tenant.status' } })).json()
          .items[0] as AuditEntry;
        assert.equal(row.seq, 4);
        const { hash: _old, ...unhashed } = { ...row, reason: 'forged' };
        await db
          .updateTable('audit_entries')
          .set({ reason: 'forged', hash: computeEntryHash(unhashed) })
          .where('seq', '=', 4)
          .execute();
        v = (await t.call('verifyAudit')).json();
        assert.deepEqual(v.firstBroken, { seq: 5, reason: 'link_mismatch' });

        // Restore row 4 and delete the newest entry: the head is ahead of the chain.
        await db
          .updateTable('audit_entries')
          .set({ reason: row.reason, hash: row.hash })
          .where('seq', '=', 4)
          .execute();
        assert.equal((await t.call('verifyAudit')).json().ok, true);
        const head = (await t.call('listAudit', { query: { limit: 1 } })).json().items[0] as AuditEntry;
        await db.deleteFrom('audit_entries').where('seq', '=', head.seq).execute();
        v = (await t.call('verifyAudit')).json();
        assert.deepEqual(v.firstBroken, { seq: head.seq, reason: 'sequence_gap' });
        // A hole in the middle is a gap at the missing seq.
        await db.deleteFrom('audit_entries').where('seq', '=', 2).execute();
        v = (await t.call('verifyAudit')).json();
        assert.deepEqual(v.firstBroken, { seq: 2, reason: 'sequence_gap' });
      });
    });
  });
}
