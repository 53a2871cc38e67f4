/** Deploy freezes: global or per environment, each with a reason and an expiry, read against an injected clock. */
import type { Environment, Freeze, PreflightCheck } from '../../contract';

/** Freezes in force for `environment` at `now`, soonest-expiring last (the longest one decides). */
export function activeFreezes(freezes: readonly Freeze[], environment: Environment, now: Date): Freeze[] {
  const t = now.getTime();
  return freezes
    .filter((f) => f.scope === 'global' || f.scope === environment)
    .filter((f) => Date.parse(f.createdAt) <= t && t < Date.parse(f.expiresAt))
    .filter((f) => f.liftedAt === null || Date.parse(f.liftedAt) > t)
    .sort((a, b) => Date.parse(b.expiresAt) - Date.parse(a.expiresAt));
}

export function freezeCheck(freezes: readonly Freeze[], environment: Environment, now: Date): PreflightCheck {
  const active = activeFreezes(freezes, environment, now);
  if (active.length === 0) {
    return { name: 'freeze', ok: true, message: `No deploy freeze in force for ${environment}`, measured: [] };
  }
  const f = active[0];
  const where = f.scope === 'global' ? 'all environments' : f.scope;
  return {
    name: 'freeze',
    ok: false,
    message: `Deploys to ${where} are frozen until ${f.expiresAt} by ${f.createdBy}: ${f.reason}`,
    measured: active.map((x) => ({ id: x.id, scope: x.scope, expiresAt: x.expiresAt })),
    threshold: 'no freeze in force',
  };
}
