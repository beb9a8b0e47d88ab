import { GapRule, RuleVerdict } from '../rule';

/**
 * The admin password is generated and kept by Secrets Manager under a customer-managed key
 * (`ManageMasterPassword` with `MasterPasswordSecretKmsKeyId`), never written into the
 * template, where anyone who can read the stack would see it. No pack checks this.
 */
export const RedshiftManagedAdminPassword: GapRule = {
  id: 'RedshiftManagedAdminPassword',
  resourceTypes: ['AWS::Redshift::Cluster'],
  description: 'The Redshift admin password is in the template (MasterUserPassword) or not kept by Secrets Manager under a customer-managed key.',
  fix: 'Use HipaaRedshiftCluster, or set ManageMasterPassword: true with MasterPasswordSecretKmsKeyId and remove MasterUserPassword.',
  safeguard: '164.312(d) person or entity authentication',
  evaluate({ resource }) {
    const props = resource.Properties ?? {};
    // A cluster restored from a snapshot takes the snapshot's credentials.
    if (props.SnapshotIdentifier !== undefined && props.MasterUsername === undefined) return RuleVerdict.NOT_APPLICABLE;
    const managed = props.ManageMasterPassword === true || props.ManageMasterPassword === 'true';
    const key = props.MasterPasswordSecretKmsKeyId;
    const awsManaged = typeof key === 'string' && key.includes('alias/aws/');
    return managed && key !== undefined && !awsManaged && props.MasterUserPassword === undefined
      ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
