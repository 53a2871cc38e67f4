import { tenant } from '../../test/fixtures';
import {
  conflictRows,
  draftFromTenant,
  emptyDraft,
  EXAMPLE_UUID,
  fieldError,
  reapply,
  validateCreate,
  validateEdit,
  type TenantDraft,
} from './tenantDraft';

function filled(over: Partial<TenantDraft> = {}): TenantDraft {
  return {
    ...emptyDraft(),
    id: 'acme-new',
    displayName: 'Acme New',
    organizationId: '0b6c2c1e-5d6f-4a7b-8c9d-0e1f2a3b4c5d',
    applicationId: '1c7d3d2f-6e70-4b8c-9dae-1f203b4c5d6e',
    ...over,
  };
}

describe('validateCreate', () => {
  it('turns a filled draft into the contract body: rows into records, numbers parsed', () => {
    const r = validateCreate(
      filled({
        labels: [{ key: 'team', value: 'pay' }],
        flags: [{ name: 'beta', on: true }],
        killSwitch: true,
        quotas: { requestsPerSecond: '250', storageGb: '20', maxConnections: '8' },
        contacts: [{ name: 'Ada', email: ' ada@example.com ', role: 'owner' }],
      })
    );
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({
        id: 'acme-new',
        labels: { team: 'pay' },
        quotas: { requestsPerSecond: 250, storageGb: 20, maxConnections: 8 },
        featureFlags: { killSwitch: true, beta: true },
        contacts: [{ name: 'Ada', email: 'ada@example.com', role: 'owner' }],
      }),
    });
  });

  it('names every invalid field with the contract message', () => {
    const r = validateCreate(
      filled({
        id: 'Bad Id',
        displayName: ' ',
        organizationId: 'not-a-uuid',
        quotas: { requestsPerSecond: '1.5', storageGb: '', maxConnections: '3' },
        labels: [
          { key: 'UPPER', value: 'x' },
          { key: 'ok', value: 'v'.repeat(64) },
        ],
        flags: [{ name: '', on: true }],
        contacts: [{ name: 'Ada', email: 'nope', role: 'owner' }],
      })
    );
    expect(r.ok).toBe(false);
    const errors = r.ok ? {} : r.errors;
    expect(errors).toEqual(
      expect.objectContaining({
        id: 'Tenant id: Use 2–63 lowercase letters, digits or dashes, starting with a letter or digit',
        displayName: 'Display name: Give the tenant a display name',
        organizationId: `Organization id must be a UUID, e.g. ${EXAMPLE_UUID}`,
        'quotas.requestsPerSecond': 'Requests per second must be a whole number',
        'quotas.storageGb': 'Storage (GB) must be a whole number',
        'labels.0.key': 'Label 1 key: Label keys are lowercase, max 63 chars',
        'labels.1.value': 'Label 2 value: Label values are at most 63 characters',
        'flags.0.name': 'Name the flag, or remove the row',
      })
    );
    expect(errors['contacts.0.email']).toBe('Contact 1 email must be an email address, e.g. ada@example.com');
    expect(Object.keys(errors).sort()).toEqual(
      [
        'contacts.0.email',
        'displayName',
        'flags.0.name',
        'id',
        'labels.0.key',
        'labels.1.value',
        'organizationId',
        'quotas.requestsPerSecond',
        'quotas.storageGb',
      ].sort()
    );
  });

  it('says what is wrong with a quota: negative, not whole, too large, empty', () => {
    const r = validateCreate(
      filled({ quotas: { requestsPerSecond: '-5', storageGb: '2.5', maxConnections: '2000000' } })
    );
    expect(r.ok ? {} : r.errors).toEqual({
      'quotas.requestsPerSecond': 'Requests per second must be 0 or more',
      'quotas.storageGb': 'Storage (GB) must be a whole number',
      'quotas.maxConnections': 'Max connections must be 1,000,000 or less',
    });
    const empty = validateCreate(filled({ quotas: { requestsPerSecond: ' ', storageGb: '1', maxConnections: '1' } }));
    expect(empty.ok ? {} : empty.errors).toEqual({
      'quotas.requestsPerSecond': 'Requests per second must be a whole number',
    });
  });

  it('never shows an internal key name: every message starts with the field label', () => {
    const r = validateCreate(
      filled({
        organizationId: 'xyz',
        applicationId: '',
        contacts: [{ name: ' ', email: 'ada@example.com', role: 'owner' }],
      })
    );
    expect(r.ok ? {} : r.errors).toEqual({
      organizationId: `Organization id must be a UUID, e.g. ${EXAMPLE_UUID}`,
      applicationId: `Application id must be a UUID, e.g. ${EXAMPLE_UUID}`,
      'contacts.0.name': 'Contact 1 name is required',
    });
    expect(JSON.stringify(r)).not.toMatch(/organizationId must|applicationId must|Too small|Invalid/);
  });

  it('fieldError checks one field of the draft as it is now', () => {
    const d = filled({ id: 'Bad_ID', quotas: { requestsPerSecond: '-5', storageGb: '10', maxConnections: '50' } });
    expect(fieldError(d, 'id')).toMatch(/^Tenant id: /);
    expect(fieldError(d, 'quotas.requestsPerSecond')).toBe('Requests per second must be 0 or more');
    expect(fieldError(d, 'displayName')).toBeUndefined();
    expect(fieldError(filled(), 'id')).toBeUndefined();
  });

  it('refuses duplicate label keys and flag names on the row that repeats them', () => {
    const r = validateCreate(
      filled({
        labels: [
          { key: 'team', value: 'a' },
          { key: 'team', value: 'b' },
        ],
        flags: [
          { name: 'beta', on: true },
          { name: 'beta', on: false },
          { name: 'killSwitch', on: true },
        ],
      })
    );
    expect(r.ok ? {} : r.errors).toEqual({
      'labels.1.key': 'Label team is given twice',
      'flags.1.name': 'Flag beta is given twice',
      'flags.2.name': 'The kill switch has its own toggle',
    });
  });
});

describe('validateEdit', () => {
  it('sends only what changed against the loaded tenant', () => {
    const base = tenant({ featureFlags: { killSwitch: false, beta: true } });
    const d = draftFromTenant(base);
    d.displayName = 'Acme Renamed';
    d.quotas.storageGb = '40';
    expect(validateEdit(d, base)).toEqual({
      ok: true,
      value: { displayName: 'Acme Renamed', quotas: { ...base.quotas, storageGb: 40 } },
    });
  });

  it('an untouched form has nothing to save; reordered labels are not a change', () => {
    const base = tenant({ labels: { a: '1', b: '2' } });
    const d = draftFromTenant(base);
    d.labels.reverse();
    expect(validateEdit(d, base)).toEqual({ ok: false, errors: { form: 'Nothing to save: change a field first' } });
  });

  it('an invalid edit names the field', () => {
    const d = draftFromTenant(tenant());
    d.contacts = [{ name: '', email: 'ada@example.com', role: 'owner' }];
    const r = validateEdit(d, tenant());
    expect(r.ok ? {} : Object.keys(r.errors)).toEqual(['contacts.0.name']);
  });
});

describe('conflicts', () => {
  it('lists the fields you edited and those they changed; reapply puts yours on top of theirs', () => {
    const base = tenant({ version: 3 });
    const theirs = tenant({ version: 4, plan: 'enterprise', displayName: 'Their name' });
    const yours = { displayName: 'My name', quotas: { ...base.quotas, storageGb: 99 } };
    const rows = conflictRows(base, theirs, yours);
    expect(rows.map((r) => [r.field, r.theyChanged])).toEqual([
      ['displayName', true],
      ['plan', true],
      ['quotas', false],
    ]);
    expect(rows[0]).toMatchObject({ base: 'Acme Corp', theirs: 'Their name', yours: 'My name' });
    const d = reapply(yours, theirs);
    expect(d.displayName).toBe('My name');
    expect(d.plan).toBe('enterprise');
    expect(d.quotas.storageGb).toBe('99');
  });
});
