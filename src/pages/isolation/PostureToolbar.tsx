import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { Button, Text, useStyles2 } from '@grafana/ui';
import React from 'react';
import { testIds } from '../../shared/testIds';
import { verdictLabel } from '../../shared/VerdictBadge';
import {
  CHECK_LABELS,
  ENVIRONMENTS,
  ISOLATION_CHECKS,
  ISOLATION_VERDICTS,
  type IsolationPage,
  type IsolationVerdict,
} from '../../contract';
import type { IsolationFilterPatch } from './IsolationPostureScene';
import { hasIsolationFilters, type IsolationFilters } from './isolationUrlState';
import { formatTimestamp } from '../../shared/timestamps';
import { MultiSelectFilter, selectOptions } from '../../shared/MultiSelectFilter';
import { ClearFiltersButton } from '../../shared/ClearFiltersButton';

const CHECK_OPTIONS = selectOptions(ISOLATION_CHECKS, (check) => CHECK_LABELS[check]);
const ENVIRONMENT_OPTIONS = selectOptions(ENVIRONMENTS);
const COUNT_VARIANT: Record<IsolationVerdict, 'destructive' | 'secondary' | 'primary' | 'success'> = {
  violation: 'destructive',
  unknown: 'secondary',
  warning: 'primary',
  isolated: 'success',
};

export interface PostureToolbarProps {
  filters: IsolationFilters;
  page?: IsolationPage;
  onToggleVerdict: (v: IsolationVerdict) => void;
  onChange: (patch: IsolationFilterPatch) => void;
  onClear: () => void;
}

/** Counts by verdict (each one toggles that verdict filter), check and environment filters, last refresh. */
export function PostureToolbar({ filters, page, onToggleVerdict, onChange, onClear }: PostureToolbarProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.toolbar}>
      <div className={styles.counts} role="group" aria-label="Tenants by verdict">
        {ISOLATION_VERDICTS.map((v) => {
          const selected = filters.verdict.includes(v);
          return (
            <Button
              key={v}
              size="md"
              variant={COUNT_VARIANT[v]}
              fill={selected ? 'solid' : 'outline'}
              aria-pressed={selected}
              data-testid={testIds.isolation.count}
              data-verdict={v}
              onClick={() => onToggleVerdict(v)}
            >
              {verdictLabel(v)}: {page ? page.counts[v] : '…'}
            </Button>
          );
        })}
      </div>
      <MultiSelectFilter
        label="Failing check"
        ariaLabel="Filter by failing check"
        options={CHECK_OPTIONS}
        value={filters.check}
        placeholder="Any check"
        width={36}
        testId={testIds.isolation.filterCheck}
        onChange={(check) => onChange({ check })}
      />
      <MultiSelectFilter
        label="Environment"
        ariaLabel="Filter by environment"
        options={ENVIRONMENT_OPTIONS}
        value={filters.environment}
        placeholder="Any environment"
        width={24}
        testId={testIds.isolation.filterEnvironment}
        onChange={(environment) => onChange({ environment })}
      />
      {hasIsolationFilters(filters) && (
        <ClearFiltersButton onClick={onClear} className={styles.clear} testId={testIds.isolation.clearFilters} />
      )}
      <div className={styles.refresh} data-testid={testIds.isolation.lastRefresh}>
        <Text color="secondary" variant="bodySmall">
          {page?.lastRefreshAt ? `Last full refresh ${formatTimestamp(page.lastRefreshAt)}` : 'No full refresh yet'}
        </Text>
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  toolbar: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), alignItems: 'flex-end' }),
  counts: css({
    display: 'flex',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
    marginRight: theme.spacing(2),
  }),
  clear: css({ marginBottom: theme.spacing(2) }),
  refresh: css({ marginLeft: 'auto', marginBottom: theme.spacing(2.5) }),
});
