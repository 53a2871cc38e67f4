import { css } from '@emotion/css';
import { dateTimeFormat, dateTimeParse, type GrafanaTheme2, type SelectableValue } from '@grafana/data';
import { Field, Icon, Input, RadioButtonGroup, Select, useStyles2 } from '@grafana/ui';
import React, { useEffect, useState } from 'react';
import type { FilterPatch } from '../../shared/PagedListScene';
import { ClearFiltersButton } from '../../shared/ClearFiltersButton';
import { testIds } from '../../shared/testIds';
import { userTimeZone } from '../../shared/timestamps';
import { AUDIT_OUTCOMES, hasAuditFilters, type AuditFilters } from './auditUrlState';

/** The pause in typing after which a text filter applies (the same as the tenants search). */
export const SEARCH_DEBOUNCE_MS = 300;
const TIME_FORMAT = 'YYYY-MM-DD HH:mm';
const TIME_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;

const OUTCOME_OPTIONS: Array<SelectableValue<string>> = [
  { value: '', label: 'Any' },
  ...AUDIT_OUTCOMES.map((o) => ({ value: o, label: o })),
];

/** Quick ranges: entries of the last N hours, ending now. */
export const QUICK_RANGES: Array<SelectableValue<number>> = [
  { value: 1, label: 'Last hour' },
  { value: 24, label: 'Last 24 hours' },
  { value: 24 * 7, label: 'Last 7 days' },
  { value: 24 * 30, label: 'Last 30 days' },
];

/** An ISO instant as the user reads it (their time zone), or '' for none. */
export function toLocalInput(iso: string): string {
  return iso ? dateTimeFormat(iso, { timeZone: userTimeZone(), format: TIME_FORMAT }) : '';
}

/** What the user typed as an ISO instant, '' for empty, or null when it is not a time. */
export function fromLocalInput(text: string): string | null {
  const t = text.trim();
  if (!t) {
    return '';
  }
  if (!TIME_PATTERN.test(t)) {
    return null;
  }
  const parsed = dateTimeParse(t, { timeZone: userTimeZone(), format: TIME_FORMAT });
  return parsed.isValid() ? parsed.toISOString() : null;
}

type Patch = FilterPatch<AuditFilters>;

type TextFilterName = 'actor' | 'action' | 'tenant' | 'job';

interface TextFilterProps {
  label: string;
  /** The filter it sets (its URL key). */
  name: TextFilterName;
  value: string;
  placeholder: string;
  testId: string;
  width?: number;
  onChange: (patch: Patch) => void;
}

/** A text filter applied after a pause in typing, like the search box (at once on Enter or blur). */
function TextFilter({ label, name, value, placeholder, testId, width = 20, onChange }: TextFilterProps) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value) {
      return;
    }
    const timer = setTimeout(() => onChange({ [name]: text.trim() }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value, name, onChange]);
  const commit = () => text.trim() !== value && onChange({ [name]: text.trim() });
  return (
    <Field label={label}>
      <Input
        data-testid={testId}
        aria-label={`Filter by ${label.toLowerCase()}`}
        placeholder={placeholder}
        width={width}
        maxLength={200}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </Field>
  );
}

interface TimeFilterProps {
  label: 'From' | 'To';
  iso: string;
  testId: string;
  onCommit: (iso: string) => void;
}

function TimeFilter({ label, iso, testId, onCommit }: TimeFilterProps) {
  const [text, setText] = useState(toLocalInput(iso));
  useEffect(() => setText(toLocalInput(iso)), [iso]);
  const parsed = fromLocalInput(text);
  const commit = () => parsed !== null && parsed !== iso && onCommit(parsed);
  return (
    <Field
      label={label}
      invalid={parsed === null}
      error={parsed === null ? `${label}: use ${TIME_FORMAT} (your time zone), or leave it empty` : undefined}
    >
      <Input
        data-testid={testId}
        aria-label={`${label} time`}
        placeholder={TIME_FORMAT}
        width={20}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </Field>
  );
}

export interface AuditToolbarProps {
  filters: AuditFilters;
  onChange: (patch: Patch) => void;
  onClear: () => void;
  /** "Now" for quick ranges (tests pass a fixed instant). */
  now?: () => Date;
}

/**
 * Every filter of the audit search; each lives in the URL. Text filters apply after a pause in typing
 * (or at once on Enter), so a URL copied after typing carries them.
 */
export function AuditToolbar({ filters, onChange, onClear, now = () => new Date() }: AuditToolbarProps) {
  const styles = useStyles2(getStyles);
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);
  useEffect(() => {
    if (q.trim() === filters.q) {
      return;
    }
    const timer = setTimeout(() => onChange({ q: q.trim() }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q, filters.q, onChange]);

  return (
    <div className={styles.toolbar}>
      <Field label="Search" className={styles.search}>
        <Input
          data-testid={testIds.audit.filterText}
          aria-label="Search audit entries"
          prefix={<Icon name="search" />}
          placeholder="Action, target, actor, reason, request id, details"
          maxLength={200}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && onChange({ q: q.trim() })}
        />
      </Field>
      <TextFilter
        label="Actor"
        name="actor"
        value={filters.actor}
        placeholder="login"
        testId={testIds.audit.filterActor}
        onChange={onChange}
      />
      <TextFilter
        label="Action"
        name="action"
        value={filters.action}
        placeholder="tenant.status"
        testId={testIds.audit.filterAction}
        onChange={onChange}
      />
      <TextFilter
        label="Tenant"
        name="tenant"
        value={filters.tenant}
        placeholder="tenant id"
        testId={testIds.audit.filterTenant}
        onChange={onChange}
      />
      <TextFilter
        label="Job"
        name="job"
        value={filters.job}
        placeholder="job id"
        width={24}
        testId={testIds.audit.filterJob}
        onChange={onChange}
      />
      <Field label="Outcome">
        <div data-testid={testIds.audit.filterOutcome}>
          <RadioButtonGroup
            size="md"
            options={OUTCOME_OPTIONS}
            value={filters.outcome ?? ''}
            onChange={(v) =>
              onChange({
                outcome: (AUDIT_OUTCOMES as readonly string[]).includes(v) ? (v as AuditFilters['outcome']) : undefined,
              })
            }
          />
        </div>
      </Field>
      <Field label="Quick range">
        <div data-testid={testIds.audit.filterRange}>
          <Select<number>
            aria-label="Quick time range"
            width={18}
            options={QUICK_RANGES}
            placeholder="Pick a range"
            value={null}
            onChange={(v) =>
              v.value && onChange({ from: new Date(now().getTime() - v.value * 3_600_000).toISOString(), to: '' })
            }
          />
        </div>
      </Field>
      <TimeFilter
        label="From"
        iso={filters.from}
        testId={testIds.audit.filterFrom}
        onCommit={(from) => onChange({ from })}
      />
      <TimeFilter label="To" iso={filters.to} testId={testIds.audit.filterTo} onCommit={(to) => onChange({ to })} />
      {hasAuditFilters(filters) && (
        <ClearFiltersButton onClick={onClear} className={styles.clear} testId={testIds.audit.clearFilters} />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  toolbar: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), alignItems: 'flex-start' }),
  search: css({ minWidth: 280, flexGrow: 1 }),
  clear: css({ marginTop: theme.spacing(3) }),
});
