/**
 * The job types the engine can run. Modules contribute their job types bound to what those need
 * (`bindJobTypes`); the registry adds the engine's own deps and refuses a start-up where a job type of
 * the contract has no definition, or has two.
 */
import { JOB_TYPES, type JobType } from '../../contract';
import type { JobLifecycleListener } from './jobLifecycle';
import type { EngineDeps, JobTypeDef } from './jobType';

export interface JobTypeBinding {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- params are parsed by the contract per type
  def: JobTypeDef<any, any>;
  deps: object;
}

/** What a module gives the job engine: its job types and, optionally, a lifecycle listener. */
export interface ModuleJobs {
  types?: JobTypeBinding[];
  listener?: JobLifecycleListener;
}

export function bindJobTypes<D extends object>(
  deps: D,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  defs: Array<JobTypeDef<any, EngineDeps & D>>
): JobTypeBinding[] {
  return defs.map((def) => ({ def, deps }));
}

export interface RegisteredJobType {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  def: JobTypeDef<any, any>;
  deps: EngineDeps;
}

export class JobTypeRegistry {
  private readonly types = new Map<string, RegisteredJobType>();

  constructor(
    bindings: JobTypeBinding[],
    readonly engine: EngineDeps
  ) {
    for (const b of bindings) {
      if (this.types.has(b.def.type)) throw new Error(`job type ${b.def.type} is defined twice`);
      this.types.set(b.def.type, { def: b.def, deps: { ...b.deps, ...engine } });
    }
    const missing = JOB_TYPES.filter((t) => !this.types.has(t));
    if (missing.length) throw new Error(`no definition for job types ${missing.join(', ')}`);
  }

  get(type: JobType | string): RegisteredJobType {
    const t = this.types.get(type);
    if (!t) throw new Error(`unknown job type ${type}`);
    return t;
  }
}
