import React from 'react';
import type { CheckResultValue, IsolationVerdict } from '../contract';
import { LookBadge, type BadgeLook } from './LookBadge';
import { testIds } from './testIds';

const VERDICT: Record<IsolationVerdict, BadgeLook> = {
  violation: { color: 'red', icon: 'exclamation-circle', label: 'Violation' },
  unknown: { color: 'darkgrey', icon: 'question-circle', label: 'Unknown' },
  warning: { color: 'orange', icon: 'exclamation-triangle', label: 'Warning' },
  isolated: { color: 'green', icon: 'lock', label: 'Isolated' },
};

const RESULT: Record<CheckResultValue, BadgeLook> = {
  violation: { color: 'red', icon: 'exclamation-circle', label: 'Violation' },
  unknown: { color: 'darkgrey', icon: 'question-circle', label: 'Unknown' },
  warning: { color: 'orange', icon: 'exclamation-triangle', label: 'Warning' },
  pass: { color: 'green', icon: 'check', label: 'Pass' },
};

export const verdictLabel = (v: IsolationVerdict): string => VERDICT[v].label;

/** A tenant's isolation verdict: colour and icon per verdict, its name as text. */
export function VerdictBadge({ verdict }: { verdict: IsolationVerdict }) {
  return (
    <LookBadge
      look={VERDICT[verdict]}
      kind="Isolation verdict"
      data-testid={testIds.isolation.verdictBadge}
      data-verdict={verdict}
    />
  );
}

/** One check's result. */
export function CheckResultBadge({ result }: { result: CheckResultValue }) {
  return (
    <LookBadge look={RESULT[result]} kind="Result" data-testid={testIds.isolation.checkResult} data-result={result} />
  );
}
