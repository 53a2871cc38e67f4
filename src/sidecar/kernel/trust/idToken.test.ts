import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import { grafanaKeysFetch } from '../../platform/grafana';
import { startIdentityProvider, type IdentityProvider } from '../../testing/identityProvider';
import { testClock } from '../../testing/testClock';
import { IdTokenVerifier } from './idToken';

/** The test clock, moved forward by hand. */
function steppingClock(): Clock & { advance(ms: number): void } {
  const base = testClock();
  let shiftMs = 0;
  return { now: () => new Date(base.now().getTime() + shiftMs), advance: (ms) => (shiftMs += ms) };
}

const isUnauthenticated = (err: unknown) => err instanceof DomainError && err.status === 401;

describe('ID token verification cache', () => {
  let idp: IdentityProvider;
  before(async () => {
    idp = await startIdentityProvider();
  });
  after(() => idp.close());

  const verifier = (clock: Clock, cacheMaxAgeMs = 600_000, allowedHosts = [idp.host]) =>
    new IdTokenVerifier({
      jwksUrl: `${idp.url}/api/signing-keys/keys`,
      issuer: idp.issuer,
      allowedOrgs: [1],
      cooldownMs: 0,
      cacheMaxAgeMs,
      clock,
      fetchKeys: grafanaKeysFetch({ allowedHosts, timeoutMs: 2_000 }),
    });

  test('the JWKS is fetched only from an allow-listed host: otherwise 503 and no call at all', async () => {
    const fetches = idp.jwksFetches();
    const tokens = verifier(steppingClock(), 600_000, ['grafana.internal:3000']);
    await assert.rejects(
      tokens.verify(await idp.mint()),
      (err: unknown) => err instanceof DomainError && err.status === 503
    );
    assert.equal(idp.jwksFetches(), fetches);
    assert.equal((await verifier(steppingClock()).verify(await idp.mint())).login, 'alice');
    assert.equal(idp.jwksFetches(), fetches + 1);
  });

  test('a verified token is answered from the cache until it expires', async () => {
    const clock = steppingClock();
    const tokens = verifier(clock);
    const token = await idp.mint({ expiresIn: 60 });
    assert.equal((await tokens.verify(token)).login, 'alice');
    const fetches = idp.jwksFetches();
    assert.equal((await tokens.verify(token)).login, 'alice');
    assert.equal(idp.jwksFetches(), fetches);
    clock.advance(66_000);
    await assert.rejects(tokens.verify(token), isUnauthenticated);
  });

  test('a cached token is refused once its signing key leaves the JWKS', async () => {
    const tokens = verifier(steppingClock());
    const before = await idp.mint();
    assert.equal((await tokens.verify(before)).login, 'alice');
    await idp.rotateKey();
    // A token under the new key makes the verifier refetch the JWKS, which no longer has the old kid.
    assert.equal((await tokens.verify(await idp.mint())).login, 'alice');
    await assert.rejects(tokens.verify(before), isUnauthenticated);
  });

  test('a cached entry is not trusted past the JWKS cache max age', async () => {
    const clock = steppingClock();
    const tokens = verifier(clock, 1);
    const token = await idp.mint();
    assert.equal((await tokens.verify(token)).login, 'alice');
    await idp.rotateKey();
    // The JWKS cache (max age 1 ms, on the monotonic timer) is stale by now; so is the entry.
    await new Promise((resolve) => setTimeout(resolve, 5));
    clock.advance(5);
    await assert.rejects(tokens.verify(token), isUnauthenticated);
  });
});
