/**
 * Modules are created before the job engine (the engine needs their job types), so a module that
 * starts jobs from its own endpoints holds this handle; app.ts binds the engine's service to it.
 */
import type { CreateJobResponse, JobRequest } from '../../contract';
import { unavailable } from '../kernel/errors';
import type { MutationContext } from '../kernel/mutations';
import { ALL_TENANTS, type TenantScope } from '../kernel/scope';
import type { Caller } from '../kernel/trust/idToken';
import type { JobsService } from './jobs.service';

export class JobSubmitter {
  private service: JobsService | null = null;

  bind(service: JobsService): void {
    this.service = service;
  }

  /** Creates the job through the engine (plan, preflight, approval policy, lock, audit). */
  create(
    ctx: MutationContext,
    caller: Caller,
    input: JobRequest,
    scope: TenantScope = ALL_TENANTS
  ): Promise<CreateJobResponse> {
    if (!this.service) throw unavailable('The job engine is not running yet; retry in a moment');
    return this.service.create(ctx, caller, input, false, scope);
  }
}
