import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_BUNDLE_TEXT_CHARS, UploadBundleSchema, ValidateBundleSchema } from './definitions';

describe('bundle input', () => {
  test('manifest text is bounded (YAML parsing holds the sidecar’s thread); JSON objects are not', () => {
    const text = 'x'.repeat(MAX_BUNDLE_TEXT_CHARS + 1);
    const bodies = [
      (bundle: string) => UploadBundleSchema.safeParse({ bundle, reason: 'a big manifest' }),
      (bundle: string) => ValidateBundleSchema.safeParse({ bundle }),
    ];
    for (const parse of bodies) {
      const r = parse(text);
      assert.equal(r.success, false);
      assert.deepEqual(
        r.error?.issues.map((i) => i.path),
        [['bundle']]
      );
      assert.match(r.error?.issues[0]?.message ?? '', /limited to 256 KiB; send a larger bundle as a JSON object/);
      assert.ok(parse(text.slice(1)).success);
    }
    const big = { manifest: { name: 'orders', description: 'x'.repeat(MAX_BUNDLE_TEXT_CHARS * 2) } };
    assert.ok(UploadBundleSchema.safeParse({ bundle: big, reason: 'a big bundle as JSON' }).success);
  });
});
