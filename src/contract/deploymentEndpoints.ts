/**
 * Deployments endpoints: the version matrix, deploy history and control (pause, resume, abort), the
 * image registry's versions, and deploy freezes. A rollout itself starts as a job
 * (`POST /api/v1/jobs`, type `deployment.rollout`) so it gets the job engine's preflight, approvals,
 * leases and audit; these endpoints read and steer it. Spread into `endpoints`.
 */
import { Actions } from './actions';
import { def } from './endpointDef';
import {
  CreateFreezeSchema,
  DeploymentControlSchema,
  DeploymentIdParamsSchema,
  DeploymentPageSchema,
  DeploymentSchema,
  FreezeIdParamsSchema,
  FreezeListSchema,
  FreezeSchema,
  ImageTagsParamsSchema,
  ImageTagsSchema,
  LiftFreezeSchema,
  ListDeploymentsQuerySchema,
  VersionMatrixSchema,
} from './deployments';

export const deploymentEndpoints = {
  getVersionMatrix: def({
    method: 'GET',
    path: '/api/v1/deployments/matrix',
    action: Actions.deploymentsRead,
    summary: 'Version matrix: service kind × environment × shard with image version, replicas and rollout state',
    response: VersionMatrixSchema,
  }),
  listDeployments: def({
    method: 'GET',
    path: '/api/v1/deployments',
    action: Actions.deploymentsRead,
    summary: 'Deploy history, active first, with filters and cursor pagination',
    query: ListDeploymentsQuerySchema,
    response: DeploymentPageSchema,
  }),
  getDeployment: def({
    method: 'GET',
    path: '/api/v1/deployments/:id',
    action: Actions.deploymentsRead,
    summary: 'One deployment with its steps and every gate evaluation (measured values and thresholds)',
    params: DeploymentIdParamsSchema,
    response: DeploymentSchema,
  }),
  pauseDeployment: def({
    method: 'POST',
    path: '/api/v1/deployments/:id/pause',
    action: Actions.deploymentsWrite,
    summary: 'Pause a deployment before its next step',
    params: DeploymentIdParamsSchema,
    body: DeploymentControlSchema,
    response: DeploymentSchema,
    idempotent: true,
  }),
  resumeDeployment: def({
    method: 'POST',
    path: '/api/v1/deployments/:id/resume',
    action: Actions.deploymentsWrite,
    summary: 'Resume a paused deployment',
    params: DeploymentIdParamsSchema,
    body: DeploymentControlSchema,
    response: DeploymentSchema,
    idempotent: true,
  }),
  abortDeployment: def({
    method: 'POST',
    path: '/api/v1/deployments/:id/abort',
    action: Actions.deploymentsWrite,
    summary: 'Abort a deployment and roll back to the previous revision',
    params: DeploymentIdParamsSchema,
    body: DeploymentControlSchema,
    response: DeploymentSchema,
    idempotent: true,
  }),
  listImageTags: def({
    method: 'GET',
    path: '/api/v1/deploy-images/:kind',
    action: Actions.deploymentsRead,
    summary: "Image versions of a service kind known to the platform's registry",
    params: ImageTagsParamsSchema,
    response: ImageTagsSchema,
  }),
  listFreezes: def({
    method: 'GET',
    path: '/api/v1/deploy-freezes',
    action: Actions.deploymentsRead,
    summary: 'Deploy freezes in force and recently expired or lifted',
    response: FreezeListSchema,
  }),
  createFreeze: def({
    method: 'POST',
    path: '/api/v1/deploy-freezes',
    action: Actions.deploymentsWrite,
    summary: 'Freeze deploys globally or in one environment until an expiry, with a reason',
    body: CreateFreezeSchema,
    response: FreezeSchema,
    idempotent: true,
    successStatus: 201,
  }),
  liftFreeze: def({
    method: 'POST',
    path: '/api/v1/deploy-freezes/:id/lift',
    action: Actions.deploymentsWrite,
    summary: 'Lift a freeze before its expiry',
    params: FreezeIdParamsSchema,
    body: LiftFreezeSchema,
    response: FreezeSchema,
    idempotent: true,
  }),
} as const;
