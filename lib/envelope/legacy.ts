import { EncryptionContext } from './context';
import { TamperedCiphertextError, TruncatedCiphertextError } from './errors';
import { IV_LENGTH, MESSAGE_TYPE, parseHeader, TAG_LENGTH } from './format';
import type { KeySource } from './keys';

/**
 * Decrypts a single message of our own format 1 (written before the AWS Encryption SDK format;
 * decrypt only, see format.ts). `additionalData` is the associated data it was written with
 * (the DynamoDB helpers of format 1 bound attributes this way).
 */
export async function openV1Message(bytes: Buffer, keys: KeySource, expectedContext: EncryptionContext, additionalData?: Uint8Array): Promise<Buffer> {
  const header = parseHeader(bytes, MESSAGE_TYPE);
  if (bytes.length < header.end + IV_LENGTH + TAG_LENGTH) throw new TruncatedCiphertextError('ends before the IV and tag');
  const key = await keys.v1Key(header, expectedContext);
  try {
    const ivEnd = header.end + IV_LENGTH;
    const decipher = key.decipher(bytes.subarray(header.end, ivEnd));
    const aad = bytes.subarray(0, ivEnd);
    decipher.setAAD(additionalData && additionalData.length > 0 ? Buffer.concat([aad, additionalData]) : aad);
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_LENGTH));
    const plaintext = decipher.update(bytes.subarray(ivEnd, bytes.length - TAG_LENGTH));
    try {
      decipher.final();
    } catch {
      plaintext.fill(0);
      throw new TamperedCiphertextError();
    }
    return plaintext;
  } finally {
    key.wipe();
  }
}
