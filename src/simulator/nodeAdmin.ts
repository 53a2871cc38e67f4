import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EffectLog } from './effects';
import { SERVICE_KINDS, SimError, type PlatformModel } from './model';
import type { ScenarioState } from './scenarios';

const ReloadBodySchema = z
  .object({
    assignments: z
      .array(z.object({ tenantId: z.string(), kind: z.enum(SERVICE_KINDS), shard: z.string() }))
      .max(10_000)
      .default([]),
  })
  .default({ assignments: [] });

/**
 * Node admin API, one base URL per shard: `/nodes/<shard>`.
 *   GET  /nodes                                   shards with kind, env, status, capacity, tenant count
 *   GET  /nodes/:shard/status                     in-flight work per tenant, draining tenants
 *   POST /nodes/:shard/tenants/:tenant/drain      stop taking new work; in-flight decays to zero
 *   POST /nodes/:shard/tenants/:tenant/undrain    take work again
 *   POST /nodes/:shard/reload                     re-read placement; optional body {assignments:[{tenantId,kind,shard}]}
 */
export function registerNodeAdminRoutes(
  app: FastifyInstance,
  model: PlatformModel,
  effects: EffectLog,
  scenarios?: ScenarioState
): void {
  const shardOr404 = (id: string) => {
    const s = model.shard(id);
    if (!s) throw new SimError(404, `shard ${id} not found`);
    return s;
  };
  const tenantOr404 = (id: string) => {
    const t = model.tenant(id);
    if (!t) throw new SimError(404, `tenant ${id} not found`);
    return t;
  };

  app.get('/nodes', async () => ({
    items: model.shards.map((s) => ({ ...s, tenants: model.tenantsOn(s.id).length, adminUrl: `/nodes/${s.id}` })),
  }));

  app.get<{ Params: { shard: string } }>('/nodes/:shard/status', async (req) => {
    const s = shardOr404(req.params.shard);
    const placed = model.tenantsOn(s.id).map((t) => t.id);
    const drainingHere = [...model.draining].filter((k) => k.endsWith(`|${s.id}`)).map((k) => k.split('|')[0]);
    const ids = [...new Set([...placed, ...drainingHere])].sort();
    return {
      shard: s.id,
      kind: s.kind,
      env: s.env,
      status: s.status,
      version: s.version,
      capacityRps: s.capacityRps,
      draining: drainingHere.sort(),
      tenants: ids.map((id) => ({
        tenantId: id,
        placed: placed.includes(id),
        draining: model.isDraining(id, s.id),
        inFlight: Math.round(model.inFlight.get(`${id}|${s.id}`) ?? 0),
      })),
    };
  });

  app.post<{ Params: { shard: string; tenant: string } }>('/nodes/:shard/tenants/:tenant/drain', async (req, reply) => {
    const s = shardOr404(req.params.shard);
    const t = tenantOr404(req.params.tenant);
    model.draining.add(`${t.id}|${s.id}`);
    effects.record('drain', `${t.id}@${s.id}`, req.id);
    req.log.info({ tenant_id: t.id, shard: s.id }, 'tenant drain started');
    return reply.code(202).send({
      tenantId: t.id,
      shard: s.id,
      draining: true,
      inFlight: Math.round(model.inFlight.get(`${t.id}|${s.id}`) ?? 0),
    });
  });

  app.post<{ Params: { shard: string; tenant: string } }>('/nodes/:shard/tenants/:tenant/undrain', async (req) => {
    const s = shardOr404(req.params.shard);
    const t = tenantOr404(req.params.tenant);
    model.draining.delete(`${t.id}|${s.id}`);
    effects.record('undrain', `${t.id}@${s.id}`, req.id);
    req.log.info({ tenant_id: t.id, shard: s.id }, 'tenant undrained');
    return { tenantId: t.id, shard: s.id, draining: false };
  });

  app.post<{ Params: { shard: string } }>('/nodes/:shard/reload', async (req, reply) => {
    const s = shardOr404(req.params.shard);
    if (scenarios?.get().failingReloads.includes(s.id)) {
      return reply
        .code(503)
        .send({ error: 'unavailable', message: `reload of ${s.id} failed (scenario failingReloads)` });
    }
    const parsed = ReloadBodySchema.safeParse(req.body ?? {});
    if (!parsed.success)
      return reply
        .code(400)
        .send({ error: 'bad_request', message: parsed.error.issues.map((i) => i.message).join('; ') });
    for (const a of parsed.data.assignments) {
      const before = model.shardOf(a.tenantId, a.kind);
      model.assign(a.tenantId, a.kind, a.shard);
      if (before !== a.shard)
        effects.record('placementChange', `${a.tenantId}/${a.kind}`, req.id, { from: before, to: a.shard });
    }
    effects.record('reload', s.id, req.id);
    req.log.info({ shard: s.id, assignments: parsed.data.assignments.length }, 'placement reloaded');
    return { shard: s.id, reloaded: true, tenants: model.tenantsOn(s.id).map((t) => t.id) };
  });
}
