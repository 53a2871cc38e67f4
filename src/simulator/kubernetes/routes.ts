import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Cluster } from './cluster';
import { K8sError, RESOURCES, apiVersionOf, type K8sObject, type ResourceDef } from './store';

const PATCH_TYPES = [
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/json-patch+json',
];

interface Params {
  group?: string;
  version?: string;
  ns?: string;
  resource: string;
  name?: string;
  sub?: string;
}

/**
 * Kubernetes REST paths for the served resources: core (`/api/v1/...`) and groups
 * (`/apis/<group>/<version>/...`), list/get/create/replace/patch/delete, the deployment `scale`
 * subresource, Status objects for errors and an optional bearer token.
 */
export function registerKubernetesRoutes(app: FastifyInstance, cluster: Cluster, token?: string): void {
  app.addContentTypeParser(PATCH_TYPES, { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(String(body)));
    } catch {
      done(new K8sError(400, 'BadRequest', 'the request body is not valid JSON'), undefined);
    }
  });

  const auth = async (req: FastifyRequest, reply: FastifyReply) => {
    if (token && req.headers.authorization !== `Bearer ${token}`) {
      return reply.code(401).send(new K8sError(401, 'Unauthorized', 'Unauthorized').toStatus());
    }
    return undefined;
  };

  app.get('/version', { preHandler: auth }, async () => ({
    major: '1',
    minor: '31',
    gitVersion: 'v1.31.0-switchyard-sim',
    platform: 'linux/amd64',
  }));
  app.get('/api', { preHandler: auth }, async () => ({
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [],
  }));

  const handler = async (req: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
    const p = req.params;
    const def = RESOURCES.find(
      (d) => d.resource === p.resource && d.group === (p.group ?? '') && d.version === (p.version ?? 'v1')
    );
    try {
      if (!def) throw new K8sError(404, 'NotFound', 'the server could not find the requested resource');
      const out = dispatch(cluster, def, req, p);
      return await reply.code(req.method === 'POST' ? 201 : 200).send(out);
    } catch (e) {
      if (e instanceof K8sError) return reply.code(e.code).send(e.toStatus());
      throw e;
    }
  };

  const opts = { preHandler: auth };
  for (const prefix of ['/api/:version', '/apis/:group/:version']) {
    app.route({ method: ['GET', 'POST'], url: `${prefix}/:resource`, ...opts, handler });
    app.route({ method: ['GET', 'PUT', 'PATCH', 'DELETE'], url: `${prefix}/:resource/:name`, ...opts, handler });
    app.route({ method: ['GET', 'POST'], url: `${prefix}/namespaces/:ns/:resource`, ...opts, handler });
    app.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url: `${prefix}/namespaces/:ns/:resource/:name`,
      ...opts,
      handler,
    });
    app.route({
      method: ['GET', 'PUT', 'PATCH'],
      url: `${prefix}/namespaces/:ns/:resource/:name/:sub`,
      ...opts,
      handler,
    });
  }
}

function dispatch(cluster: Cluster, def: ResourceDef, req: FastifyRequest<{ Params: Params }>, p: Params): unknown {
  const ns = def.namespaced ? p.ns : undefined;
  const body = req.body as K8sObject;
  const rid = req.id;
  const ct = String(req.headers['content-type'] ?? '');
  if (def.namespaced && !p.ns && p.name)
    throw new K8sError(404, 'NotFound', 'the server could not find the requested resource');
  if (p.sub) {
    if (p.sub === 'scale' && def.kind === 'Deployment' && p.ns && p.name) {
      if (req.method === 'GET') return cluster.scaleOf(p.ns, p.name);
      if (req.method === 'PUT')
        return cluster.setScale(
          p.ns,
          p.name,
          Number((body?.spec as { replicas?: number })?.replicas),
          body?.metadata?.resourceVersion,
          rid
        );
      return cluster.patchScale(p.ns, p.name, ct, body, rid);
    }
    if (p.sub === 'status' && req.method === 'GET' && p.name) return cluster.store.mustGet(def, ns, p.name);
    throw new K8sError(404, 'NotFound', 'the server could not find the requested resource');
  }
  if (!p.name) {
    if (req.method === 'POST') return cluster.create(def, ns, body, rid);
    const q = req.query as { labelSelector?: string };
    return {
      apiVersion: apiVersionOf(def),
      kind: `${def.kind}List`,
      metadata: { resourceVersion: cluster.store.currentRv() },
      items: cluster.store.list(def, p.ns, q.labelSelector),
    };
  }
  switch (req.method) {
    case 'GET':
      return cluster.store.mustGet(def, ns, p.name);
    case 'PUT':
      return cluster.replace(def, ns, p.name, body, rid);
    case 'PATCH':
      return cluster.patch(def, ns, p.name, ct, body, rid);
    case 'DELETE': {
      const gone = cluster.remove(def, ns, p.name, rid);
      return {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name: p.name, group: def.group, kind: def.resource, uid: gone.metadata.uid },
      };
    }
    default:
      throw new K8sError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
  }
}
