import type { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';

/** The one KMS client method the encryptor calls (a KMSClient, or a fake in tests). */
export interface KmsClientLike {
  send(command: GenerateDataKeyCommand | DecryptCommand): Promise<any>;
}
