import { GapRule, RuleVerdict } from '../rule';
import { asArray, refersTo, resourcesOfType, statementsOf } from '../template';
import { EVIDENCE_DELETION_ACTIONS } from '../../../policies/evidence-deletion';
import { actionPatternMatches } from '../../../policies/audit-tamper';
import { onlyPrincipalArnException } from '../kms/evidence-key-deletion-restricted';

/**
 * The bucket a trail delivers to denies deleting log files, bypassing their governance-mode
 * lock, and changing their retention or legal hold, to every principal but the one(s) named by
 * ARN (the break-glass role): GOVERNANCE-mode Object Lock alone lets any holder of
 * `s3:BypassGovernanceRetention` delete the evidence.
 */
export const CloudTrailLogBucketDeletionDenied: GapRule = {
  id: 'CloudTrailLogBucketDeletionDenied',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  description: 'The trail\'s bucket policy does not deny deleting log files, bypassing their Object Lock, or changing their retention or legal hold to every principal but the break-glass role: one administrator could remove the evidence.',
  fix: 'Use HipaaTrail (its bucket policy has DenyEvidenceDeletionButBreakGlass), or add a bucket policy statement denying '
    + `${EVIDENCE_DELETION_ACTIONS.filter((a) => a !== 's3:DeleteBucket').join(', ')} on the objects to Principal "*" unless aws:PrincipalArn is the break-glass role.`,
  safeguard: '164.312(c)(1) integrity',
  evaluate({ resource, template }) {
    const bucketId = resourcesOfType(template, 'AWS::S3::Bucket').find(([id]) => refersTo(resource.Properties?.S3BucketName, id))?.[0];
    // A bucket of another template or account (an organization trail): judged where the bucket is built.
    if (!bucketId) return RuleVerdict.NOT_APPLICABLE;
    const statements = resourcesOfType(template, 'AWS::S3::BucketPolicy')
      .filter(([, p]) => refersTo(p.Properties?.Bucket, bucketId))
      .flatMap(([, p]) => statementsOf(p.Properties?.PolicyDocument));
    const objectActions = EVIDENCE_DELETION_ACTIONS.filter((a) => a !== 's3:DeleteBucket');
    const denied = objectActions.every((action) => statements.some((s) => s.Effect === 'Deny'
      && (s.Principal === '*' || asArray(s.Principal?.AWS).includes('*'))
      && s.NotAction === undefined && asArray<string>(s.Action).some((a) => typeof a === 'string' && actionPatternMatches(a, action))
      && s.NotResource === undefined && JSON.stringify(s.Resource ?? '').includes('/*')
      && onlyPrincipalArnException(s.Condition)));
    return denied ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
