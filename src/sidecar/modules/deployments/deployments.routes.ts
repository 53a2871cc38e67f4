/** Deployments endpoints: thin adapters from the validated request to one DeploymentsService call. */
import type { RouteHandlers } from '../../kernel/registrar';
import type { DeploymentsService } from './deployments.service';

export function deploymentsRoutes(deployments: DeploymentsService): RouteHandlers {
  return {
    getVersionMatrix: async () => deployments.matrix(),
    listDeployments: async ({ query }) => deployments.list(query),
    getDeployment: async ({ params }) => deployments.get(params.id),
    pauseDeployment: async ({ params, body, mutation }) => deployments.pause(mutation, params.id, body.reason),
    resumeDeployment: async ({ params, body, mutation }) => deployments.resume(mutation, params.id, body.reason),
    abortDeployment: async ({ params, body, mutation }) => deployments.abort(mutation, params.id, body.reason),
    listImageTags: async ({ params }) => deployments.imageTags(params.kind),
    listFreezes: async () => deployments.freezes(),
    createFreeze: async ({ body, mutation }) => deployments.createFreeze(mutation, body),
    liftFreeze: async ({ params, body, mutation }) => deployments.liftFreeze(mutation, params.id, body.reason),
  };
}
