/**
 * Maps an alert's labels (alertname, tenant_id, shard, service, deployment, env, job_id) to the action
 * that most likely resolves it, with a link into the plugin that opens that action's preflight.
 * First matching rule wins; an alert no rule fits still links to its tenant when it has one.
 */
import { ENVIRONMENTS, TENANT_ID_PATTERN, appPaths, type Environment, type SuggestedAction } from '../../../contract';

type Labels = Record<string, string>;

const K8S_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function tenantOf(labels: Labels): string | null {
  const t = labels.tenant_id ?? labels.tenant;
  return t && TENANT_ID_PATTERN.test(t) ? t : null;
}

export function environmentOf(labels: Labels): Environment | null {
  const env = labels.env ?? labels.environment ?? /^platform-(.+)$/.exec(labels.namespace ?? '')?.[1];
  return env && (ENVIRONMENTS as readonly string[]).includes(env) ? (env as Environment) : null;
}

/** The workload a restart would target: `deployment`, else the shard (deployments are named after shards). */
function deploymentOf(labels: Labels): string | null {
  const d = labels.deployment ?? labels.shard;
  return d && K8S_NAME.test(d) ? d : null;
}

interface Rule {
  /** Matched against `alertname` (case-insensitive). */
  name: RegExp;
  make(labels: Labels): SuggestedAction | null;
}

const openJob = (labels: Labels): SuggestedAction | null => {
  const id = labels.job_id;
  if (!id || !UUID.test(id)) return null;
  return {
    kind: 'open',
    title: 'Open the job',
    targetType: 'job',
    targetId: id,
    environment: environmentOf(labels),
    jobType: null,
    path: appPaths.job(id),
  };
};

const openTenant = (labels: Labels): SuggestedAction | null => {
  const t = tenantOf(labels);
  if (!t) return null;
  return {
    kind: 'open',
    title: `Open tenant ${t}`,
    targetType: 'tenant',
    targetId: t,
    environment: environmentOf(labels),
    jobType: null,
    path: appPaths.tenant(t),
  };
};

const tenantAction =
  (kind: 'drain' | 'suspend' | 'reprobe') =>
  (labels: Labels): SuggestedAction | null => {
    const t = tenantOf(labels);
    if (!t) return null;
    const titles = { drain: 'Drain tenant', suspend: 'Suspend tenant (kill switch)', reprobe: 'Re-probe isolation of' };
    const jobType = kind === 'drain' ? 'tenant.drain' : kind === 'suspend' ? 'tenant.suspend' : null;
    return {
      kind,
      title: `${titles[kind]} ${t}`,
      targetType: 'tenant',
      targetId: t,
      environment: environmentOf(labels),
      jobType,
      path: appPaths.tenantAction(t, kind),
    };
  };

const restart = (labels: Labels): SuggestedAction | null => {
  const d = deploymentOf(labels);
  const env = environmentOf(labels);
  if (!d || !env) return null;
  return {
    kind: 'restart',
    title: `Restart deployment ${d}`,
    targetType: 'deployment',
    targetId: d,
    environment: env,
    jobType: 'deployment.restart',
    path: appPaths.deploymentRestart(env, d),
  };
};

const firstOf =
  (...makers: Array<(l: Labels) => SuggestedAction | null>) =>
  (labels: Labels) => {
    for (const m of makers) {
      const s = m(labels);
      if (s) return s;
    }
    return null;
  };

/** In priority order. Names follow the provisioned rules in alerts/ but match loosely. */
export const SUGGESTION_RULES: Rule[] = [
  { name: /isolation/i, make: tenantAction('reprobe') },
  { name: /restart|crash.?loop|oom/i, make: restart },
  { name: /stuck.?job|job.?stuck/i, make: firstOf(openJob, openTenant) },
  { name: /drain|converg/i, make: firstOf(openJob, openTenant) },
  { name: /login|session|auth/i, make: tenantAction('suspend') },
  { name: /5xx|error|noisy|neighbou?r|latency|availability|saturation|rate|lag|outbox/i, make: tenantAction('drain') },
];

export function suggestAction(labels: Labels): SuggestedAction | null {
  const name = labels.alertname ?? '';
  for (const rule of SUGGESTION_RULES) {
    if (rule.name.test(name)) {
      const s = rule.make(labels);
      if (s) return s;
    }
  }
  return openTenant(labels);
}
