/**
 * The standard field-config and transformer registries Grafana core fills at start-up. The override
 * processors are on npm; the editor UIs are core code, so dummy editors stand in for them.
 */
import {
  booleanOverrideProcessor,
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardFieldConfigEditorRegistry,
  standardTransformers,
  standardTransformersRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  valueMappingsOverrideProcessor,
  type FieldConfigPropertyItem,
  type TransformerRegistryItem,
} from '@grafana/data';

const Dummy = () => null;

function item(
  id: string,
  process: (...args: never[]) => unknown,
  extra: Partial<FieldConfigPropertyItem> = {}
): FieldConfigPropertyItem {
  return {
    id,
    path: id,
    name: id,
    process,
    shouldApply: () => true,
    editor: Dummy,
    override: Dummy,
    ...extra,
  } as unknown as FieldConfigPropertyItem;
}

export function initRegistries(): void {
  standardFieldConfigEditorRegistry.setInit(() => [
    item('unit', stringOverrideProcessor),
    item('decimals', numberOverrideProcessor),
    item('min', numberOverrideProcessor),
    item('max', numberOverrideProcessor),
    item('displayName', displayNameOverrideProcessor),
    item('noValue', stringOverrideProcessor),
    item('description', stringOverrideProcessor),
    item('color', identityOverrideProcessor),
    item('thresholds', thresholdsOverrideProcessor),
    item('mappings', valueMappingsOverrideProcessor),
    item('links', dataLinksOverrideProcessor, {
      getItemsCount: (v: unknown[] = []) => v.length,
    } as Partial<FieldConfigPropertyItem>),
    item('filterable', booleanOverrideProcessor),
    item('fieldMinMax', booleanOverrideProcessor),
  ]);
  standardTransformersRegistry.setInit(() =>
    Object.values(standardTransformers).map(
      (t) =>
        ({
          id: t.id,
          name: t.name,
          description: t.description,
          transformation: t,
          editor: Dummy,
          imageDark: '',
          imageLight: '',
        }) as unknown as TransformerRegistryItem
    )
  );
}
