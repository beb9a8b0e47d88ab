import * as crypto from 'crypto';
import { EncryptionContext } from './context';
import { MalformedCiphertextError, SignatureError } from './errors';
import { PUBLIC_KEY_CONTEXT_KEY } from './message';

/** Longest DER ECDSA P-384 signature: SEQUENCE of two INTEGERs of up to 49 bytes each. */
export const MAX_SIGNATURE_LENGTH = 104;
const P384_COMPRESSED_LENGTH = 49;

/**
 * The verification key of a signed message: `aws-crypto-public-key` holds the base64 of the
 * P-384 point compressed per SEC 1 section 2.3.3 (framework/transitive-requirements.md, ECDSA).
 * Anyone can sign with a key of their own: the signature proves the message was not changed
 * after it was written, and KMS (the data key under the full context, this key included)
 * proves who could write it.
 */
export function verificationKey(context: EncryptionContext): crypto.KeyObject {
  const encoded = context[PUBLIC_KEY_CONTEXT_KEY];
  const point = Buffer.from(encoded ?? '', 'base64');
  if (point.length !== P384_COMPRESSED_LENGTH || point.toString('base64') !== encoded || (point[0] !== 2 && point[0] !== 3)) {
    throw new MalformedCiphertextError(`'${PUBLIC_KEY_CONTEXT_KEY}' is not a compressed P-384 point`);
  }
  let uncompressed: Buffer;
  try {
    uncompressed = crypto.ECDH.convertKey(point, 'secp384r1', undefined, undefined, 'uncompressed') as Buffer;
  } catch {
    throw new MalformedCiphertextError(`'${PUBLIC_KEY_CONTEXT_KEY}' is not a point on P-384`);
  }
  const x = uncompressed.subarray(1, 49).toString('base64url');
  const y = uncompressed.subarray(49, 97).toString('base64url');
  return crypto.createPublicKey({ key: { kty: 'EC', crv: 'P-384', x, y }, format: 'jwk' });
}

/** A SHA-384 digest fed with every byte before the footer, then checked against the footer's DER signature. */
export class SignatureCheck {
  private readonly verifier = crypto.createVerify('sha384');

  constructor(private readonly key: crypto.KeyObject) {}

  public update(bytes: Uint8Array): void {
    this.verifier.update(bytes);
  }

  /** Throws SignatureError unless `signature` (DER) verifies. */
  public verify(signature: Buffer): void {
    let ok = false;
    try {
      ok = this.verifier.verify({ key: this.key, dsaEncoding: 'der' }, signature);
    } catch {
      ok = false;
    }
    if (!ok) throw new SignatureError('the message was changed after it was signed');
  }
}
