import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CONFIG_KINDS } from '../../contract';
import { BUILT_IN_CONFIG_DEFAULTS } from './defaults';
import { validateConfigDocument } from './validate';

describe('built-in config defaults', () => {
  test('every kind has a complete, valid default document', () => {
    for (const kind of CONFIG_KINDS) {
      const r = validateConfigDocument(kind, 'default', BUILT_IN_CONFIG_DEFAULTS[kind]);
      assert.deepEqual(r, { valid: true, errors: [] }, kind);
    }
    assert.deepEqual(Object.keys(BUILT_IN_CONFIG_DEFAULTS).sort(), [...CONFIG_KINDS].sort());
  });
});
