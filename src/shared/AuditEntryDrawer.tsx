import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Drawer, Stack, Text, useStyles2 } from '@grafana/ui';
import React from 'react';
import { Link } from './Link';
import { Actions, type AuditEntry } from '../contract';
import { can } from './permissions';
import { auditDiff } from './auditDiff';
import { auditUrl, jobUrl, tenantUrl } from './routing';
import { dataTableStyle } from './tableStyles';
import { testIds } from './testIds';
import { formatTimestamp } from './timestamps';

const OUTCOME_COLOR = { success: 'green', failure: 'red', denied: 'orange' } as const;

/** The outcome of an audit entry as a coloured badge. */
export function AuditOutcomeBadge({ outcome }: { outcome: AuditEntry['outcome'] }) {
  return <Badge color={OUTCOME_COLOR[outcome]} text={outcome} />;
}

/** A table row that opens an entry in the drawer: focusable, opened by a click, Enter or Space. */
export function opensEntry(seq: number, onOpen: (seq: number) => void) {
  return {
    'data-seq': seq,
    tabIndex: 0,
    onClick: () => onOpen(seq),
    onKeyDown: (e: React.KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && onOpen(seq),
  };
}

export interface AuditEntryDrawerProps {
  entry: AuditEntry;
  onClose: () => void;
}

/**
 * One audit entry in full: what changed (before → after), who, why (reason), the request id and
 * the job it belongs to, with links to the filtered audit page (for those who may open it); the chain
 * fields last. Used by the Audit page and the tenant Activity tab alike.
 */
export function AuditEntryDrawer({ entry, onClose }: AuditEntryDrawerProps) {
  const styles = useStyles2(getStyles);
  const { changes, other } = auditDiff(entry);
  // Readers of a tenant's activity may not hold audit:read; the Audit page is not offered to them.
  const searchable = can(Actions.auditRead);
  const target =
    entry.targetType === 'tenant' ? (
      <Link to={tenantUrl(entry.targetId)}>{entry.targetId}</Link>
    ) : entry.targetType === 'job' ? (
      <Link to={jobUrl(entry.targetId)}>{entry.targetId}</Link>
    ) : (
      entry.targetId
    );
  return (
    <Drawer
      title={entry.action}
      subtitle={`Entry #${entry.seq} · ${formatTimestamp(entry.ts)}`}
      onClose={onClose}
      size="md"
    >
      <div data-testid={testIds.audit.drawer} data-seq={entry.seq} className={styles.body}>
        <dl className={styles.facts}>
          <dt>Outcome</dt>
          <dd>
            <AuditOutcomeBadge outcome={entry.outcome} />
          </dd>
          <dt>Actor</dt>
          <dd>
            {entry.actor.login}
            {entry.actor.role ? ` (${entry.actor.role})` : ''} · org {entry.actor.orgId}
            {searchable && (
              <Link className={styles.more} to={auditUrl({ actor: entry.actor.login })}>
                All by this actor
              </Link>
            )}
          </dd>
          <dt>Target</dt>
          <dd>
            {entry.targetType} {target}
            {searchable && entry.targetType === 'tenant' && (
              <Link className={styles.more} to={auditUrl({ tenant: entry.targetId })}>
                All about this tenant
              </Link>
            )}
          </dd>
          <dt>Reason</dt>
          <dd>{entry.reason ?? <Text color="secondary">none given</Text>}</dd>
          <dt>Request id</dt>
          <dd>
            <code data-testid={testIds.audit.drawerRequestId}>{entry.requestId}</code>
            {searchable && (
              <Link className={styles.more} to={auditUrl({ q: entry.requestId })}>
                All entries of this request
              </Link>
            )}
          </dd>
          <dt>Job</dt>
          <dd>
            {entry.jobId ? (
              <>
                <Link to={jobUrl(entry.jobId)} data-testid={testIds.audit.drawerJobLink}>
                  {entry.jobId}
                </Link>
                {searchable && (
                  <Link className={styles.more} to={auditUrl({ job: entry.jobId })}>
                    All entries of this job
                  </Link>
                )}
              </>
            ) : (
              <Text color="secondary">none</Text>
            )}
          </dd>
        </dl>

        <Text element="h3" variant="h5">
          Changes
        </Text>
        {changes.length === 0 ? (
          <Text color="secondary">This entry records an event; it changed no field.</Text>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Field</th>
                <th>Before</th>
                <th>After</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={c.field} data-testid={testIds.audit.drawerChange} data-field={c.field}>
                  <td>
                    <code>{c.field}</code>
                  </td>
                  <td className={styles.before}>{c.before ?? <Text color="secondary">—</Text>}</td>
                  <td className={styles.after}>{c.after ?? <Text color="secondary">—</Text>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        {other.length > 0 && (
          <>
            <Text element="h3" variant="h5">
              Details
            </Text>
            <dl className={styles.facts}>
              {other.map(([k, v]) => (
                <React.Fragment key={k}>
                  <dt>{k}</dt>
                  <dd>
                    <code className={styles.wrap}>{v}</code>
                  </dd>
                </React.Fragment>
              ))}
            </dl>
          </>
        )}

        <Text element="h3" variant="h5">
          Chain
        </Text>
        <Stack direction="column" gap={0.5}>
          <Text variant="bodySmall" color="secondary">
            Hash <code className={styles.wrap}>{entry.hash}</code>
          </Text>
          <Text variant="bodySmall" color="secondary">
            Previous <code className={styles.wrap}>{entry.prevHash}</code>
          </Text>
        </Stack>
      </div>
    </Drawer>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  facts: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.5, 2),
    margin: 0,
    dt: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
    dd: { margin: 0, minWidth: 0 },
    a: { color: theme.colors.text.link },
  }),
  table: css(dataTableStyle(theme)),
  before: css({ color: theme.colors.error.text, wordBreak: 'break-word' }),
  after: css({ color: theme.colors.success.text, wordBreak: 'break-word' }),
  wrap: css({ wordBreak: 'break-all' }),
  more: css({ marginLeft: theme.spacing(1.5), fontSize: theme.typography.bodySmall.fontSize }),
});
