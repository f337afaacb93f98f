// The keys that verify the host site's sign-in tokens, read from the configuration once at start.

import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { IChatError } from '@ichat/protocol';
import { OPTIONS } from '../config.js';

/** The signing algorithms iChat accepts, each tied to the kind of key that verifies it. */
export type JwtAlgorithm = 'HS256' | 'RS256' | 'ES256';

/** The configured verification keys, by the one algorithm each may verify. */
export interface JwtKeys {
  /** The HS256 shared secret's bytes. */
  readonly hs256?: Uint8Array;
  /** The public key and the one algorithm its type allows. */
  readonly publicKey?: { readonly algorithm: 'RS256' | 'ES256'; readonly key: KeyObject };
}

/** RSA keys shorter than this are refused by NIST SP 800-131A for signatures, and by most JWT libraries. */
const RSA_MIN_BITS = 2048;

function refuse(what: string): never {
  const spec = OPTIONS.jwtPublicKey;
  throw new IChatError('validation_failed', `--${spec.flag} / ${spec.env} ${what}`, { field: 'jwtPublicKey' });
}

/** Reads a PEM public key and decides its one algorithm from its type, so a token cannot choose another. */
function readPublicKey(path: string): { algorithm: 'RS256' | 'ES256'; key: KeyObject } {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    const code: unknown = error instanceof Error ? Reflect.get(error, 'code') : undefined;
    return refuse(`names ${path}, which cannot be read (${typeof code === 'string' ? code : 'unreadable'})`);
  }
  // A private key would also parse (Node derives its public half), but it must not sit on the chat server at all.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) return refuse(`names ${path}, which holds a private key: give the public key`);
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    return refuse(`names ${path}, which is not a PEM public key`);
  }
  if (key.asymmetricKeyType === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < RSA_MIN_BITS) return refuse(`names a ${bits}-bit RSA key; RS256 needs at least ${RSA_MIN_BITS} bits`);
    return { algorithm: 'RS256', key };
  }
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return { algorithm: 'ES256', key };
  return refuse(`names a ${key.asymmetricKeyType ?? 'unknown'} key; use an RSA key (RS256) or a P-256 EC key (ES256)`);
}

/**
 * The keys the configuration names, or undefined when none is set (JWT sign-in is then off).
 *
 * @throws {IChatError} `validation_failed` naming `--jwt-public-key` when its file cannot be read or holds no
 * usable public key. The secret's length is checked with the rest of the configuration.
 */
export function loadJwtKeys(config: { readonly jwtSecret: string; readonly jwtPublicKey: string }): JwtKeys | undefined {
  if (config.jwtSecret === '' && config.jwtPublicKey === '') return undefined;
  return {
    ...(config.jwtSecret === '' ? {} : { hs256: new TextEncoder().encode(config.jwtSecret) }),
    ...(config.jwtPublicKey === '' ? {} : { publicKey: readPublicKey(config.jwtPublicKey) }),
  };
}
