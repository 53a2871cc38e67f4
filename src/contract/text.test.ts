import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_INPUT_DEPTH, findTextViolation, hasVisibleText, textProblem } from './text';

test('well-formed text of every script passes: astral, combining, right-to-left, CJK, emoji', () => {
  for (const s of ['plain', 'naïve café', 'e\u0301', 'שלום עולם', 'مرحبا', '漢字かな', '🚀 deploy 👩‍👩‍👧', 'tab\there']) {
    assert.equal(textProblem(s), null, s);
  }
});

test('lone surrogates, NUL, control characters and bidi overrides are refused with the reason', () => {
  assert.match(textProblem('abc\ud800def')!, /unpaired surrogate/);
  assert.match(textProblem('abc\udc00')!, /unpaired surrogate/);
  assert.match(textProblem('\udfffabc')!, /unpaired surrogate/);
  assert.match(textProblem('a\u0000b')!, /NUL/);
  assert.match(textProblem('a\u0007b')!, /control/);
  assert.match(textProblem('a\u009bb')!, /control/);
  assert.match(textProblem('reason \u202egnp.exe')!, /bidirectional/);
  assert.match(textProblem('x\u2066y')!, /bidirectional/);
});

test('line breaks: refused in single-line text, allowed where a field allows them', () => {
  assert.match(textProblem('a\nb')!, /single line/);
  assert.match(textProblem('a\u2028b')!, /single line/);
  assert.equal(textProblem('a\nb', { multiline: true }), null);
  assert.equal(textProblem('a\r\nb', { multiline: true }), null);
});

test('the walker names the path of the first bad string or key, in values and keys', () => {
  assert.equal(findTextViolation({ a: ['ok', { b: 'fine' }] }, 'body'), null);
  assert.deepEqual(findTextViolation({ a: ['ok', { b: 'x\u0000' }] }, 'body')?.path, 'body.a.1.b');
  assert.match(findTextViolation({ labels: { ['k\u202e']: 'v' } }, 'body')!.message, /a key in body\.labels/);
  assert.equal(findTextViolation({ reason: 'line one\nline two' }, 'body'), null);
});

test('nesting deeper than the limit is refused without recursion, even at 100,000 levels', () => {
  let deep: unknown = 'leaf';
  for (let i = 0; i < 100_000; i++) deep = { x: deep };
  const v = findTextViolation(deep, 'body');
  assert.match(v!.message, new RegExp(`deeper than ${MAX_INPUT_DEPTH}`));
  let ok: unknown = 'leaf';
  for (let i = 0; i < MAX_INPUT_DEPTH; i++) ok = [ok];
  assert.equal(findTextViolation(ok, 'body'), null);
});

test('numbers that are not finite (what JSON.parse makes of 1e309) are refused naming their path', () => {
  assert.equal(findTextViolation({ n: 1e308, m: -0.5, k: [0, 42] }, 'body'), null);
  assert.deepEqual(findTextViolation(JSON.parse('{"to":"active","extra":1e309}'), 'body'), {
    path: 'body.extra',
    message: 'body.extra must be a finite number',
  });
  assert.equal(findTextViolation(JSON.parse('{"params":{"a":[1,-1e400]}}'), 'body')?.path, 'body.params.a.1');
  assert.equal(findTextViolation(Number.NaN, 'bundle')?.path, 'bundle');
});

test('visible text: any letter, digit, mark, punctuation or symbol; not only spaces or invisible characters', () => {
  for (const s of ['ok', 'é', '漢', '🚀', '-', 'a\u200bb', ' x ']) assert.equal(hasVisibleText(s), true, s);
  for (const s of [
    '',
    '   ',
    '\u200b\u200b\u200b',
    '\u200d\u2060\ufeff',
    '\u00a0\u3000',
    '\u3164\u115f',
    '\u2800',
    '\t\n',
  ])
    assert.equal(hasVisibleText(s), false, JSON.stringify(s));
});
