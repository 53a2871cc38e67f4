/**
 * Grafana's ID token (`X-Grafana-Id`), per GRAFANA.md §2.4: ES256, `kid` header, `typ: jwt`,
 * 10-minute expiry, `aud: ["org:<id>"]`, `iss` = root URL with a trailing slash, claims sub, namespace,
 * identifier, type, role and the user-only claims. JWKS is served at `/api/signing-keys/keys`.
 */
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';

export interface SigningKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export interface IdentityClaims {
  id: number;
  uid: string;
  login: string;
  name: string;
  email: string;
  orgId: number;
  role: string;
}

export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `id-${randomUUID().slice(0, 8)}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { kid, privateJwk: await exportJWK(privateKey), publicJwk };
}

export function jwks(key: SigningKey): { keys: JWK[] } {
  return { keys: [key.publicJwk] };
}

export function namespaceFor(orgId: number): string {
  return orgId === 1 ? 'default' : `org-${orgId}`;
}

export async function signIdToken(
  key: SigningKey,
  issuer: string,
  who: IdentityClaims,
  now = Date.now()
): Promise<string> {
  const privateKey = await importJWK(key.privateJwk, 'ES256');
  const iat = Math.floor(now / 1000);
  return new SignJWT({
    namespace: namespaceFor(who.orgId),
    identifier: who.uid,
    type: 'user',
    role: who.role,
    email: who.email,
    email_verified: true,
    authenticatedBy: 'password',
    username: who.login,
    name: who.name,
  })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'jwt' })
    .setIssuer(issuer)
    .setAudience([`org:${who.orgId}`])
    .setSubject(`user:${who.uid}`)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 600)
    .sign(privateKey);
}
