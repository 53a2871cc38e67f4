/** MAJOR.MINOR.PATCH comparison for bundle versions (no pre-release part: bundles are released or not). */
import { SEMVER_PATTERN } from '../../contract';

export function compareVersions(a: string, b: string): number {
  if (!SEMVER_PATTERN.test(a) || !SEMVER_PATTERN.test(b))
    throw new RangeError(`not a MAJOR.MINOR.PATCH version: ${a} / ${b}`);
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  return 0;
}
