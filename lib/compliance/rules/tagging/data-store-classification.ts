import { GapRule, RuleVerdict } from '../rule';
import { asArray, CfnTemplate, refersTo } from '../template';
import { AUDIT_LOG_CLASSIFICATION, DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION } from '../../../vocabulary/data-classification';

export { AUDIT_LOG_CLASSIFICATION, DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION };

/** True for a bucket whose default encryption is SSE-S3: AWS log-delivery destinations (HipaaLogBucket), never PHI stores. */
function isSseS3Bucket(properties: Record<string, any>): boolean {
  const rules = asArray<any>(properties.BucketEncryption?.ServerSideEncryptionConfiguration);
  return rules.length > 0 && rules.every((r) => r?.ServerSideEncryptionByDefault?.SSEAlgorithm === 'AES256');
}

/** True when a CloudTrail trail of the template delivers its log files to the bucket `logicalId`. */
function trailDeliversTo(template: CfnTemplate, logicalId: string): boolean {
  return Object.values(template.Resources ?? {}).some((r) => r?.Type === 'AWS::CloudTrail::Trail' && refersTo(r.Properties?.S3BucketName, logicalId));
}

/**
 * Every data store (KMS-encrypted S3 bucket, DynamoDB table, RDS instance or
 * cluster, Redshift cluster) carries `DataClassification=PHI`, so the PHI key rule of
 * HipaaConfigRules judges it at run time. The one other classification judged here
 * is `AuditLog` on a bucket that a CloudTrail trail of the same template delivers to
 * (HipaaTrail's bucket: audit records, not a store of the workload); anywhere else it
 * is a finding. A store declared as holding no PHI otherwise leaves that rule's scope,
 * which takes a visible acknowledgement (the `nonPhiJustification` prop of the
 * library's data constructs).
 */
export const DataStoreClassification: GapRule = {
  id: 'DataStoreClassification',
  resourceTypes: ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::Redshift::Cluster'],
  description: 'The data store does not carry the tag DataClassification=PHI, so the PHI key rule of HipaaConfigRules does not check ' +
    'that it stays encrypted with an enabled, rotating customer-managed key.',
  fix: "Tag it DataClassification=PHI (the library's data constructs do by default); AuditLog only on the bucket a trail of the same " +
    'stack delivers to (HipaaTrail does); for another store that holds no PHI, pass dataClassification with nonPhiJustification, ' +
    'which becomes the acknowledgement of this finding.',
  safeguard: '164.312(a)(2)(iv) encryption at rest',
  evaluate({ resource, template, logicalId }) {
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::S3::Bucket' && isSseS3Bucket(p)) return RuleVerdict.NOT_APPLICABLE;
    const classificationOf = (tags: unknown) => asArray<any>(tags as any).find((t) => t?.Key === DATA_CLASSIFICATION_TAG)?.Value;
    // A global table carries tags per replica (each replica is a table the PHI key rule judges in its region): every one tagged.
    if (resource.Type === 'AWS::DynamoDB::GlobalTable') {
      const replicas = asArray<any>(p.Replicas);
      return replicas.length > 0 && replicas.every((r) => classificationOf(r?.Tags) === PHI_CLASSIFICATION) ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
    }
    const classification = classificationOf(p.Tags);
    if (classification === PHI_CLASSIFICATION) return RuleVerdict.COMPLIANT;
    const auditLog = resource.Type === 'AWS::S3::Bucket' && classification === AUDIT_LOG_CLASSIFICATION && trailDeliversTo(template, logicalId);
    return auditLog ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
