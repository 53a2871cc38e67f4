/** Audit endpoints: search, verify, and a bounded export streamed as NDJSON or CSV. */
import { Readable } from 'node:stream';
import { AuditExportHeaders, type AuditEntry } from '../../../contract';
import type { AuditService } from './audit.service';
import type { RouteHandlers } from '../../kernel/registrar';

const CSV_COLUMNS = [
  'seq',
  'ts',
  'actor',
  'orgId',
  'role',
  'action',
  'targetType',
  'targetId',
  'reason',
  'requestId',
  'jobId',
  'outcome',
  'details',
  'prevHash',
  'hash',
] as const;

/** RFC 4180 quoting, and a leading quote on values a spreadsheet would run as a formula. */
function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvRow(e: AuditEntry): string {
  const cells = [
    e.seq,
    e.ts,
    e.actor.login,
    e.actor.orgId,
    e.actor.role,
    e.action,
    e.targetType,
    e.targetId,
    e.reason,
    e.requestId,
    e.jobId,
    e.outcome,
    e.details,
    e.prevHash,
    e.hash,
  ];
  return `${cells.map(csvField).join(',')}\r\n`;
}

async function* lines(entries: AsyncIterable<AuditEntry>, format: 'ndjson' | 'csv'): AsyncGenerator<string> {
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
  for await (const e of entries) yield format === 'csv' ? csvRow(e) : `${JSON.stringify(e)}\n`;
}

export function auditRoutes(audit: AuditService): RouteHandlers {
  return {
    listAudit: async ({ query, scope }) => audit.list(await scope(), query),
    countAudit: async ({ query, scope }) => audit.count(await scope(), query),
    getTenantActivity: async ({ params, query, scope }) => audit.tenantActivity(await scope(), params.id, query),
    getJobActivity: async ({ params, query, scope }) => audit.jobActivity(await scope(), params.id, query),
    verifyAudit: async () => audit.verify(),
    exportAudit: async ({ query, mutation, reply, scope }) => {
      const { entries, matched, cap, truncated } = await audit.export(mutation, await scope(), query);
      // Pull the first entry before answering, so a failure still produces a proper error response.
      const first = await entries.next();
      async function* all(): AsyncGenerator<AuditEntry> {
        if (!first.done) yield first.value;
        yield* entries;
      }
      const ext = query.format === 'csv' ? 'csv' : 'ndjson';
      return reply
        .code(200)
        .type(query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
        .header('content-disposition', `attachment; filename="switchyard-audit.${ext}"`)
        .header(AuditExportHeaders.cap, String(cap))
        .header(AuditExportHeaders.matched, String(matched))
        .header(AuditExportHeaders.truncated, String(truncated))
        .send(Readable.from(lines(all(), query.format)));
    },
  };
}
