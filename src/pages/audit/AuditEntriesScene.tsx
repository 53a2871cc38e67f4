import { css } from '@emotion/css';
import type { GrafanaTheme2, SelectableValue } from '@grafana/data';
import { type SceneComponentProps } from '@grafana/scenes';
import { EmptyState, LinkButton, LoadingPlaceholder, RadioButtonGroup, Stack, Text, useStyles2 } from '@grafana/ui';
import React, { useState } from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { auditApi, auditExportUrl, type AuditApi } from '../../api/auditApi';
import { toApiRequestError } from '../../api/toApiRequestError';
import { Actions, type AuditCount, type AuditEntry, type AuditExportFormat, type AuditPage } from '../../contract';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { AuditEntryDrawer, AuditOutcomeBadge, opensEntry } from '../../shared/AuditEntryDrawer';
import { changeSummary } from '../../shared/auditDiff';
import { PagedListScene, PagerButtons, type PagedListState } from '../../shared/PagedListScene';
import { can } from '../../shared/permissions';
import { PermissionButton } from '../../shared/PermissionButton';
import { dataTableStyle } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';
import { formatTimestamp } from '../../shared/timestamps';
import { AuditChainScene } from './AuditChainScene';
import { AuditToolbar } from './AuditToolbar';
import {
  auditUrlState,
  emptyAuditFilters,
  hasAuditFilters,
  toAuditFilterQuery,
  toAuditListQuery,
  type AuditFilters,
} from './auditUrlState';

export interface AuditEntriesSceneState extends PagedListState<AuditFilters, AuditPage> {
  chain: AuditChainScene;
  /** How many entries match the filters (all pages), and the export cap. */
  count?: AuditCount;
  countError?: ApiRequestError;
}

/**
 * The audit search: filters, page cursor and the entry open in the drawer live in the URL; newest
 * first, one keyset page at a time; the match count and the export follow the same filters.
 */
export class AuditEntriesScene extends PagedListScene<AuditFilters, AuditPage, AuditEntriesSceneState> {
  static Component = AuditEntriesRenderer;
  private readonly api: AuditApi;
  private countKey = '';
  private countSeq = 0;

  constructor(state: Partial<AuditEntriesSceneState> = {}, api: AuditApi = auditApi) {
    super(
      { filters: emptyAuditFilters(), loading: true, chain: new AuditChainScene({}, api), ...state },
      auditUrlState
    );
    this.api = api;
    // Paging closes the drawer: the entry is on the page it was opened from.
    const next = this.nextPage;
    const prev = this.prevPage;
    this.nextPage = () => {
      this.closeEntryQuietly();
      next();
    };
    this.prevPage = () => {
      this.closeEntryQuietly();
      prev();
    };
  }

  protected fetchPage(filters: AuditFilters): Promise<AuditPage> {
    void this.loadCount(filters);
    return this.api.listAudit(toAuditListQuery(filters));
  }

  /** The count changes with the filters, not with the page. */
  private async loadCount(filters: AuditFilters): Promise<void> {
    const query = toAuditFilterQuery(filters);
    const key = JSON.stringify(query);
    if (key === this.countKey && this.state.count) {
      return;
    }
    this.countKey = key;
    const seq = ++this.countSeq;
    this.setState({ count: undefined, countError: undefined });
    try {
      const count = await this.api.countAudit(query);
      if (seq === this.countSeq) {
        this.setState({ count });
      }
    } catch (e) {
      if (seq === this.countSeq) {
        this.setState({ countError: toApiRequestError(e) });
      }
    }
  }

  /** A filter change starts from the newest page with no entry open. */
  applyFilters = (patch: Partial<Omit<AuditFilters, 'cursor' | 'entry'>>) =>
    this.setFilters({ ...patch, entry: undefined });

  openEntry = (seq: number) => {
    this._urlSync.performBrowserHistoryAction(() => this.setState({ filters: { ...this.state.filters, entry: seq } }));
  };

  closeEntry = () => {
    this._urlSync.performBrowserHistoryAction(() => this.closeEntryQuietly());
  };

  private closeEntryQuietly() {
    if (this.state.filters.entry !== undefined) {
      this.setState({ filters: { ...this.state.filters, entry: undefined } });
    }
  }
}

const FORMAT_OPTIONS: Array<SelectableValue<AuditExportFormat>> = [
  { value: 'ndjson', label: 'NDJSON' },
  { value: 'csv', label: 'CSV' },
];

function MatchCount({ model }: { model: AuditEntriesScene }) {
  const { count, countError } = model.useState();
  if (countError) {
    return <Text color="error">Could not count the matching entries: {countError.message}</Text>;
  }
  if (!count) {
    return <Text color="secondary">Counting…</Text>;
  }
  const capped = count.count > count.exportCap;
  return (
    <span data-testid={testIds.audit.matchCount} data-count={count.count}>
      <Text color="secondary">
        {count.count.toLocaleString()} {count.count === 1 ? 'entry matches' : 'entries match'}
        {capped
          ? ` · an export carries the newest ${count.exportCap.toLocaleString()}; narrow the filter for the rest`
          : ''}
      </Text>
    </span>
  );
}

function ExportControls({ filters }: { filters: AuditFilters }) {
  const [format, setFormat] = useState<AuditExportFormat>('ndjson');
  const label = 'Export';
  return (
    <Stack direction="row" gap={1} alignItems="center">
      <div data-testid={testIds.audit.exportFormat}>
        <RadioButtonGroup size="sm" options={FORMAT_OPTIONS} value={format} onChange={setFormat} />
      </div>
      {can(Actions.auditExport) ? (
        <LinkButton
          size="sm"
          variant="secondary"
          icon="download-alt"
          href={auditExportUrl(toAuditFilterQuery(filters), format)}
          download={`switchyard-audit.${format}`}
          data-testid={testIds.audit.exportLink}
        >
          {label}
        </LinkButton>
      ) : (
        <PermissionButton size="sm" variant="secondary" icon="download-alt" action={Actions.auditExport}>
          {label}
        </PermissionButton>
      )}
    </Stack>
  );
}

function EntryRow({ entry, onOpen }: { entry: AuditEntry; onOpen: (seq: number) => void }) {
  const summary = changeSummary(entry);
  return (
    <tr
      data-testid={testIds.audit.row}
      {...opensEntry(entry.seq, onOpen)}
      data-action={entry.action}
      data-outcome={entry.outcome}
      aria-label={`Entry ${entry.seq}: ${entry.action} on ${entry.targetType} ${entry.targetId}`}
    >
      <td>{formatTimestamp(entry.ts)}</td>
      <td>{entry.actor.login}</td>
      <td>
        <code>{entry.action}</code>
      </td>
      <td>
        {entry.targetType} <code>{entry.targetId}</code>
      </td>
      <td>{summary || '—'}</td>
      <td>
        <AuditOutcomeBadge outcome={entry.outcome} />
      </td>
      <td>{entry.reason ?? '—'}</td>
    </tr>
  );
}

function AuditEntriesRenderer({ model }: SceneComponentProps<AuditEntriesScene>) {
  const styles = useStyles2(getStyles);
  const { filters, loading, page, error, chain } = model.useState();
  const items = page?.items ?? [];
  const open = filters.entry !== undefined ? items.find((e) => e.seq === filters.entry) : undefined;
  return (
    <Stack direction="column" gap={2}>
      <chain.Component model={chain} />
      <AuditToolbar filters={filters} onChange={model.applyFilters} onClear={model.clearFilters} />
      <Stack direction="row" justifyContent="space-between" alignItems="center" wrap="wrap">
        <MatchCount model={model} />
        <ExportControls filters={filters} />
      </Stack>
      {error && <ApiErrorAlert title="Could not search the audit trail" error={error} onRetry={model.load} />}
      {!error && loading && !page && <LoadingPlaceholder text="Loading audit entries…" />}
      {!error && page && items.length === 0 && (
        <div data-testid={testIds.audit.empty}>
          <EmptyState
            variant={hasAuditFilters(filters) ? 'not-found' : 'completed'}
            message={hasAuditFilters(filters) ? 'No audit entries match these filters' : 'Nothing has been audited yet'}
          />
        </div>
      )}
      {items.length > 0 && (
        <table className={styles.table} data-testid={testIds.audit.table} aria-busy={loading}>
          <thead>
            <tr>
              <th>Time</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Target</th>
              <th>Change</th>
              <th>Outcome</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {items.map((entry) => (
              <EntryRow key={entry.seq} entry={entry} onOpen={model.openEntry} />
            ))}
          </tbody>
        </table>
      )}
      {!error && <PagerButtons list={model} prevTestId={testIds.audit.prevPage} nextTestId={testIds.audit.nextPage} />}
      {open && <AuditEntryDrawer entry={open} onClose={model.closeEntry} />}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    ...dataTableStyle(theme),
    'tbody tr': { cursor: 'pointer' },
    'tbody tr:focus-visible': { outline: `2px solid ${theme.colors.primary.main}` },
  }),
});
