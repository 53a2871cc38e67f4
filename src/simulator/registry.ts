/**
 * The platform's image registry, a subset of the Docker Registry HTTP API v2: `GET /registry/v2/`,
 * `GET /registry/v2/_catalog`, `GET /registry/v2/<repo>/tags/list` and `GET|HEAD
 * /registry/v2/<repo>/manifests/<tag>`; errors in the registry's `{errors:[{code,message,detail}]}`
 * shape. Repositories are `demo/<service kind>`; images are `registry.switchyard.dev/demo/<kind>:<tag>`.
 * A tag containing `bad` is a build that serves errors and slow responses (see releases.ts).
 * `POST /sim/registry/tags {repository, tag}` pushes a tag (test and demo setup).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { SERVICE_KINDS, type PlatformModel } from './model';
import { templateHash } from './kubernetes/workloads';

export const REGISTRY_HOST = 'registry.switchyard.dev';
export const KNOWN_TAGS = ['2.13.0', '2.14.0', '2.14.3', '2.15.0', '2.15.0-bad', '2.15.1'] as const;
const REPO_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

export const imageOf = (kind: string, tag: string): string => `${REGISTRY_HOST}/demo/${kind}:${tag}`;

/** `registry.switchyard.dev/demo/gateway:2.14.3` → `{ repository: 'demo/gateway', tag: '2.14.3' }`. */
export function parseImage(image: string): { host: string | null; repository: string; tag: string } {
  const at = image.lastIndexOf(':');
  const slash = image.lastIndexOf('/');
  const name = at > slash ? image.slice(0, at) : image;
  const tag = at > slash ? image.slice(at + 1) : 'latest';
  const first = name.split('/')[0];
  const hasHost = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return { host: hasHost ? first : null, repository: hasHost ? name.slice(first.length + 1) : name, tag };
}

/** The version label of a running image (its tag). */
export const versionOfImage = (image: string): string => parseImage(image).tag;
export const isBadVersion = (version: string): boolean => /bad/i.test(version);

export class ImageRegistry {
  private readonly repos = new Map<string, Set<string>>();

  constructor(model: PlatformModel) {
    for (const kind of SERVICE_KINDS) {
      const tags = new Set<string>(KNOWN_TAGS);
      for (const s of model.shards.filter((x) => x.kind === kind)) tags.add(s.version);
      this.repos.set(`demo/${kind}`, tags);
    }
  }

  repositories(): string[] {
    return [...this.repos.keys()].sort();
  }
  tags(repository: string): string[] | undefined {
    const t = this.repos.get(repository);
    return t && [...t].sort(compareTags);
  }
  push(repository: string, tag: string): void {
    if (!REPO_PATTERN.test(repository) || !TAG_PATTERN.test(tag)) throw new RangeError('invalid repository or tag');
    const set = this.repos.get(repository) ?? new Set<string>();
    set.add(tag);
    this.repos.set(repository, set);
  }
  /** Whether a pod could pull this image (only images of this registry exist). */
  has(image: string): boolean {
    const { host, repository, tag } = parseImage(image);
    return host === REGISTRY_HOST && (this.repos.get(repository)?.has(tag) ?? false);
  }
  digest(repository: string, tag: string): string {
    return `sha256:${(templateHash(`${repository}:${tag}`) + templateHash(tag)).padEnd(64, '0').slice(0, 64)}`;
  }
}

/** Numeric-aware tag order (2.9.0 before 2.10.0). */
function compareTags(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function registryError(reply: FastifyReply, status: number, code: string, message: string, detail: unknown) {
  return reply
    .code(status)
    .header('docker-distribution-api-version', 'registry/2.0')
    .send({ errors: [{ code, message, detail }] });
}

export function registerRegistryRoutes(app: FastifyInstance, registry: ImageRegistry): void {
  app.get('/registry/v2/', async (_req, reply) =>
    reply.header('docker-distribution-api-version', 'registry/2.0').send({})
  );
  app.get('/registry/v2/_catalog', async (_req, reply) =>
    reply.header('docker-distribution-api-version', 'registry/2.0').send({ repositories: registry.repositories() })
  );
  const handler = async (req: { method: string; params: unknown }, reply: FastifyReply) => {
    const rest = (req.params as { '*': string })['*'];
    const tagsList = /^(.+)\/tags\/list$/.exec(rest);
    const manifest = /^(.+)\/manifests\/([^/]+)$/.exec(rest);
    const repository = tagsList?.[1] ?? manifest?.[1];
    if (!repository || !REPO_PATTERN.test(repository))
      return registryError(reply, 404, 'NAME_INVALID', 'invalid repository name', { name: repository ?? rest });
    const tags = registry.tags(repository);
    if (!tags)
      return registryError(reply, 404, 'NAME_UNKNOWN', 'repository name not known to registry', { name: repository });
    if (tagsList) {
      if (req.method === 'HEAD') return reply.code(200).send();
      return reply.header('docker-distribution-api-version', 'registry/2.0').send({ name: repository, tags });
    }
    const tag = manifest?.[2] as string;
    if (!tags.includes(tag))
      return registryError(reply, 404, 'MANIFEST_UNKNOWN', 'manifest unknown', { name: repository, tag });
    const digest = registry.digest(repository, tag);
    reply
      .header('docker-distribution-api-version', 'registry/2.0')
      .header('docker-content-digest', digest)
      .header('content-type', 'application/vnd.docker.distribution.manifest.v2+json');
    if (req.method === 'HEAD') return reply.code(200).send();
    return reply.send({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 1469, digest },
      layers: [],
    });
  };
  app.get('/registry/v2/*', handler);
  app.post('/sim/registry/tags', async (req, reply) => {
    const body = (req.body ?? {}) as { repository?: unknown; tag?: unknown };
    if (typeof body.repository !== 'string' || typeof body.tag !== 'string')
      return reply.code(400).send({ error: 'bad_request', message: 'repository and tag are required strings' });
    try {
      registry.push(body.repository, body.tag);
    } catch (e) {
      return reply.code(400).send({ error: 'bad_request', message: (e as Error).message });
    }
    return reply.code(201).send({ name: body.repository, tags: registry.tags(body.repository) });
  });
}
