import { CfnTemplate, refersTo, resourcesOfType, statementsOf } from '../template';

/** Statements of every AWS::S3::BucketPolicy attached to the bucket `logicalId`. */
export function bucketPolicyStatements(template: CfnTemplate, logicalId: string): Array<Record<string, any>> {
  return resourcesOfType(template, 'AWS::S3::BucketPolicy')
    .filter(([, policy]) => refersTo(policy.Properties?.Bucket, logicalId))
    .flatMap(([, policy]) => statementsOf(policy.Properties?.PolicyDocument));
}

/** True when the statement denies every principal (`*` or `{AWS: '*'}`). */
export function deniesEveryone(statement: Record<string, any>): boolean {
  if (statement.Effect !== 'Deny') return false;
  const p = statement.Principal;
  return p === '*' || (p && typeof p === 'object' && (p.AWS === '*' || (Array.isArray(p.AWS) && p.AWS.includes('*'))));
}

/** True when the statement's actions cover every S3 action (`s3:*` or `*`). */
export function coversAllS3Actions(statement: Record<string, any>): boolean {
  const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
  return actions.includes('s3:*') || actions.includes('*');
}
