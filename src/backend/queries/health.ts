/** CheckHealth: one read call to the sidecar with the data source's credential. */
import type { CheckHealthResult } from '../plugin/types';
import { QueryError, redact } from './errors';
import type { SidecarClient } from './sidecarClient';

export async function checkSidecar(client: SidecarClient | QueryError, secrets: string[]): Promise<CheckHealthResult> {
  if (client instanceof QueryError) return { status: 'ERROR', message: client.message };
  try {
    const counts = await client.get('getTenantCounts');
    return {
      status: 'OK',
      message: `Connected to Switchyard sidecar ${client.url} as data source`,
      jsonDetails: { tenants: counts.total },
    };
  } catch (err) {
    const message =
      err instanceof QueryError
        ? err.message
        : `Switchyard sidecar at ${client.url}: the health check failed unexpectedly`;
    return { status: 'ERROR', message: redact(message, secrets) };
  }
}
