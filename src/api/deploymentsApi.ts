import type { Deployment, DeploymentPage, Freeze, ServiceKind, VersionMatrix } from '../contract';
import { deploymentEndpoints } from '../contract/deploymentEndpoints';
import { clientOf, type BodyOf, type QueryOf } from './client';

const callApi = clientOf(deploymentEndpoints);

/**
 * The deployments calls the Deployments page makes. Scenes depend on this interface so tests can
 * hand them a fake; the implementation forwards to `callApi`. Rollouts start as jobs (operationsApi).
 */
export interface DeploymentsApi {
  getVersionMatrix(): Promise<VersionMatrix>;
  listDeployments(query: QueryOf<'listDeployments'>): Promise<DeploymentPage>;
  getDeployment(id: string): Promise<Deployment>;
  control(verb: 'pause' | 'resume' | 'abort', id: string, reason: string, idempotencyKey: string): Promise<Deployment>;
  listImageTags(kind: ServiceKind): Promise<{ kind: ServiceKind; repository: string; tags: string[] }>;
  listFreezes(): Promise<{ items: Freeze[] }>;
  createFreeze(body: BodyOf<'createFreeze'>, idempotencyKey: string): Promise<Freeze>;
  liftFreeze(id: string, reason: string, idempotencyKey: string): Promise<Freeze>;
}

const CONTROL = { pause: 'pauseDeployment', resume: 'resumeDeployment', abort: 'abortDeployment' } as const;

export const deploymentsApi: DeploymentsApi = {
  getVersionMatrix: () => callApi('getVersionMatrix', {}),
  listDeployments: (query) => callApi('listDeployments', { query }),
  getDeployment: (id) => callApi('getDeployment', { params: { id } }),
  control: (verb, id, reason, idempotencyKey) =>
    callApi(CONTROL[verb], { params: { id }, body: { reason }, idempotencyKey }),
  listImageTags: (kind) => callApi('listImageTags', { params: { kind } }),
  listFreezes: () => callApi('listFreezes', {}),
  createFreeze: (body, idempotencyKey) => callApi('createFreeze', { body, idempotencyKey }),
  liftFreeze: (id, reason, idempotencyKey) =>
    callApi('liftFreeze', { params: { id }, body: { reason }, idempotencyKey }),
};
