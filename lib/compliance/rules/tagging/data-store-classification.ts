import { GapRule, RuleVerdict } from '../rule';
import { asArray } from '../template';
import { DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION } from '../../../vocabulary/data-classification';

export { DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION };

/** True for a bucket whose default encryption is SSE-S3: AWS log-delivery destinations (HipaaLogBucket), never PHI stores. */
function isSseS3Bucket(properties: Record<string, any>): boolean {
  const rules = asArray<any>(properties.BucketEncryption?.ServerSideEncryptionConfiguration);
  return rules.length > 0 && rules.every((r) => r?.ServerSideEncryptionByDefault?.SSEAlgorithm === 'AES256');
}

/**
 * Every data store (KMS-encrypted S3 bucket, DynamoDB table, RDS instance or
 * cluster, Redshift cluster) carries `DataClassification=PHI`, so the PHI key rule of
 * HipaaConfigRules judges it at run time. A store declared as holding no PHI
 * leaves that rule's scope, which takes a visible acknowledgement (the
 * `nonPhiJustification` prop of the library's data constructs).
 */
export const DataStoreClassification: GapRule = {
  id: 'DataStoreClassification',
  resourceTypes: ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::Redshift::Cluster'],
  description: 'The data store does not carry the tag DataClassification=PHI, so the PHI key rule of HipaaConfigRules does not check ' +
    'that it stays encrypted with an enabled, rotating customer-managed key.',
  fix: "Tag it DataClassification=PHI (the library's data constructs do by default), or, for a store that holds no PHI, pass " +
    'dataClassification with nonPhiJustification, which becomes the acknowledgement of this finding.',
  safeguard: '164.312(a)(2)(iv) encryption at rest',
  evaluate({ resource }) {
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::S3::Bucket' && isSseS3Bucket(p)) return RuleVerdict.NOT_APPLICABLE;
    const tagged = (tags: unknown) => asArray<any>(tags as any).some((t) => t?.Key === DATA_CLASSIFICATION_TAG && t?.Value === PHI_CLASSIFICATION);
    // A global table carries tags per replica (each replica is a table the PHI key rule judges in its region): every one tagged.
    if (resource.Type === 'AWS::DynamoDB::GlobalTable') {
      const replicas = asArray<any>(p.Replicas);
      return replicas.length > 0 && replicas.every((r) => tagged(r?.Tags)) ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
    }
    return tagged(p.Tags) ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
