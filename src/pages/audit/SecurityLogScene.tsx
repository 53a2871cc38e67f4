import { css } from '@emotion/css';
import type { GrafanaTheme2, SelectableValue } from '@grafana/data';
import { type SceneComponentProps } from '@grafana/scenes';
import { Badge, EmptyState, Field, LoadingPlaceholder, RadioButtonGroup, Stack, Text, useStyles2 } from '@grafana/ui';
import React from 'react';
import { auditApi, type AuditApi } from '../../api/auditApi';
import type { SecurityDecision, SecurityEvent, SecurityEventPage } from '../../contract';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { PagedListScene, PagerButtons, type PagedListState } from '../../shared/PagedListScene';
import { dataTableStyle } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';
import { formatTimestamp } from '../../shared/timestamps';
import { SECURITY_DECISIONS, securityUrlState, toSecurityQuery, type SecurityFilters } from './securityUrlState';

export type SecurityLogSceneState = PagedListState<SecurityFilters, SecurityEventPage>;

const DECISION_LABEL: Record<SecurityDecision, string> = {
  unauthenticated: 'Unauthenticated (401)',
  forbidden: 'Forbidden (403)',
};

const DECISION_OPTIONS: Array<SelectableValue<string>> = [
  { value: '', label: 'All' },
  ...SECURITY_DECISIONS.map((d) => ({ value: d, label: DECISION_LABEL[d] })),
];

/** Requests the sidecar's trust boundary refused, newest first, pages forward and back; apart from the audit chain. */
export class SecurityLogScene extends PagedListScene<SecurityFilters, SecurityEventPage> {
  static Component = SecurityLogRenderer;
  private readonly api: AuditApi;

  constructor(state: Partial<SecurityLogSceneState> = {}, api: AuditApi = auditApi) {
    super({ filters: {}, loading: true, ...state }, securityUrlState);
    this.api = api;
  }

  protected fetchPage(filters: SecurityFilters): Promise<SecurityEventPage> {
    return this.api.listSecurityEvents(toSecurityQuery(filters));
  }
}

function EventRow({ event }: { event: SecurityEvent }) {
  return (
    <tr data-testid={testIds.audit.securityRow} data-decision={event.decision}>
      <td>{formatTimestamp(event.ts)}</td>
      <td>
        <Badge color={event.decision === 'forbidden' ? 'orange' : 'red'} text={DECISION_LABEL[event.decision]} />
      </td>
      <td>{event.login ?? <Text color="secondary">unknown</Text>}</td>
      <td>
        <code>
          {event.method} {event.route}
        </code>
      </td>
      <td>{event.action ? <code>{event.action}</code> : '—'}</td>
      <td>{event.message}</td>
      <td>
        <code>{event.requestId}</code>
      </td>
    </tr>
  );
}

function SecurityLogRenderer({ model }: SceneComponentProps<SecurityLogScene>) {
  const styles = useStyles2(getStyles);
  const { filters, loading, page, error } = model.useState();
  const items = page?.items ?? [];
  return (
    <Stack direction="column" gap={2}>
      <div data-testid={testIds.audit.security}>
        <Text color="secondary">
          Requests the sidecar refused because the caller was not authenticated or lacked the permission. Recorded apart
          from the audit chain, rate-limited, and never with secrets, bodies or query strings.
        </Text>
      </div>
      <Field label="Decision">
        <div data-testid={testIds.audit.securityFilterDecision}>
          <RadioButtonGroup
            options={DECISION_OPTIONS}
            value={filters.decision ?? ''}
            onChange={(v) =>
              model.setFilters({
                decision: (SECURITY_DECISIONS as readonly string[]).includes(v) ? (v as SecurityDecision) : undefined,
              })
            }
          />
        </div>
      </Field>
      {error && <ApiErrorAlert title="Could not load the security log" error={error} onRetry={model.load} />}
      {!error && loading && !page && <LoadingPlaceholder text="Loading refused requests…" />}
      {!error && page && items.length === 0 && (
        <div data-testid={testIds.audit.securityEmpty}>
          <EmptyState
            variant={filters.decision ? 'not-found' : 'completed'}
            message={filters.decision ? 'No refused requests of this kind' : 'No request has been refused'}
          />
        </div>
      )}
      {items.length > 0 && (
        <table className={styles.table} aria-busy={loading}>
          <thead>
            <tr>
              <th>Time</th>
              <th>Decision</th>
              <th>Who</th>
              <th>Request</th>
              <th>Needed permission</th>
              <th>Message</th>
              <th>Request id</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <EventRow key={e.id} event={e} />
            ))}
          </tbody>
        </table>
      )}
      {!error && (
        <PagerButtons list={model} prevTestId={testIds.audit.securityPrev} nextTestId={testIds.audit.securityNext} />
      )}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css(dataTableStyle(theme)),
});
