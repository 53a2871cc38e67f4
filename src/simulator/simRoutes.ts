import type { FastifyInstance } from 'fastify';
import type { EffectLog } from './effects';
import { problemOf } from './isolation';
import { SERVICE_KINDS, type PlatformModel, type ServiceKind } from './model';
import { ScenariosPatchSchema, type ScenarioState } from './scenarios';

/**
 * Simulator control API for tests and demos:
 *   GET    /sim/state                      tenants (placement, isolation problem), shards
 *   GET    /sim/scenarios                  current knobs
 *   POST   /sim/scenarios                  partial knobs (given keys replace current values)
 *   DELETE /sim/scenarios                  back to the start-up knobs
 *   GET    /sim/effects                    side effects received (counts, per target, recent)
 *   POST   /sim/effects/reset              zero the effect counters
 *   PUT    /sim/placement/:tenant/:kind    {shard}: the platform placement store (no reload effect)
 */
export function registerSimRoutes(
  app: FastifyInstance,
  model: PlatformModel,
  scenarios: ScenarioState,
  effects: EffectLog
): void {
  app.get('/sim/state', async () => ({
    tenants: model.tenants.map((t) => ({
      id: t.id,
      displayName: t.displayName,
      environment: t.env,
      plan: t.plan,
      organizationId: t.organizationId,
      applicationId: t.applicationId,
      baseRps: t.baseRps,
      placement: model.placementOf(t.id),
      isolationProblem: problemOf(t, scenarios),
    })),
    shards: model.shards,
    draining: [...model.draining].map((k) => ({ tenantId: k.split('|')[0], shard: k.split('|')[1] })),
  }));
  app.get('/sim/scenarios', async () => scenarios.get());
  app.post('/sim/scenarios', async (req, reply) => {
    const parsed = ScenariosPatchSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      return reply.code(400).send({
        error: 'bad_request',
        message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
    }
    // Zod fills defaults even for keys a partial body leaves out; patch only the knobs that were sent.
    const sent = new Set(Object.keys((req.body ?? {}) as object));
    const patch = Object.fromEntries(Object.entries(parsed.data).filter(([k]) => sent.has(k)));
    const next = scenarios.patch(patch);
    req.log.warn({ scenarios: patch }, 'scenario knobs changed');
    return next;
  });
  app.delete('/sim/scenarios', async () => scenarios.reset());
  app.get('/sim/effects', async () => effects.snapshot());
  app.post('/sim/effects/reset', async () => {
    effects.reset();
    return effects.snapshot();
  });
  app.put<{ Params: { tenant: string; kind: string }; Body: { shard?: string } }>(
    '/sim/placement/:tenant/:kind',
    async (req, reply) => {
      if (!SERVICE_KINDS.includes(req.params.kind as ServiceKind))
        return reply.code(400).send({ error: 'bad_request', message: `kind is one of ${SERVICE_KINDS.join(', ')}` });
      if (!req.body?.shard) return reply.code(400).send({ error: 'bad_request', message: 'shard is required' });
      model.assign(req.params.tenant, req.params.kind as ServiceKind, req.body.shard);
      return { tenantId: req.params.tenant, placement: model.placementOf(req.params.tenant) };
    }
  );
}
