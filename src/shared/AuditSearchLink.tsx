import { LinkButton } from '@grafana/ui';
import React from 'react';
import { Actions } from '../contract';
import { can } from './permissions';
import { auditUrl } from './routing';

/** A link into the Audit page with a filter, shown only to holders of audit:read (others cannot open it). */
export function AuditSearchLink(props: {
  query: Record<string, string | undefined>;
  testId: string;
  children: React.ReactNode;
}): React.ReactElement | null {
  if (!can(Actions.auditRead)) return null;
  return (
    <LinkButton
      size="sm"
      variant="secondary"
      fill="text"
      icon="search"
      href={auditUrl(props.query)}
      data-testid={props.testId}
    >
      {props.children}
    </LinkButton>
  );
}
