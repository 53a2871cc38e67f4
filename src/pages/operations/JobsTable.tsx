import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Field, Input, useStyles2 } from '@grafana/ui';
import React, { useEffect, useState } from 'react';
import { Link } from '../../shared/Link';
import { jobUrl, tenantUrl } from '../../shared/routing';
import { jobStatusLabel, JobStatusBadge } from '../../shared/JobStatusBadge';
import { testIds } from '../../shared/testIds';
import { JOB_STATUSES, JOB_TYPES, TENANT_ID_PATTERN, type Job } from '../../contract';
import type { FilterPatch } from '../../shared/PagedListScene';
import { hasJobsToolbarFilters, type JobsFilters } from './jobsUrlState';
import { formatTimestamp } from '../../shared/timestamps';
import { dataTableStyle } from '../../shared/tableStyles';
import { MultiSelectFilter, selectOptions } from '../../shared/MultiSelectFilter';
import { ClearFiltersButton } from '../../shared/ClearFiltersButton';

export type JobsFilterPatch = FilterPatch<JobsFilters>;

/** The pause in typing after which the tenant filter applies (the same as the tenants search). */
export const TENANT_FILTER_DEBOUNCE_MS = 300;

/**
 * Type, status and tenant filters of the jobs list (all in the URL); the tenant applies after a pause
 * in typing, like the tenants search (at once on Enter or blur). The environment filter is the
 * hub's own (`HubEnvironmentFilter`, above every section), so "Clear filters" here leaves it alone.
 */
export function JobsToolbar({
  filters,
  onChange,
  onClear,
}: {
  filters: JobsFilters;
  onChange: (p: JobsFilterPatch) => void;
  onClear: () => void;
}) {
  const styles = useStyles2(getStyles);
  const [tenant, setTenant] = useState(filters.tenant);
  useEffect(() => setTenant(filters.tenant), [filters.tenant]);
  const invalid = tenant !== '' && !TENANT_ID_PATTERN.test(tenant);
  const commitTenant = () => !invalid && tenant !== filters.tenant && onChange({ tenant });
  useEffect(() => {
    if (invalid || tenant === filters.tenant) {
      return;
    }
    const timer = setTimeout(() => onChange({ tenant }), TENANT_FILTER_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [tenant, invalid, filters.tenant, onChange]);
  return (
    <div className={styles.toolbar}>
      <MultiSelectFilter
        label="Type"
        ariaLabel="Filter by type"
        options={selectOptions(JOB_TYPES)}
        value={filters.type}
        placeholder="Any type"
        width={30}
        testId={testIds.operations.filterType}
        onChange={(type) => onChange({ type })}
      />
      <MultiSelectFilter
        label="Status"
        ariaLabel="Filter by status"
        options={selectOptions(JOB_STATUSES, jobStatusLabel)}
        value={filters.status}
        placeholder="Any status"
        width={28}
        testId={testIds.operations.filterStatus}
        onChange={(status) => onChange({ status })}
      />
      <Field label="Tenant" invalid={invalid} error={invalid ? 'A tenant id' : undefined}>
        <Input
          data-testid={testIds.operations.filterTenant}
          aria-label="Filter by tenant"
          placeholder="tenant id"
          width={22}
          value={tenant}
          onChange={(e) => setTenant(e.currentTarget.value.trim())}
          onBlur={commitTenant}
          onKeyDown={(e) => e.key === 'Enter' && commitTenant()}
        />
      </Field>
      {hasJobsToolbarFilters(filters) && (
        <ClearFiltersButton onClick={onClear} testId={testIds.operations.clearFilters} />
      )}
    </div>
  );
}

/** One row per job: status, type, target (tenant linked), who, when. Active jobs come first from the sidecar. */
export function JobsTable({ items }: { items: Job[] }) {
  const styles = useStyles2(getStyles);
  return (
    <table className={styles.table} data-testid={testIds.operations.jobsTable}>
      <thead>
        <tr>
          <th>Status</th>
          <th>Job</th>
          <th>Target</th>
          <th>Env</th>
          <th>Requested by</th>
          <th>Created</th>
          <th>Finished</th>
        </tr>
      </thead>
      <tbody>
        {items.map((j) => (
          <tr key={j.id} data-testid={testIds.operations.jobRow} data-job-id={j.id} data-status={j.status}>
            <td>
              <JobStatusBadge status={j.status} testId={`${testIds.job.status}-${j.id}`} />
            </td>
            <td>
              <Link to={jobUrl(j.id)} data-testid={testIds.operations.jobLink}>
                {j.type}
              </Link>
            </td>
            <td>{j.tenantId ? <Link to={tenantUrl(j.tenantId)}>{j.target}</Link> : j.target}</td>
            <td>{j.environment}</td>
            <td>{j.requestedBy.login}</td>
            <td>{formatTimestamp(j.createdAt)}</td>
            <td>{formatTimestamp(j.finishedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  toolbar: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), alignItems: 'flex-end' }),
  table: css(dataTableStyle(theme)),
});
