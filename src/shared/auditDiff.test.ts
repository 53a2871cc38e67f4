import { auditDiff, changeSummary, displayValue } from './auditDiff';

describe('auditDiff', () => {
  it('reads a status move as one change and keeps the rest as details', () => {
    const diff = auditDiff({
      targetType: 'tenant',
      details: { from: 'provisioning', to: 'active', allowed: ['active', 'archived'] },
    });
    expect(diff.changes).toEqual([{ field: 'status', before: 'provisioning', after: 'active' }]);
    expect(diff.other).toEqual([['allowed', '["active","archived"]']]);
    expect(changeSummary({ targetType: 'tenant', details: { from: 'provisioning', to: 'active' } })).toBe(
      'provisioning → active'
    );
  });

  it('names a job status move as such', () => {
    expect(auditDiff({ targetType: 'job', details: { from: 'running', to: 'cancelled' } }).changes[0].field).toBe(
      'job status'
    );
  });

  it('splits field changes, comparing labels key by key and skipping what did not change', () => {
    const diff = auditDiff({
      targetType: 'tenant',
      details: {
        version: 3,
        changes: {
          displayName: { from: 'Acme', to: 'Acme Corp' },
          labels: { from: { team: 'payments', tier: 'gold' }, to: { team: 'search', tier: 'gold', new: 'x' } },
          plan: { from: 'pro', to: 'pro' },
        },
      },
    });
    expect(diff.changes).toEqual([
      { field: 'displayName', before: 'Acme', after: 'Acme Corp' },
      { field: 'labels.new', before: null, after: 'x' },
      { field: 'labels.team', before: 'payments', after: 'search' },
    ]);
    expect(diff.other).toEqual([['version', '3']]);
    expect(changeSummary({ targetType: 'tenant', details: { changes: { displayName: { from: 'A', to: 'B' } } } })).toBe(
      'displayName: A → B'
    );
  });

  it('shows a created resource as fields that did not exist before', () => {
    const diff = auditDiff({ targetType: 'tenant', details: { tenant: { id: 'acme', labels: { team: 'a' } } } });
    expect(diff.changes).toEqual([
      { field: 'id', before: null, after: 'acme' },
      { field: 'labels', before: null, after: '{"team":"a"}' },
    ]);
    expect(changeSummary({ targetType: 'tenant', details: { tenant: { id: 'acme', plan: 'pro' } } })).toBe(
      'id: ∅ → acme (+1 more)'
    );
  });

  it('shows a re-approved plan as the hash it moved from and to', () => {
    const diff = auditDiff({
      targetType: 'job',
      details: { approvedPlanHash: 'aaa', planHash: 'bbb', diff: ['step added'] },
    });
    expect(diff.changes).toEqual([{ field: 'plan hash', before: 'aaa', after: 'bbb' }]);
    expect(diff.other).toEqual([['diff', '["step added"]']]);
  });

  it('has no changes for an entry that only records facts', () => {
    const diff = auditDiff({ targetType: 'job', details: { type: 'tenant.restart', fence: 2, error: null } });
    expect(diff.changes).toEqual([]);
    expect(diff.other).toEqual([
      ['error', 'null'],
      ['fence', '2'],
      ['type', 'tenant.restart'],
    ]);
    expect(changeSummary({ targetType: 'job', details: { type: 'x' } })).toBe('');
    // A bare `from` without `to` (a cancel) is a detail, not a move.
    expect(auditDiff({ targetType: 'job', details: { from: 'queued' } }).changes).toEqual([]);
  });

  it('renders values as one line', () => {
    expect(displayValue('text')).toBe('text');
    expect(displayValue(null)).toBeNull();
    expect(displayValue({ a: [1] })).toBe('{"a":[1]}');
    expect(displayValue(false)).toBe('false');
  });
});
