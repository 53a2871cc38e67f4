import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SerializedJson } from './serializedJson';

test('withArray writes the object a serializer would, for any documents and members', () => {
  fc.assert(
    fc.property(
      fc.string(),
      fc.array(fc.jsonValue()),
      fc.dictionary(fc.string(), fc.jsonValue()),
      (key, items, members) => {
        fc.pre(!(key in members));
        const rest = JSON.stringify(members).slice(1, -1);
        const body = SerializedJson.withArray(
          key,
          items.map((i) => JSON.stringify(i)),
          rest
        );
        assert.deepEqual(JSON.parse(body.text), JSON.parse(JSON.stringify({ [key]: items, ...members })));
      }
    )
  );
});

test('withArray handles the edges: no documents, no other members, text beyond ASCII', () => {
  assert.equal(SerializedJson.withArray('items', [], '').text, '{"items":[]}');
  assert.equal(SerializedJson.withArray('items', [], '"next":null').text, '{"items":[],"next":null}');
  assert.equal(SerializedJson.withArray('items', ['{"a":1}'], '').text, '{"items":[{"a":1}]}');
  assert.equal(
    SerializedJson.withArray('items', ['{"n":"Zürich"}', '{"n":"東京 🚀"}'], '"c":"x"').text,
    '{"items":[{"n":"Zürich"},{"n":"東京 🚀"}],"c":"x"}'
  );
  assert.equal(SerializedJson.withArray('a"b', ['1'], '').text, '{"a\\"b":[1]}');
});
