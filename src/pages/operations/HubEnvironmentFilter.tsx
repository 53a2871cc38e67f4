import React from 'react';
import { MultiSelectFilter, selectOptions } from '../../shared/MultiSelectFilter';
import { testIds } from '../../shared/testIds';
import type { JobsListScene } from './JobsListScene';

/**
 * The operations hub's environment filter, above its sections: it narrows the alert inbox, the jobs
 * and platform health. Its value is the jobs list's `filters.environment` (URL key `environment`),
 * the one store the hub's sections follow; it offers the environments the user is entitled to
 * (every one until those are known, as the sidecar still answers only what the user may see).
 */
export function HubEnvironmentFilter({ jobs }: { jobs: JobsListScene }) {
  const { filters, environments } = jobs.useState();
  return (
    <MultiSelectFilter
      label="Environments"
      description="Applies to the alert inbox, jobs and platform health"
      ariaLabel="Filter by environment"
      options={selectOptions(environments)}
      value={filters.environment}
      placeholder="All environments"
      width={40}
      testId={testIds.operations.filterEnvironment}
      onChange={jobs.setEnvironments}
    />
  );
}
