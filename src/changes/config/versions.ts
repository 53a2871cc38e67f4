/**
 * Config versions are immutable and append-only: a write is version n+1 of its (kind, scope), a
 * rollback is a new version equal to an old one. The content hash covers kind, scope, schemaVersion
 * and value (not author or time), so a rollback has the hash of the version it restores.
 */
import type { ConfigKind, ConfigVersion } from '../../contract';
import { contentHash, type JsonObject } from '../shared/canonical';

export function configVersionHash(kind: ConfigKind, scope: string, schemaVersion: number, value: unknown): string {
  return contentHash({ kind, scope, schemaVersion, value });
}

export interface NewVersionInput {
  kind: ConfigKind;
  scope: string;
  value: JsonObject;
  author: string;
  reason: string;
  now: Date;
  /** The version the author edited (null for the first); must be the latest. */
  baseVersion: number | null;
}

export class ConfigVersionConflict extends Error {
  constructor(
    readonly latest: number | null,
    readonly baseVersion: number | null
  ) {
    super(
      `The document changed since version ${baseVersion ?? 'none'} was read: the latest is ${latest ?? 'none'}. Reload, review the diff and write again.`
    );
  }
}

/** The next version after `history` (any order); refuses a stale base version. */
export function nextConfigVersion(history: readonly ConfigVersion[], input: NewVersionInput): ConfigVersion {
  const latest = history.reduce<number | null>((m, v) => (m === null || v.version > m ? v.version : m), null);
  if (input.baseVersion !== latest) throw new ConfigVersionConflict(latest, input.baseVersion);
  const schemaVersion = Number(input.value.schemaVersion ?? 1);
  return {
    kind: input.kind,
    scope: input.scope,
    version: (latest ?? 0) + 1,
    schemaVersion,
    value: structuredClone(input.value),
    author: input.author,
    reason: input.reason,
    createdAt: input.now.toISOString(),
    hash: configVersionHash(input.kind, input.scope, schemaVersion, input.value),
    restoredFrom: null,
  };
}

/** Rollback: a new version whose value equals `toVersion`'s. */
export function rollbackConfigVersion(
  history: readonly ConfigVersion[],
  toVersion: number,
  input: { author: string; reason: string; now: Date }
): ConfigVersion {
  const target = history.find((v) => v.version === toVersion);
  if (!target) throw new RangeError(`version ${toVersion} does not exist`);
  const latest = Math.max(...history.map((v) => v.version));
  const next = nextConfigVersion(history, {
    kind: target.kind,
    scope: target.scope,
    value: target.value,
    author: input.author,
    reason: input.reason,
    now: input.now,
    baseVersion: latest,
  });
  return { ...next, restoredFrom: toVersion };
}
