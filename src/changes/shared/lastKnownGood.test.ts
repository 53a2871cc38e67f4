import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lastKnownGood, rollbackRevision } from './lastKnownGood';

describe('revert targets', () => {
  test('rollback revision: the newest older revision with a different version', () => {
    const revs = [
      { revision: 1, version: '2.13.0' },
      { revision: 2, version: '2.14.3' },
      { revision: 3, version: '2.14.3' },
      { revision: 4, version: '2.15.0-bad' },
    ];
    assert.deepEqual(rollbackRevision(revs, 4), { revision: 3, version: '2.14.3' });
    assert.deepEqual(
      rollbackRevision(revs, 3),
      { revision: 1, version: '2.13.0' },
      'a restart-only revision is skipped'
    );
    assert.equal(rollbackRevision(revs, 1), null);
  });

  test('last known good: newest healthy entry that is not current', () => {
    const history = [
      { version: '1.4.0', healthy: false },
      { version: '1.3.0', healthy: true },
      { version: '1.2.0', healthy: true },
    ];
    assert.equal(lastKnownGood(history, '1.4.0')?.version, '1.3.0');
    assert.equal(lastKnownGood(history, '1.3.0')?.version, '1.2.0');
    assert.equal(lastKnownGood([{ version: '1.0.0', healthy: true }], '1.0.0'), null);
  });
});
