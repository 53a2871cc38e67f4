import { normalizeSidecarUrl, validateSettings } from './validateSettings';

const SECRET = 'x'.repeat(32);

describe('validateSettings', () => {
  it('accepts an http(s) URL and a stored secret', () => {
    expect(validateSettings({ sidecarUrl: 'http://sidecar:8787', proxySecret: '', secretConfigured: true })).toEqual(
      {}
    );
    expect(
      validateSettings({ sidecarUrl: 'https://sidecar.example/base/', proxySecret: SECRET, secretConfigured: false })
    ).toEqual({});
  });

  it.each([
    ['', /Sidecar URL is required/],
    ['sidecar:8787', /must start with http/],
    ['not a url', /absolute URL/],
    ['ftp://sidecar', /must start with http/],
    ['http://user:pw@sidecar', /user name or password/],
    ['http://sidecar?x=1', /query/],
  ])('names the field and the fix for sidecar URL %p', (sidecarUrl, message) => {
    const errors = validateSettings({ sidecarUrl, proxySecret: '', secretConfigured: true });
    expect(errors.sidecarUrl).toMatch(message);
    expect(errors.sidecarUrl).toMatch(/^Sidecar URL/);
  });

  it('requires a secret when none is stored, of at least 32 characters and without commas', () => {
    const base = { sidecarUrl: 'http://s', secretConfigured: false };
    expect(validateSettings({ ...base, proxySecret: '' }).proxySecret).toMatch(/Proxy secret is required/);
    expect(validateSettings({ ...base, proxySecret: 'short' }).proxySecret).toMatch(/at least 32/);
    expect(validateSettings({ ...base, proxySecret: `${SECRET},b` }).proxySecret).toMatch(/commas/);
  });

  it('normalizes the URL without trailing slashes', () => {
    expect(normalizeSidecarUrl(' http://s:1/base// ')).toBe('http://s:1/base');
  });
});
