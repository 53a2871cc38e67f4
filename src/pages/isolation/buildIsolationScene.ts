import { WithGraphs } from '../../shared/panels/WithGraphs';
import { buildIsolationTrend } from '../../shared/panels/trends';
import { testIds } from '../../shared/testIds';
import { IsolationPostureScene } from './IsolationPostureScene';

/** Body of the isolation posture page (verdicts over time above the posture list); loaded lazily (its own chunk) by isolationPage. */
export function buildIsolationScene(): WithGraphs {
  return new WithGraphs({
    graphs: buildIsolationTrend(),
    body: new IsolationPostureScene(),
    testId: testIds.panels.isolationTrend,
    label: 'Isolation verdicts over time',
  });
}
