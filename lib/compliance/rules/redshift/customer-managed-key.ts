import { GapRule, RuleVerdict } from '../rule';

/**
 * The cluster is encrypted with a customer-managed key. The packs and Control Tower
 * (CT.REDSHIFT.PR.8) check only `Encrypted`, which the AWS managed aws/redshift key also
 * satisfies; its policy cannot be scoped or audited by the account.
 */
export const RedshiftCustomerManagedKey: GapRule = {
  id: 'RedshiftCustomerManagedKey',
  resourceTypes: ['AWS::Redshift::Cluster'],
  description: 'The Redshift cluster is not encrypted with a customer-managed KMS key (Encrypted true and a KmsKeyId other than an aws/ alias).',
  fix: 'Use HipaaRedshiftCluster, or set Encrypted: true with KmsKeyId of a customer-managed key.',
  safeguard: '164.312(a)(2)(iv) encryption at rest',
  evaluate({ resource }) {
    const props = resource.Properties ?? {};
    const encrypted = props.Encrypted === true || props.Encrypted === 'true';
    const key = props.KmsKeyId;
    const awsManaged = typeof key === 'string' && key.includes('alias/aws/');
    return encrypted && key !== undefined && !awsManaged ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
