import { Badge, type BadgeColor, type IconName } from '@grafana/ui';
import React from 'react';
import type { CheckResultValue, IsolationVerdict } from '../contract';
import { testIds } from './testIds';

const VERDICT: Record<IsolationVerdict, { color: BadgeColor; icon: IconName; label: string }> = {
  violation: { color: 'red', icon: 'exclamation-circle', label: 'Violation' },
  unknown: { color: 'darkgrey', icon: 'question-circle', label: 'Unknown' },
  warning: { color: 'orange', icon: 'exclamation-triangle', label: 'Warning' },
  isolated: { color: 'green', icon: 'lock', label: 'Isolated' },
};

const RESULT: Record<CheckResultValue, { color: BadgeColor; icon: IconName; label: string }> = {
  violation: { color: 'red', icon: 'exclamation-circle', label: 'Violation' },
  unknown: { color: 'darkgrey', icon: 'question-circle', label: 'Unknown' },
  warning: { color: 'orange', icon: 'exclamation-triangle', label: 'Warning' },
  pass: { color: 'green', icon: 'check', label: 'Pass' },
};

export const verdictLabel = (v: IsolationVerdict): string => VERDICT[v].label;

/** A tenant's isolation verdict: colour and icon per verdict, its name as text. */
export function VerdictBadge({ verdict }: { verdict: IsolationVerdict }) {
  const look = VERDICT[verdict];
  return (
    <Badge color={look.color} icon={look.icon} text={look.label} data-testid={testIds.isolation.verdictBadge} data-verdict={verdict} aria-label={`Isolation verdict: ${look.label}`} />
  );
}

/** One check's result. */
export function CheckResultBadge({ result }: { result: CheckResultValue }) {
  const look = RESULT[result];
  return <Badge color={look.color} icon={look.icon} text={look.label} data-testid={testIds.isolation.checkResult} data-result={result} aria-label={`Result: ${look.label}`} />;
}
