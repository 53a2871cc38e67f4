import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import {
  AUDIT_EXPORT_CAP,
  AuditCountSchema,
  AuditEntrySchema,
  AuditExportHeaders,
  AuditVerifySchema,
  Actions,
  GRANTED_ACTION_HEADER,
  type AuditEntry,
} from '../../../contract';
import pino from 'pino';
import { appendEntry, computeEntryHash } from '../../kernel/audit/auditChain';
import { Mutations } from '../../kernel/mutations';
import { AuditService } from './audit.service';
import type { JobsTable } from '../../kernel/database/schema';
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

    test('tenant filter covers the tenant and its jobs; free text, outcome and time range narrow the search', async () => {
      const tenant = ids[1];
      const jobId = `job-${backend}-on-${tenant}`;
      const now = t.clock.now();
      await t.database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('jobs')
          .values(jobRow(jobId, tenant, now.toISOString()))
          .execute();
        const base = { actor: { login: 'bob', orgId: 1, role: 'job' }, reason: null, details: {} };
        // A worker entry carries the job id; a preflight refusal names the job only as its target.
        await appendEntry(
          trx,
          {
            ...base,
            action: 'job.start',
            targetType: 'job',
            targetId: jobId,
            requestId: 'rq-job-1',
            jobId,
            outcome: 'success',
          },
          now
        );
        await appendEntry(
          trx,
          {
            ...base,
            action: 'job.create',
            targetType: 'job',
            targetId: jobId,
            requestId: 'rq-job-2',
            jobId: null,
            outcome: 'failure',
            details: { note: 'Preflight 100%_FAILED' },
          },
          now
        );
      });
      const byTenant = (await t.call('listAudit', { query: { tenantId: tenant } })).json().items as AuditEntry[];
      assert.deepEqual(
        byTenant.map((e) => e.action),
        ['job.create', 'job.start', 'tenant.status', 'tenant.create']
      );
      assert.deepEqual((await t.call('countAudit', { query: { tenantId: tenant } })).json(), {
        count: 4,
        exportCap: AUDIT_EXPORT_CAP,
      });
      const other = (await t.call('listAudit', { query: { tenantId: ids[2] } })).json().items as AuditEntry[];
      assert.ok(other.every((e) => e.targetId === ids[2]));
      assert.equal((await t.call('listAudit', { query: { tenantId: 'no-such-tenant' } })).json().items.length, 0);

      // Free text is a case-insensitive substring; % and _ are literal characters, not wildcards.
      const launch = (await t.call('listAudit', { query: { q: 'LAUNCH 2' } })).json().items as AuditEntry[];
      assert.deepEqual(
        launch.map((e) => e.reason),
        ['launch 2']
      );
      const literal = (await t.call('listAudit', { query: { q: '100%_f' } })).json().items as AuditEntry[];
      assert.deepEqual(
        literal.map((e) => e.requestId),
        ['rq-job-2']
      );
      assert.equal((await t.call('countAudit', { query: { q: '1%0' } })).json().count, 0);
      assert.equal((await t.call('listAudit', { query: { q: 'rq-job-1' } })).json().items[0].action, 'job.start');

      const failures = (await t.call('listAudit', { query: { outcome: 'failure', tenantId: tenant } })).json();
      assert.deepEqual(
        failures.items.map((e: AuditEntry) => e.requestId),
        ['rq-job-2']
      );
      const windowed = await t.call('countAudit', {
        query: {
          from: new Date(now.getTime() - 60_000).toISOString(),
          to: new Date(now.getTime() + 60_000).toISOString(),
        },
      });
      assert.equal(windowed.json().count, (await t.counts()).audit);
      const before = await t.call('countAudit', { query: { to: new Date(now.getTime() - 60_000).toISOString() } });
      assert.equal(AuditCountSchema.parse(before.json()).count, 0);

      const blank = await t.call('listAudit', { query: { q: '   ' } });
      assert.equal(blank.statusCode, 400);
      assert.equal(blank.json().field, 'q');
      const badTime = await t.call('countAudit', { query: { from: 'yesterday' } });
      assert.equal(badTime.statusCode, 400);
      assert.equal(badTime.json().field, 'from');
    });

    test('keyset pages of a filtered search walk forward and back without repeats; a cursor is bound to its filter', async () => {
      const seen: number[] = [];
      let page = (await t.call('listAudit', { query: { limit: 2, action: 'tenant.create' } })).json();
      const first = page.items.map((e: AuditEntry) => e.seq);
      for (;;) {
        seen.push(...page.items.map((e: AuditEntry) => e.seq));
        assert.ok(page.items.every((e: AuditEntry) => e.action === 'tenant.create'));
        if (!page.nextCursor) break;
        page = (
          await t.call('listAudit', { query: { limit: 2, action: 'tenant.create', cursor: page.nextCursor } })
        ).json();
      }
      assert.deepEqual(
        seen,
        [...seen].sort((a, b) => b - a)
      );
      assert.equal(new Set(seen).size, seen.length);
      assert.equal(seen.length, (await t.call('countAudit', { query: { action: 'tenant.create' } })).json().count);
      // Walk back from the last page to the first.
      while (page.prevCursor) {
        page = (
          await t.call('listAudit', { query: { limit: 2, action: 'tenant.create', cursor: page.prevCursor } })
        ).json();
      }
      assert.deepEqual(
        page.items.map((e: AuditEntry) => e.seq),
        first
      );
      const second = (await t.call('listAudit', { query: { limit: 2, action: 'tenant.create' } })).json().nextCursor;
      const replay = await t.call('listAudit', { query: { limit: 2, action: 'tenant.status', cursor: second } });
      assert.equal(replay.statusCode, 400);
      assert.equal(replay.json().field, 'cursor');
    });

    test("a tenant's and a job's activity: the entries the filtered search finds, paged, under activity:read alone", async () => {
      const tenant = ids[3];
      const jobId = randomUUID();
      const now = t.clock.now();
      await t.database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('jobs')
          .values(jobRow(jobId, tenant, now.toISOString()))
          .execute();
        for (const action of ['job.start', 'job.step']) {
          await appendEntry(
            trx,
            {
              actor: { login: 'runner', orgId: 1, role: 'job' },
              action,
              targetType: 'job',
              targetId: jobId,
              reason: null,
              requestId: `rq-${action}`,
              jobId,
              outcome: 'success',
              details: {},
            },
            now
          );
        }
      });
      const seqs = (page: { items: AuditEntry[] }) => page.items.map((e) => e.seq);
      const searched = (await t.call('listAudit', { query: { tenantId: tenant, limit: 200 } })).json();
      const activity = await t.call('getTenantActivity', { params: { id: tenant }, query: { limit: 200 } });
      assert.equal(activity.statusCode, 200, activity.body);
      assert.deepEqual(seqs(activity.json()), seqs(searched));
      assert.deepEqual(
        activity.json().items.map((e: AuditEntry) => e.action),
        ['job.step', 'job.start', 'tenant.status', 'tenant.create']
      );
      const first = (await t.call('getTenantActivity', { params: { id: tenant }, query: { limit: 3 } })).json();
      const rest = (
        await t.call('getTenantActivity', { params: { id: tenant }, query: { limit: 3, cursor: first.nextCursor } })
      ).json();
      assert.deepEqual([...seqs(first), ...seqs(rest)], seqs(searched));

      const job = await t.call('getJobActivity', { params: { id: jobId } });
      assert.equal(job.statusCode, 200, job.body);
      assert.deepEqual(
        job.json().items.map((e: AuditEntry) => [e.action, e.jobId]),
        [
          ['job.step', jobId],
          ['job.start', jobId],
        ]
      );

      const missingTenant = await t.call('getTenantActivity', { params: { id: 'no-such-tenant' } });
      assert.equal(missingTenant.statusCode, 404);
      assert.equal(missingTenant.json().message, 'Tenant no-such-tenant was not found');
      const missingJob = randomUUID();
      const noJob = await t.call('getJobActivity', { params: { id: missingJob } });
      assert.equal(noJob.statusCode, 404);
      assert.equal(noJob.json().message, `Job ${missingJob} was not found`);

      // activity:read opens a tenant's or a job's activity and nothing of the Audit page; audit:read is not activity:read.
      for (const name of ['listAudit', 'countAudit', 'verifyAudit', 'exportAudit', 'listSecurityEvents'] as const) {
        const res = await t.call(name, { headers: { [GRANTED_ACTION_HEADER]: Actions.activityRead } });
        assert.equal(res.statusCode, 403, `${name}: ${res.body}`);
      }
      for (const [name, id] of [
        ['getTenantActivity', tenant],
        ['getJobActivity', jobId],
      ] as const) {
        const res = await t.call(name, { params: { id }, headers: { [GRANTED_ACTION_HEADER]: Actions.auditRead } });
        assert.equal(res.statusCode, 403, `${name}: ${res.body}`);
      }
    });

    test('counting and searching need the audit read permission', async () => {
      for (const name of ['listAudit', 'countAudit', 'verifyAudit'] as const) {
        const res = await t.call(name, { headers: { [GRANTED_ACTION_HEADER]: Actions.tenantsRead } });
        assert.equal(res.statusCode, 403, name);
      }
      const verify = AuditVerifySchema.parse((await t.call('verifyAudit')).json());
      assert.equal(verify.ok, true);
      assert.ok(verify.durationMs >= 0);
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
      const tooMany = await t.call('exportAudit', { query: { limit: AUDIT_EXPORT_CAP + 1 } });
      assert.equal(tooMany.statusCode, 400);
      assert.equal(tooMany.json().field, 'limit');
      assert.match(tooMany.json().message, /at most 10000 rows/);
    });

    test('export headers state the cap, what matched and whether the file was cut', async () => {
      const matching = (await t.call('countAudit', { query: { actor: 'carol' } })).json().count as number;
      assert.ok(matching >= 4);
      const cut = await t.call('exportAudit', { query: { format: 'ndjson', actor: 'carol', limit: 2 } });
      assert.equal(cut.statusCode, 200);
      assert.equal(cut.headers[AuditExportHeaders.cap], '2');
      assert.equal(cut.headers[AuditExportHeaders.matched], String(matching));
      assert.equal(cut.headers[AuditExportHeaders.truncated], 'true');
      const rows = cut.body
        .trim()
        .split('\n')
        .map((l) => AuditEntrySchema.parse(JSON.parse(l)));
      assert.equal(rows.length, 2);
      assert.ok(rows.every((e) => e.actor.login === 'carol'));
      assert.ok(rows[0].seq > rows[1].seq, 'newest first');
      const whole = await t.call('exportAudit', { query: { format: 'csv', actor: 'carol' } });
      assert.equal(whole.headers[AuditExportHeaders.cap], String(AUDIT_EXPORT_CAP));
      assert.equal(whole.headers[AuditExportHeaders.truncated], 'false');
      assert.equal(whole.body.trim().split('\r\n').length, matching + 1, 'header row + every match');
    });

    describe('tamper detection', () => {
      test('verification read in small batches finds the same breaks at and across batch boundaries', async () => {
        const db = t.database.db;
        const whole = (await t.call('verifyAudit')).json();
        assert.equal(whole.ok, true);
        const mutations = new Mutations(db, pino({ level: 'silent' }), t.clock);
        for (const batch of [1, 2, 3, whole.checked, whole.checked + 1]) {
          const r = await new AuditService(db, mutations, batch).verify();
          assert.deepEqual(
            { ok: r.ok, checked: r.checked, headHash: r.headHash },
            { ok: true, checked: whole.checked, headHash: whole.headHash },
            `batch ${batch}`
          );
        }
        // seq 3 opens the second batch of 2 and closes the first batch of 3.
        const original = await db
          .selectFrom('audit_entries')
          .select('reason')
          .where('seq', '=', 3)
          .executeTakeFirstOrThrow();
        await db.updateTable('audit_entries').set({ reason: 'edited at a boundary' }).where('seq', '=', 3).execute();
        try {
          for (const batch of [1, 2, 3, whole.checked]) {
            const r = await new AuditService(db, mutations, batch).verify();
            assert.deepEqual(
              { ok: r.ok, checked: r.checked, firstBroken: r.firstBroken },
              { ok: false, checked: 2, firstBroken: { seq: 3, reason: 'hash_mismatch' } },
              `batch ${batch}`
            );
          }
        } finally {
          await db.updateTable('audit_entries').set({ reason: original.reason }).where('seq', '=', 3).execute();
        }
        assert.equal((await new AuditService(db, mutations, 2).verify()).ok, true);
      });

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

function jobRow(id: string, tenantId: string, at: string): JobsTable {
  return {
    id,
    type: 'tenant.restart',
    status: 'running',
    active: 1,
    environment: 'prod',
    tenant_id: tenantId,
    lock_key: `tenant:${tenantId}`,
    target: tenantId,
    params: '{}',
    reason: 'test job',
    source: 'ui',
    requested_by_login: 'bob',
    requested_by_org: 1,
    approval: '{}',
    plan: '{}',
    context: '{}',
    current_step: 0,
    step_count: 0,
    cancel_requested: 0,
    error: null,
    request_id: 'rq-job-0',
    created_at: at,
    updated_at: at,
    started_at: at,
    finished_at: null,
    lease_owner: null,
    lease_expires_at: null,
    fence: 0,
  };
}
