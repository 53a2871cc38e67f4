/**
 * Per-key diff of two config values (any two versions of a document, or the effective config before
 * and after a change): every leaf path that was added, removed or changed, sorted by path.
 */
import type { ConfigDiffEntry } from '../../contract';
import { deepEqual, formatPath, leaves } from '../shared/canonical';

export function diffConfig(before: unknown, after: unknown): ConfigDiffEntry[] {
  const a = new Map(leaves(before).map((l) => [formatPath(l.segments), l]));
  const b = new Map(leaves(after).map((l) => [formatPath(l.segments), l]));
  const out: ConfigDiffEntry[] = [];
  for (const [path, l] of a) {
    const other = b.get(path);
    if (!other) {
      // A leaf that became an object (or vanished): removed here, its new leaves show as added.
      out.push({ path, change: 'removed', before: l.value });
    } else if (!deepEqual(l.value, other.value)) {
      out.push({ path, change: 'changed', before: l.value, after: other.value });
    }
  }
  for (const [path, l] of b) if (!a.has(path)) out.push({ path, change: 'added', after: l.value });
  return out.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}
