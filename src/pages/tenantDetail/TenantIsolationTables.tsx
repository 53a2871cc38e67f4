import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import React from 'react';
import { testIds } from '../../shared/testIds';
import { CheckResultBadge, VerdictBadge } from '../../shared/VerdictBadge';
import { CHECK_LABELS, resultRank, type IsolationCheck, type VerdictChange } from '../../contract';
import { formatTimestamp } from '../../shared/timestamps';
import { dataTableStyle } from '../../shared/tableStyles';

/** Every check, most severe first, with expected vs observed, evidence and remediation. */
export function IsolationChecksTable({ checks }: { checks: IsolationCheck[] }) {
  const styles = useStyles2(getStyles);
  const sorted = checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => resultRank(a.c.result) - resultRank(b.c.result) || a.i - b.i);
  return (
    <table className={styles.table} aria-label="Isolation checks">
      <thead>
        <tr>
          <th>Check</th>
          <th>Result</th>
          <th>Expected</th>
          <th>Observed</th>
          <th>Evidence</th>
          <th>Remediation</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map(({ c }) => (
          <tr key={c.check} data-testid={testIds.isolation.check} data-check={c.check} data-result={c.result}>
            <td>{c.label}</td>
            <td>
              <CheckResultBadge result={c.result} />
            </td>
            <td>{c.expected ? <code>{c.expected}</code> : '—'}</td>
            <td>{c.observed ? <code>{c.observed}</code> : '—'}</td>
            <td>{c.evidence}</td>
            <td>{c.remediation ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Verdict changes, newest first. */
export function IsolationHistory({ history }: { history: VerdictChange[] }) {
  const styles = useStyles2(getStyles);
  return (
    <section data-testid={testIds.isolation.history} aria-label="Verdict history">
      <Text element="h4">Verdict history</Text>
      {history.length === 0 ? (
        <Text color="secondary">No verdict recorded yet.</Text>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Changed</th>
              <th>From</th>
              <th>To</th>
              <th>Checks not passing</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.changedAt + h.verdict} data-testid={testIds.isolation.historyRow}>
                <td>{formatTimestamp(h.changedAt)}</td>
                <td>
                  {h.previousVerdict ? (
                    <VerdictBadge verdict={h.previousVerdict} />
                  ) : (
                    <Text color="secondary">first probe</Text>
                  )}
                </td>
                <td>
                  <VerdictBadge verdict={h.verdict} />
                </td>
                <td>{h.failing.length ? h.failing.map((c) => CHECK_LABELS[c]).join(', ') : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    ...dataTableStyle(theme),
    // Long database names and endpoints wrap inside their cell instead of spilling over the next
    // column: Grafana's global style keeps `code` on one line (`white-space: nowrap`).
    tableLayout: 'fixed',
    'td, code': { overflowWrap: 'anywhere', wordBreak: 'break-word' },
    'td code': { whiteSpace: 'normal', boxDecorationBreak: 'clone', WebkitBoxDecorationBreak: 'clone' },
    'th:nth-of-type(1)': { width: '12%' },
    'th:nth-of-type(2)': { width: '8rem' },
  }),
});
