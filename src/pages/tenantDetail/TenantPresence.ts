import type { SwitchyardApi } from '../../api/switchyardApi';
import { toApiRequestError } from '../../api/toApiRequestError';
import { ErrorCode, type Tenant } from '../../contract';

/** What the first read of a tenant said: its record, "no such tenant" (404), or nothing conclusive. */
export type TenantPresenceAnswer = { kind: 'found'; tenant: Tenant } | { kind: 'missing' } | { kind: 'unknown' };

/**
 * The tenant page's first read of its tenant, shared by its tabs: a tab builds its content only
 * after it, so a tenant that does not exist (or lies outside the user's scope: the sidecar answers
 * 404 for both) costs one request and shows one not-found state. Only a found answer is kept (tab
 * after tab need not ask again); "missing" is asked again next time (the tenant may have been
 * created since), and any other failure lets the tab render its own error and Retry.
 */
export class TenantPresence {
  private answer?: Promise<TenantPresenceAnswer>;
  private taken = new WeakSet<Tenant>();

  constructor(
    readonly tenantId: string,
    private readonly api: Pick<SwitchyardApi, 'getTenant'>
  ) {}

  check(): Promise<TenantPresenceAnswer> {
    if (!this.answer) {
      const answer = this.read();
      this.answer = answer;
      void answer.then((a) => {
        if (a.kind !== 'found' && this.answer === answer) {
          this.answer = undefined;
        }
      });
    }
    return this.answer;
  }

  /**
   * The record a found answer holds, for the first tab that shows it (it need not read the tenant
   * again); undefined after that, so a tab built later reads the tenant as it is then.
   */
  take(answer: TenantPresenceAnswer): Tenant | undefined {
    if (answer.kind !== 'found' || this.taken.has(answer.tenant)) {
      return undefined;
    }
    this.taken.add(answer.tenant);
    return answer.tenant;
  }

  private async read(): Promise<TenantPresenceAnswer> {
    try {
      return { kind: 'found', tenant: await this.api.getTenant(this.tenantId) };
    } catch (e) {
      const error = toApiRequestError(e);
      return error.status === 404 && error.code === ErrorCode.notFound ? { kind: 'missing' } : { kind: 'unknown' };
    }
  }
}
