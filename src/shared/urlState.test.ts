import { firstValue, hasKey, listOf, listToUrl, oneOf, optionalValue, sameUrlState } from './urlState';

const KINDS = ['gateway', 'runner', 'projection'] as const;

describe('urlState', () => {
  it('reads the first value of a key', () => {
    expect(firstValue(['a', 'b'])).toBe('a');
    expect(firstValue('a')).toBe('a');
    expect(firstValue(undefined)).toBe('');
    expect(firstValue(null)).toBe('');
    expect(optionalValue('')).toBeUndefined();
    expect(optionalValue('c1')).toBe('c1');
  });

  it('keeps only values the contract knows', () => {
    expect(oneOf('runner', KINDS)).toBe('runner');
    expect(oneOf('rm -rf', KINDS)).toBeUndefined();
    expect(listOf('projection, gateway,nope,,', KINDS)).toEqual(['gateway', 'projection']);
    expect(listOf(undefined, KINDS)).toEqual([]);
  });

  it('round-trips a list and drops an empty one from the URL', () => {
    expect(listOf(listToUrl(['gateway', 'runner']), KINDS)).toEqual(['gateway', 'runner']);
    expect(listToUrl([])).toBeNull();
  });

  it('tells present keys (null clears) from absent ones, and compares states by their URL', () => {
    expect(hasKey({ q: null }, 'q')).toBe(true);
    expect(hasKey({}, 'q')).toBe(false);
    const toUrl = (s: { q: string }) => ({ q: s.q || null });
    expect(sameUrlState(toUrl, { q: 'a' }, { q: 'a' })).toBe(true);
    expect(sameUrlState(toUrl, { q: 'a' }, { q: '' })).toBe(false);
  });
});
