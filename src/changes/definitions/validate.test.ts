import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { orderBundle } from './bundle.fixture';
import { compareVersions } from './semver';
import { validateBundle } from './validate';

describe('definition bundle validation', () => {
  test('a coherent bundle is valid', () => {
    const r = validateBundle(orderBundle());
    assert.deepEqual(r.errors, []);
    assert.equal(r.valid, true);
    assert.equal(r.bundle?.manifest.name, 'orders');
  });

  test('schema errors carry their path', () => {
    const raw = orderBundle() as unknown as Record<string, unknown>;
    const r = validateBundle({ ...raw, manifest: { name: 'orders', version: 'one' } });
    assert.equal(r.valid, false);
    assert.deepEqual(
      r.errors.map((e) => e.path),
      ['manifest.version']
    );
    assert.equal(r.bundle, null);
  });

  test('references resolve: unknown events, commands and effect providers are named', () => {
    const b = orderBundle();
    b.projections.push({ name: 'Shipping', consumes: ['OrderShipped'] });
    b.sagas[0].issues.push('Refund');
    b.sagas[0].effects.push('sms');
    b.sagas[0].triggers.push('Nope');
    const r = validateBundle(b);
    assert.deepEqual(r.errors, [
      { path: 'projections.1.consumes.0', message: 'Projection Shipping consumes unknown event OrderShipped' },
      { path: 'sagas.0.triggers.1', message: 'Saga Checkout is triggered by unknown event Nope' },
      { path: 'sagas.0.issues.1', message: 'Saga Checkout issues unknown command Refund' },
      { path: 'sagas.0.effects.1', message: 'Saga Checkout calls unknown effect provider sms' },
    ]);
  });

  test('no duplicate names; an event has one owner', () => {
    const b = orderBundle();
    b.aggregates.push({ name: 'Order', commands: ['X'], events: ['PaymentCaptured'] });
    const r = validateBundle(b);
    assert.deepEqual(
      r.errors.map((e) => e.path),
      ['aggregates.2.name', 'aggregates.2.events.0']
    );
    assert.match(r.errors[1].message, /already emitted by aggregate Payment/);
  });

  test('version monotonic against the bundle it replaces', () => {
    assert.equal(validateBundle(orderBundle('1.2.0'), { version: '1.1.9' }).valid, true);
    const same = validateBundle(orderBundle('1.2.0'), { version: '1.2.0' });
    assert.deepEqual(
      same.errors.map((e) => e.path),
      ['manifest.version']
    );
    assert.equal(validateBundle(orderBundle('1.10.0'), { version: '1.9.0' }).valid, true, 'numeric, not lexical');
    assert.equal(compareVersions('2.0.0', '10.0.0'), -1);
    assert.throws(() => compareVersions('1.0', '1.0.0'), RangeError);
  });
});
