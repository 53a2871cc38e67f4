/**
 * Revert targets. For deployments: the ReplicaSet revision `kubectl rollout undo` would restore. For
 * anything with a health-marked history (definition bundles, deployed versions): the newest earlier
 * entry that was healthy and differs from what runs now.
 */

export interface RevisionRecord {
  revision: number;
  /** Image version (or any identity of the pod template) of that revision. */
  version: string;
}

/** The highest revision below the current one with a different version, or null when none exists. */
export function rollbackRevision<T extends RevisionRecord>(revisions: readonly T[], currentRevision: number): T | null {
  const current = revisions.find((r) => r.revision === currentRevision);
  const older = revisions
    .filter((r) => r.revision < currentRevision && (!current || r.version !== current.version))
    .sort((a, b) => b.revision - a.revision);
  return older[0] ?? null;
}

export interface HealthMarked {
  version: string;
  healthy: boolean;
}

/** `history` newest first, including the current entry; returns the newest healthy entry that is not current. */
export function lastKnownGood<T extends HealthMarked>(history: readonly T[], currentVersion: string | null): T | null {
  return history.find((h) => h.healthy && h.version !== currentVersion) ?? null;
}
