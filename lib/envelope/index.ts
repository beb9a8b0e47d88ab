/**
 * cdk-hipaa/envelope: client-side envelope encryption for application code.
 * No aws-cdk-lib import here (tested): this module ships to Lambda and containers.
 */
export { EnvelopeEncryptor } from './encryptor';
export type { EnvelopeEncryptorOptions, KmsClientLike, MessageOptions } from './encryptor';
export type { EnvelopeCacheOptions } from './cache-options';
export { GCM_MAX_INVOCATIONS, GCM_MAX_MESSAGE_BYTES } from './cache-options';
export type { EncryptionContext } from './context';
export { encryptAttributes, decryptAttributes } from './dynamodb';
export type { AttributeEncryptionOptions } from './dynamodb';
export type { DecryptStreamOptions } from './stream-options';
export { FORMAT_VERSION } from './message';
export {
  EnvelopeError, MalformedCiphertextError, TruncatedCiphertextError, UnsupportedVersionError, TamperedCiphertextError,
  EncryptionContextMismatchError, KeyMismatchError, KmsFailureError, InvalidArgumentError, WipedKeyError, NonCommittingSuiteError, SignatureError,
} from './errors';
