import { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import { FAKE_KEY_ARN, FakeKms } from './fake-kms';

/**
 * The in-memory KMS behind the AWS Encryption SDK's own KMS keyring: the keyring calls
 * generateDataKey / decrypt on the client its clientProvider returns, which forwards to the same
 * FakeKms our encryptor uses, so both sides see one KMS key and each other's wrapped data keys.
 */
export function sdkKeyring(kms: FakeKms, keyArn = FAKE_KEY_ARN): KmsKeyringNode {
  const client = {
    generateDataKey: async (input: { KeyId: string; EncryptionContext?: Record<string, string>; NumberOfBytes?: number }) => {
      if (input.NumberOfBytes !== 32) throw new Error(`the SDK asked for ${input.NumberOfBytes} bytes; the fake KMS makes AES_256 keys`);
      return kms.send(new GenerateDataKeyCommand({ KeyId: input.KeyId, KeySpec: 'AES_256', EncryptionContext: input.EncryptionContext }));
    },
    decrypt: async (input: { KeyId?: string; CiphertextBlob: Uint8Array; EncryptionContext?: Record<string, string> }) =>
      kms.send(new DecryptCommand({ KeyId: input.KeyId, CiphertextBlob: input.CiphertextBlob, EncryptionContext: input.EncryptionContext })),
    encrypt: async () => {
      throw new Error('not used: one KMS key, no additional wrapping');
    },
  };
  return new KmsKeyringNode({ generatorKeyId: keyArn, clientProvider: () => client as never });
}

type SdkClient = ReturnType<typeof buildClient>;

/** The SDK with the policy it ships with (REQUIRE_ENCRYPT_REQUIRE_DECRYPT) and one that still writes non-committing suites. */
export const sdk: SdkClient = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
export const legacySdk: SdkClient = buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);
