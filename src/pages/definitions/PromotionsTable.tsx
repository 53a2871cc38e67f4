import { Badge, Text, type BadgeColor } from '@grafana/ui';
import React from 'react';
import { Actions, type Promotion } from '../../contract';
import { Link } from '../../shared/Link';
import { PermissionButton } from '../../shared/PermissionButton';
import { roleGranting } from '../../shared/permissions';
import { jobUrl } from '../../shared/routing';
import { useDataTableClass } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';
import { formatTimestamp } from '../../shared/timestamps';

/** Who may approve a promotion into prod. */
const APPROVERS = `anyone with the ${roleGranting(Actions.definitionsPromote) ?? 'definitions:promote'} role (${Actions.definitionsPromote})`;

const COLOR: Record<Promotion['status'], BadgeColor> = {
  awaiting_approval: 'orange',
  running: 'blue',
  succeeded: 'green',
  failed: 'red',
  rejected: 'red',
};

interface Props {
  items: Promotion[];
  /** The signed-in user: a requester never approves their own promotion. */
  me: string;
  onApprove(p: Promotion): void;
}

/** Promotions and reverts, awaiting approval first: who asked, who may approve, and the job that carries it. */
export function PromotionsTable({ items, me, onApprove }: Props) {
  const table = useDataTableClass();
  return (
    <table className={table} data-testid={testIds.definitions.promotions}>
      <thead>
        <tr>
          <th>Requested</th>
          <th>Change</th>
          <th>Status</th>
          <th>Approval</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {items.map((p) => {
          const waiting = p.status === 'awaiting_approval';
          const own = p.requestedBy === me;
          return (
            <tr
              key={p.id}
              data-testid={testIds.definitions.promotionRow}
              data-promotion={p.id}
              data-status={p.status}
              data-to={p.to}
            >
              <td>
                {formatTimestamp(p.createdAt)}
                <br />
                <Text variant="bodySmall" color="secondary">{`by ${p.requestedBy}: ${p.reason}`}</Text>
              </td>
              <td>
                {p.kind === 'revert'
                  ? `Revert ${p.name} in ${p.to} to ${p.version}`
                  : `${p.name} ${p.version}: ${p.from ?? 'upload'} → ${p.to}`}
              </td>
              <td>
                <Badge color={COLOR[p.status]} text={p.status.replace('_', ' ')} />
              </td>
              <td data-testid={waiting ? testIds.definitions.approvalHint : undefined}>
                {!p.approvalRequired
                  ? 'not required'
                  : p.approvedBy
                    ? `approved by ${p.approvedBy}`
                    : waiting
                      ? `Waiting for a second person: ${APPROVERS}, not ${p.requestedBy}`
                      : 'never approved'}
              </td>
              <td>
                {waiting && (
                  <PermissionButton
                    action={Actions.definitionsPromote}
                    size="sm"
                    disabled={own}
                    title={own ? 'You requested this promotion; a second person approves it' : undefined}
                    data-testid={testIds.definitions.approve}
                    onClick={() => onApprove(p)}
                  >
                    Approve
                  </PermissionButton>
                )}{' '}
                {p.jobId && (
                  <Link to={jobUrl(p.jobId)} aria-label={`Job of ${p.name} ${p.version}`}>
                    job
                  </Link>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
