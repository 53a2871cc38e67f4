import { stringify } from 'yaml';
import type { DefinitionBundle } from '../../contract';

/** The next patch version (the editor's starting point for a new version of a stored bundle). */
export function nextPatch(version: string): string {
  const [major, minor, patch] = version.split('.').map(Number);
  return `${major}.${minor}.${patch + 1}`;
}

/** A stored bundle as YAML with its version raised, ready to edit into a new version. */
export function editableCopy(bundle: DefinitionBundle): string {
  return stringify({ ...bundle, manifest: { ...bundle.manifest, version: nextPatch(bundle.manifest.version) } });
}

/** A starting point for a new bundle. */
export const NEW_BUNDLE_TEMPLATE = `manifest:
  name: my-bundle
  version: 1.0.0
aggregates:
  - name: Order
    commands: [PlaceOrder]
    events: [OrderPlaced]
projections:
  - name: OrderList
    consumes: [OrderPlaced]
sagas: []
effectProviders: []
tenantOverridesAllowed: false
`;
