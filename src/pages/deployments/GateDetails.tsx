import { Badge } from '@grafana/ui';
import React from 'react';
import type { GateCheck, GateEvaluation, TrafficSample } from '../../contract';
import { formatTimestamp } from '../../shared/timestamps';
import { useDataTableClass } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';

function fmt(name: GateCheck['name'], v: number | null): string {
  if (v === null) return 'no data';
  if (name === '5xx_ratio') return `${(v * 100).toFixed(2)}%`;
  if (name === 'p95_latency') return `${Math.round(v)} ms`;
  return String(Math.round(v));
}

function baselineOf(name: GateCheck['name'], b: TrafficSample): number | null {
  if (name === '5xx_ratio') return b.errorRatio5xx;
  if (name === 'p95_latency') return b.p95Ms;
  return b.requests;
}

/** Each gate evaluation: measured canary value, the pre-deploy baseline and the limit it was held to. */
export function GateDetails({ gates }: { gates: GateEvaluation[] }) {
  const table = useDataTableClass();
  if (gates.length === 0) return <p>No gate evaluated yet.</p>;
  return (
    <div data-testid={testIds.deployments.gates}>
      {gates.map((g) => (
        <div key={g.stepIndex} data-testid={testIds.deployments.gate} data-passed={String(g.passed)}>
          <p>
            <Badge text={g.passed ? 'gate passed' : 'gate failed'} color={g.passed ? 'green' : 'red'} /> Step{' '}
            {g.stepIndex + 1} at {g.weightPercent}% · {formatTimestamp(g.evaluatedAt)} · window{' '}
            {g.thresholds.windowSeconds} s
          </p>
          <table className={table}>
            <thead>
              <tr>
                <th>Check</th>
                <th>Canary (measured)</th>
                <th>Baseline</th>
                <th>Limit</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {g.checks.map((c) => (
                <tr key={c.name} data-testid={testIds.deployments.gateCheck} data-check={c.name}>
                  <td>{c.name.replace('_', ' ')}</td>
                  <td>{fmt(c.name, c.measured)}</td>
                  <td>{fmt(c.name, baselineOf(c.name, g.baseline))}</td>
                  <td>{c.name === 'sample_size' ? `≥ ${fmt(c.name, c.limit)}` : `≤ ${fmt(c.name, c.limit)}`}</td>
                  <td title={c.message}>{c.passed ? 'pass' : 'fail'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
