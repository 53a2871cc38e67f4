/**
 * Imports the platform's inventory (tenants, shards, placements) into the sidecar the way an operator
 * does from the Fleet page: the preview, then an `inventory.sync` job (Idempotency-Key, reason),
 * followed until the preview shows nothing left to import. A sync the scheduled reconcile already
 * started is waited for instead of duplicated.
 */
import { randomUUID } from 'node:crypto';
import type { Api } from './seed';

export interface InventoryImport {
  tenants: number;
  shards: number;
  placements: number;
  jobId: string | null;
}

export async function importInventory(api: Api, timeoutMs = 120_000): Promise<InventoryImport> {
  const preview = async () => {
    const r = await api.call('GET', '/api/v1/placement/inventory');
    if (r.status !== 200) throw new Error(`inventory preview: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  };
  const first = await preview();
  let jobId: string | null = null;
  if (first.changes) {
    const r = await api.call(
      'POST',
      '/api/v1/jobs',
      {
        type: 'inventory.sync',
        params: {},
        reason: 'Import the platform inventory at start-up',
        source: { kind: 'api', ref: 'demo' },
      },
      { 'idempotency-key': randomUUID() }
    );
    if (r.status === 201) jobId = r.json.job.id;
    else if (!(r.status === 409 && r.json?.details?.activeJobId))
      throw new Error(`inventory sync: ${r.status} ${JSON.stringify(r.json)}`);
    else jobId = r.json.details.activeJobId;
  }
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (jobId) {
      const j = await api.call('GET', `/api/v1/jobs/${jobId}`);
      if (j.status === 200 && ['failed', 'cancelled'].includes(j.json.status))
        throw new Error(`inventory sync ${jobId} ${j.json.status}: ${JSON.stringify(j.json.error)}`);
    }
    const p = await preview();
    if (!p.changes) return { ...p.platform, jobId };
    if (Date.now() > until) throw new Error(`the inventory was not imported within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
