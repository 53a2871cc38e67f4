import { EXAMPLE_QUERIES } from '../../../src/datasource/exampleQueries';
import { fleet5xxRatio, fleetRequestRate } from '../../../src/shared/queries';
import { V, type DashboardDef } from '../lib';

/** Gateway series of the environments picked from the Switchyard data source's environment list. */
const FLEET = { env: V.environment, by: ['env'] };

/**
 * Control-plane state (Switchyard backend data source) beside the fleet's traffic (VictoriaMetrics):
 * tenants, isolation, jobs and firing alerts next to request rate and 5xx ratio; jobs as annotations.
 */
export const controlPlane: DashboardDef = {
  uid: 'switchyard-control-plane',
  title: 'Switchyard control plane',
  tags: ['control-plane'],
  description:
    'Control-plane state beside fleet traffic: tenants by status, isolation verdicts, jobs and firing alerts from the Switchyard data source next to request rate and 5xx ratio, with jobs as annotations.',
  vars: ['environment'],
  annotations: [{ name: 'Jobs', model: EXAMPLE_QUERIES.jobAnnotations.query }],
  panels: [
    {
      title: EXAMPLE_QUERIES.tenantsByStatus.title,
      type: 'stat',
      ds: 'controlPlane',
      h: 6,
      targets: [{ model: EXAMPLE_QUERIES.tenantsByStatus.query }],
    },
    {
      title: EXAMPLE_QUERIES.isolationVerdicts.title,
      type: 'stat',
      ds: 'controlPlane',
      h: 6,
      targets: [{ model: EXAMPLE_QUERIES.isolationVerdicts.query }],
    },
    {
      title: 'Requests per second by environment',
      core: true,
      unit: 'reqps',
      targets: [{ expr: fleetRequestRate(FLEET), legend: '{{env}}' }],
    },
    {
      title: EXAMPLE_QUERIES.jobsByStatus.title,
      ds: 'controlPlane',
      targets: [{ model: EXAMPLE_QUERIES.jobsByStatus.query }],
    },
    {
      title: '5xx ratio by environment',
      core: true,
      unit: 'percentunit',
      targets: [{ expr: fleet5xxRatio(FLEET), legend: '{{env}}' }],
    },
    {
      title: EXAMPLE_QUERIES.failedJobs.title,
      type: 'table',
      ds: 'controlPlane',
      targets: [{ model: EXAMPLE_QUERIES.failedJobs.query }],
    },
    {
      title: EXAMPLE_QUERIES.alertInbox.title,
      type: 'table',
      ds: 'controlPlane',
      w: 24,
      targets: [{ model: EXAMPLE_QUERIES.alertInbox.query }],
    },
  ],
};
