import { WithGraphs } from '../../shared/panels/WithGraphs';
import { buildJobsTrend } from '../../shared/panels/trends';
import { testIds } from '../../shared/testIds';
import { buildOperationsHub } from './OperationsHubScene';

/** Body of the operations page: jobs started and failed over time above the hub; loaded lazily by operationsPage. */
export function buildOperationsBody(): WithGraphs {
  return new WithGraphs({
    graphs: buildJobsTrend(),
    body: buildOperationsHub(),
    testId: testIds.panels.jobsTrend,
    label: 'Jobs over time',
  });
}
