import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Field, Icon, Input, useStyles2 } from '@grafana/ui';
import React, { useEffect, useState } from 'react';
import { statusLabel } from '../../shared/StatusBadge';
import { testIds } from '../../shared/testIds';
import { ENVIRONMENTS, PLANS, TENANT_STATUSES } from '../../contract';
import type { TenantsFilterPatch } from './TenantsListScene';
import { hasActiveFilters, LABEL_FILTER_PATTERN, type TenantsFilters } from './tenantsUrlState';
import { MultiSelectFilter, selectOptions } from '../../shared/MultiSelectFilter';
import { ClearFiltersButton } from '../../shared/ClearFiltersButton';

const SEARCH_DEBOUNCE_MS = 300;

const STATUS_OPTIONS = selectOptions(TENANT_STATUSES, statusLabel);
const ENVIRONMENT_OPTIONS = selectOptions(ENVIRONMENTS);
const PLAN_OPTIONS = selectOptions(PLANS);

export interface TenantsToolbarProps {
  filters: TenantsFilters;
  onChange: (patch: TenantsFilterPatch) => void;
  onClear: () => void;
}

/** Search box and filters. Search applies after a pause in typing or on Enter; label on Enter or blur. */
export function TenantsToolbar({ filters, onChange, onClear }: TenantsToolbarProps) {
  const styles = useStyles2(getStyles);
  const [q, setQ] = useState(filters.q);
  const [label, setLabel] = useState(filters.label);
  const labelInvalid = label !== '' && !LABEL_FILTER_PATTERN.test(label);

  // The URL (back button, shared link) can change the filters under us.
  useEffect(() => setQ(filters.q), [filters.q]);
  useEffect(() => setLabel(filters.label), [filters.label]);

  useEffect(() => {
    if (q === filters.q) {
      return;
    }
    const timer = setTimeout(() => onChange({ q: q.trim() }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q, filters.q, onChange]);

  const commitLabel = () => {
    if (!labelInvalid && label !== filters.label) {
      onChange({ label });
    }
  };

  return (
    <div className={styles.toolbar}>
      <Field label="Search" className={styles.search}>
        <Input
          data-testid={testIds.tenants.search}
          aria-label="Search tenants"
          prefix={<Icon name="search" />}
          placeholder="Id or display name"
          value={q}
          maxLength={100}
          onChange={(e) => setQ(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && onChange({ q: q.trim() })}
        />
      </Field>
      <MultiSelectFilter
        label="Status"
        ariaLabel="Filter by status"
        options={STATUS_OPTIONS}
        value={filters.status}
        placeholder="Any status"
        width={28}
        testId={testIds.tenants.filterStatus}
        onChange={(status) => onChange({ status })}
      />
      <MultiSelectFilter
        label="Environment"
        ariaLabel="Filter by environment"
        options={ENVIRONMENT_OPTIONS}
        value={filters.environment}
        placeholder="Any environment"
        width={24}
        testId={testIds.tenants.filterEnvironment}
        onChange={(environment) => onChange({ environment })}
      />
      <MultiSelectFilter
        label="Plan"
        ariaLabel="Filter by plan"
        options={PLAN_OPTIONS}
        value={filters.plan}
        placeholder="Any plan"
        width={24}
        testId={testIds.tenants.filterPlan}
        onChange={(plan) => onChange({ plan })}
      />
      <Field
        label="Label"
        invalid={labelInvalid}
        error={labelInvalid ? 'Label filter: use key or key=value (lowercase key)' : undefined}
      >
        <Input
          data-testid={testIds.tenants.filterLabel}
          aria-label="Filter by label"
          placeholder="key or key=value"
          width={24}
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
          onBlur={commitLabel}
          onKeyDown={(e) => e.key === 'Enter' && commitLabel()}
        />
      </Field>
      {hasActiveFilters(filters) && <ClearFiltersButton onClick={onClear} className={styles.clear} />}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  toolbar: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), alignItems: 'flex-start' }),
  search: css({ minWidth: 240, flexGrow: 1 }),
  clear: css({ marginTop: theme.spacing(3) }),
});
