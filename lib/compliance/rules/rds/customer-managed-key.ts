import { GapRule, RuleVerdict } from '../rule';
import { namesAwsManagedKey } from '../kms/aws-managed-alias';

/**
 * RDS storage is encrypted with a customer-managed key (the packs accept the
 * AWS managed aws/rds key, whose policy the account cannot scope or audit).
 */
export const RdsCustomerManagedKey: GapRule = {
  id: 'RdsCustomerManagedKey',
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  description: 'The database storage is not encrypted with a customer-managed KMS key.',
  fix: 'Use HipaaDatabase, or set storageEncrypted with storageEncryptionKey (StorageEncrypted: true and KmsKeyId).',
  safeguard: '164.312(a)(2)(iv) encryption at rest',
  evaluate({ resource }) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::RDS::DBInstance' && props.DBClusterIdentifier !== undefined) return RuleVerdict.NOT_APPLICABLE;
    // A cross-region read replica carries no StorageEncrypted (CloudFormation refuses it with SourceDBInstanceIdentifier): its
    // KmsKeyId, which RDS requires for an encrypted cross-region replica, says it is encrypted and with which key.
    const replica = resource.Type === 'AWS::RDS::DBInstance' && props.SourceDBInstanceIdentifier !== undefined && props.StorageEncrypted === undefined;
    const encrypted = replica || props.StorageEncrypted === true || props.StorageEncrypted === 'true';
    const key = props.KmsKeyId;
    const awsManaged = namesAwsManagedKey(key);
    return encrypted && key !== undefined && !awsManaged ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
