/**
 * Credentials pushes are recorded in the audit chain only (action `credentials.push`, the job's id,
 * the value's fingerprint, never the value): the accepted entry IS the record the waiting step reads,
 * so acceptance and its audit can never disagree and nothing secret is stored anywhere.
 */
import type { Executor } from '../../kernel/database/schema';

export const PUSH_ACTION = 'credentials.push';

export interface AcceptedPush {
  seq: number;
  fingerprint: string;
  receivedAt: string;
  pushedBy: string;
}

/** The accepted pushes of a job, oldest first (more than one only inside a racing transaction). */
export async function acceptedPushes(ex: Executor, jobId: string): Promise<AcceptedPush[]> {
  const rows = await ex
    .selectFrom('audit_entries')
    .select(['seq', 'ts', 'actor_login', 'details'])
    .where('job_id', '=', jobId)
    .where('action', '=', PUSH_ACTION)
    .where('outcome', '=', 'success')
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    fingerprint: String((JSON.parse(r.details) as { fingerprint?: unknown }).fingerprint ?? ''),
    receivedAt: r.ts,
    pushedBy: r.actor_login,
  }));
}
