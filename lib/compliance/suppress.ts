import { Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { CONTROL_TOWER_PLUGIN_NAME, CONTROL_TOWER_RULE_PREFIX } from './control-tower-guard';
import { GAP_CHECKS_PLUGIN_NAME, GAP_RULE_PREFIX } from './gap-checks';

/** A reason shorter than this cannot explain why a safeguard does not apply. */
export const MIN_REASON_LENGTH = 30;

/**
 * Acknowledges one finding of one check on `scope` and everything under it, with
 * the reason an auditor will read in the validation and evidence reports. This
 * is the only suppression path of the library.
 *
 * @param scope the construct the finding is reported on (or an ancestor)
 * @param ruleId the finding's id as reported, e.g. `HIPAA.Security-S3BucketReplicationEnabled`,
 *   `AwsSolutions-IAM5[Action::s3:*]` or `HipaaGap-S3BucketTlsPolicy`
 * @param reason why the finding is acceptable here (at least 30 characters)
 */
export function suppress(scope: IConstruct, ruleId: string, reason: string): void {
  const id = (ruleId ?? '').trim();
  if (id.length === 0) {
    throw new Error(`suppress(${scope.node.path}): ruleId is empty; pass the id the check reported, e.g. 'AwsSolutions-S1'.`);
  }
  const why = (reason ?? '').trim();
  if (why.length < MIN_REASON_LENGTH) {
    throw new Error(
      `suppress(${scope.node.path}, '${id}'): reason '${why}' is ${why.length} characters; ` +
      `give at least ${MIN_REASON_LENGTH} characters that tell an auditor why this finding is acceptable here.`);
  }
  Validations.of(scope).acknowledge({ id: qualify(id), reason: why });
}

/**
 * cdk-nag reads acknowledgements itself and accepts the bare id. For plugins
 * that rely on the CDK framework's matching (ours), the id must carry the
 * plugin's namespace, so we add it.
 */
function qualify(id: string): string {
  if (id.includes('::')) return id;
  if (id.startsWith(GAP_RULE_PREFIX)) return `${GAP_CHECKS_PLUGIN_NAME}::${id}`;
  if (id.startsWith(CONTROL_TOWER_RULE_PREFIX)) return `${CONTROL_TOWER_PLUGIN_NAME}::${id}`;
  return id;
}

/**
 * A bucket's ARN as cdk-nag writes it inside finding ids such as
 * `AwsSolutions-IAM5[Resource::<ARN>/*]`, seen from `scope`'s stack: `<LogicalId.Arn>`
 * for a bucket of that stack, the export name for an `Fn::ImportValue`, the
 * literal ARN otherwise.
 */
export function nagBucketArn(scope: IConstruct, bucket: s3.IBucket): string {
  const stack = Stack.of(scope);
  if (bucket.node.defaultChild instanceof s3.CfnBucket && Stack.of(bucket) === stack) return `<${stack.getLogicalId(bucket.node.defaultChild)}.Arn>`;
  const resolved = stack.resolve(bucket.bucketArn);
  if (typeof resolved === 'string') return resolved;
  if (typeof resolved?.['Fn::ImportValue'] === 'string') return resolved['Fn::ImportValue'];
  return JSON.stringify(resolved);
}
