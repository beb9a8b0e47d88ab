/** Base class of every error the envelope library throws; `code` is stable for programs. */
export class EnvelopeError extends Error {
  constructor(public readonly code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The ciphertext does not follow the format (bad lengths, bad encoding, trailing bytes). */
export class MalformedCiphertextError extends EnvelopeError {
  constructor(message: string) { super('MALFORMED', `Malformed ciphertext: ${message}`); }
}

/** The ciphertext ends early (a cut message or a stream without its final frame). */
export class TruncatedCiphertextError extends EnvelopeError {
  constructor(message: string) { super('TRUNCATED', `Truncated ciphertext: ${message}`); }
}

/** The ciphertext was written by a format version this library does not read. */
export class UnsupportedVersionError extends EnvelopeError {
  constructor(version: number) {
    super('UNSUPPORTED_VERSION', `Unsupported ciphertext version ${version}; this library reads AWS Encryption SDK messages of format 2 and its own format 1.`);
  }
}

/**
 * The message uses an algorithm suite without key commitment (every AWS Encryption SDK message of
 * format 1.0), or a suite this library does not know. Refused like the SDK's
 * REQUIRE_ENCRYPT_REQUIRE_DECRYPT commitment policy does: such a ciphertext may open to different
 * plaintexts under different data keys.
 */
export class NonCommittingSuiteError extends EnvelopeError {
  constructor(suite: number | undefined) {
    const id = suite === undefined ? 'unknown' : `0x${suite.toString(16).padStart(4, '0')}`;
    super('NON_COMMITTING_SUITE', `Algorithm suite ${id} is not read: only the key-committing suites 0x0478 and 0x0578 are (commitment policy REQUIRE_ENCRYPT_REQUIRE_DECRYPT); re-encrypt the data with a committing suite.`);
  }
}

/** The message's ECDSA signature (signed suites) does not verify: it was changed after it was written. */
export class SignatureError extends EnvelopeError {
  constructor(message: string) { super('BAD_SIGNATURE', `Signature verification failed: ${message}`); }
}

/** Authentication failed: the ciphertext, its header or its associated data was changed. */
export class TamperedCiphertextError extends EnvelopeError {
  constructor(message = 'authentication failed; the ciphertext or its header was modified, or the associated data differs') {
    super('TAMPERED', `Tampered ciphertext: ${message}`);
  }
}

/** The encryption context of the message is not the one the caller expected. */
export class EncryptionContextMismatchError extends EnvelopeError {
  constructor(message: string) { super('CONTEXT_MISMATCH', `Encryption context mismatch: ${message}`); }
}

/** The message names another KMS key than the one this encryptor uses. */
export class KeyMismatchError extends EnvelopeError {
  // The message's key id is attacker-chosen: never part of the message (log injection, misleading text).
  constructor(expected: string) { super('KEY_MISMATCH', `The message names another KMS key than ${expected}; this encryptor decrypts only under its own key.`); }
}

/** KMS refused or failed (network, permissions, throttling beyond the SDK's retries). */
export class KmsFailureError extends EnvelopeError {
  constructor(operation: string, cause: unknown) {
    super('KMS_FAILURE', `KMS ${operation} failed: ${(cause as Error)?.name ?? 'Error'}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** A bad argument: an invalid context, cache limits out of range. */
export class InvalidArgumentError extends EnvelopeError {
  constructor(message: string) { super('INVALID_ARGUMENT', message); }
}

/**
 * A wiped key was about to be used: a bug in this library, never a property of the input.
 * Raised instead of encrypting under zeroed bytes, which would produce a record nobody can decrypt.
 */
export class WipedKeyError extends EnvelopeError {
  constructor() { super('KEY_WIPED', 'Internal error: a wiped data key was about to be used; nothing was encrypted or decrypted with it.'); }
}
