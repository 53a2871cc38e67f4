import { operationsApi, type OperationsApi } from '../../api/operationsApi';
import { Actions, type AlertPage, type JobPage, type PlatformHealthOverview, type TenantCounts } from '../../contract';
import { can } from '../../shared/permissions';
import { prefetch, takePrefetched } from '../../shared/prefetch';

/** The overview's numbers: each section loads (or fails) alone; sections the user may not read stay absent. */
export interface OverviewSections {
  counts?: TenantCounts;
  /** Every environment the user may see. */
  health?: PlatformHealthOverview;
  failedJobs?: JobPage;
  firing?: AlertPage;
  /** Sections that could not be loaded. */
  failed: string[];
}

const PREFETCH_KEY = 'overview-sections';

/** The four requests behind the overview's numbers, at once. */
export async function fetchOverviewSections(api: OperationsApi): Promise<OverviewSections> {
  const failed: string[] = [];
  const get = async <T>(name: string, allowed: boolean, fn: () => Promise<T>): Promise<T | undefined> => {
    if (!allowed) {
      return undefined;
    }
    try {
      return await fn();
    } catch {
      failed.push(name);
      return undefined;
    }
  };
  const ops = can(Actions.operationsRead);
  const [counts, health, failedJobs, firing] = await Promise.all([
    get('tenants', can(Actions.tenantsRead), () => api.getTenantCounts()),
    get('health', ops, () => api.getPlatformHealth()),
    get('jobs', ops, () => api.listJobs({ status: ['failed'], limit: 5 })),
    get('alerts', ops, () => api.listAlerts({ status: 'firing', limit: 5 })),
  ]);
  return { counts, health, failedJobs, firing, failed };
}

/**
 * Started by the app root for a page load on the overview, from this module's own chunk: the numbers
 * do not wait for the page body's chunk (its panels' code is most of it). The overview takes it on
 * its first load.
 */
export function prefetchFirstPage(): void {
  if (!can(Actions.tenantsRead)) {
    return;
  }
  prefetch(PREFETCH_KEY, () => fetchOverviewSections(operationsApi));
}

/** The prefetched sections (once, while fresh), or undefined. */
export function takePrefetchedSections(): Promise<OverviewSections> | undefined {
  return takePrefetched<OverviewSections>(PREFETCH_KEY);
}
