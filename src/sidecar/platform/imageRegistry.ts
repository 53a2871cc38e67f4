/**
 * The platform's image registry through the Docker Registry HTTP API v2: the tags of a service
 * kind's repository (`GET /v2/<repository>/tags/list`). Calls go through the one outbound client
 * (allowlist, timeout, request id); a failure is a DependencyError naming the registry.
 */
import type { ServiceKind } from '../../contract';
import { DependencyError } from '../kernel/errors';
import { outboundJson, type OutboundOptions } from './http';

export interface ImageRegistryOptions {
  url: string | null;
  /** Repository of a kind, `{kind}` replaced (`demo/{kind}`). */
  repositoryTemplate: string;
  allowedHosts: readonly string[];
  timeoutMs: number;
}

export class ImageRegistryClient {
  private readonly outbound: OutboundOptions;

  constructor(private readonly opts: ImageRegistryOptions) {
    this.outbound = { dependency: 'the image registry', allowedHosts: opts.allowedHosts, timeoutMs: opts.timeoutMs };
  }

  get configured(): boolean {
    return this.opts.url !== null;
  }

  repositoryOf(kind: ServiceKind): string {
    return this.opts.repositoryTemplate.replaceAll('{kind}', kind);
  }

  /** The repository's tags; an unknown repository has none. */
  async tags(kind: ServiceKind): Promise<{ repository: string; tags: string[] }> {
    const repository = this.repositoryOf(kind);
    if (!this.opts.url)
      throw new DependencyError('the image registry', 'refused', 'the image registry is not configured');
    // Repository names contain `/`, which the API keeps as a path separator.
    const url = new URL(
      `${this.opts.url.replace(/\/+$/, '')}/v2/${repository.split('/').map(encodeURIComponent).join('/')}/tags/list`
    );
    if (url.origin !== new URL(this.opts.url).origin) throw new Error('the repository changed the origin');
    try {
      const body = (await outboundJson(this.outbound, { method: 'GET', url }, 'tags/list')) as { tags?: unknown };
      const tags = Array.isArray(body.tags) ? body.tags.filter((t): t is string => typeof t === 'string') : [];
      return { repository, tags };
    } catch (err) {
      if (err instanceof DependencyError && err.status === 404) return { repository, tags: [] };
      throw err;
    }
  }
}
