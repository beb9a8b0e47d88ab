import { Names, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { denyKeyDeletionStatement } from '../../lib/policies/key-deletion';
import { stackInstanceSuffix } from '../stack-instance';

/** The vault access policy of every cdk-hipaa vault: nobody deletes a recovery point or shortens its lifecycle. */
export function denyRecoveryPointDeletionStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DenyRecoveryPointDeletion',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
    resources: ['*'],
  });
}

/** Options of {@link hipaaVault}. */
export interface HipaaVaultOptions {
  readonly key: kms.IKey;
  readonly name?: string;
  readonly lock?: backup.LockConfiguration;
}

/**
 * A vault as HipaaBackupPlan builds it: encrypted with a customer-managed key that only the
 * break-glass role may schedule for deletion, an access policy denying recovery point deletion
 * to everyone, RETAIN, an optional vault lock.
 */
export function hipaaVault(scope: Construct, id: string, options: HipaaVaultOptions): backup.BackupVault {
  // Deleting this key would destroy every recovery point: only the break-glass role may schedule it.
  options.key.addToResourcePolicy(denyKeyDeletionStatement());
  return new backup.BackupVault(scope, id, {
    // Vault names: 2 to 50 of [A-Za-z0-9-_] (AWS::Backup::BackupVault BackupVaultName); 40 + '-' + 8 hex digits.
    backupVaultName: options.name ?? `${Names.uniqueResourceName(scope, { maxLength: 40, separator: '-' })}-${stackInstanceSuffix()}`,
    encryptionKey: options.key,
    removalPolicy: RemovalPolicy.RETAIN,
    accessPolicy: new iam.PolicyDocument({ statements: [denyRecoveryPointDeletionStatement()] }),
    lockConfiguration: options.lock,
  });
}
