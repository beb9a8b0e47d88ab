import * as path from 'path';
import { Stack, Token, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
// Names only, from a leaf module: every construct loads suppress, and must not load the rules or the Guard engine.
import { CONTROL_TOWER_PLUGIN_NAME, CONTROL_TOWER_RULE_PREFIX, GAP_CHECKS_PLUGIN_NAME, GAP_RULE_PREFIX, hipaaAndNistRuleIds } from './ids';

import { reasonProblem } from './reason';

export { MIN_REASON_LENGTH } from './reason';

/**
 * Acknowledges one finding of one check on `scope` and everything under it, with
 * the reason an auditor will read in the validation and evidence reports. This
 * is the only suppression path of the library. The reason must hold at least
 * 30 characters besides the rule id; `HipaaAcknowledgementChecks` applies the same
 * rule at synth to acknowledgements made any other way.
 *
 * @param scope the construct the finding is reported on (or an ancestor)
 * @param ruleId the finding's id as reported, e.g. `HIPAA.Security-S3BucketReplicationEnabled`,
 *   `AwsSolutions-IAM5[Action::s3:*]` or `HipaaGap-S3BucketTlsPolicy`
 * @param reason why the finding is acceptable here (at least 30 characters besides the rule id)
 */
export function suppress(scope: IConstruct, ruleId: string, reason: string): void {
  const id = (ruleId ?? '').trim();
  if (id.length === 0) {
    throw new Error(`suppress(${scope.node.path}): ruleId is empty; pass the id the check reported, e.g. 'AwsSolutions-S1'.`);
  }
  const problem = reasonProblem(id, reason);
  if (problem) throw new Error(`suppress(${scope.node.path}, '${id}'): ${problem}.`);
  const why = reason.trim();
  const library = calledFromLibrary();
  for (const variant of envVariants(scope, id)) {
    Validations.of(scope).acknowledge({ id: qualify(variant), reason: why });
    if (library) {
      // Mark the id exactly as aws-cdk-lib recorded it (it normalizes ids): the last acknowledgement entry on scope.
      const recorded = scope.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).pop();
      for (const recordedId of Object.keys((recorded?.data ?? {}) as Record<string, string>)) scope.node.addMetadata(SHIPPED_ACK_METADATA_TYPE, recordedId);
    }
  }
}

/**
 * Acknowledges one cdk-nag rule in both packs that report it, HIPAA Security and NIST 800-53
 * rev 5 (they share rule names), with the same reason: the one place the pair is written.
 *
 * @param scope the construct the finding is reported on (or an ancestor)
 * @param nagRule the rule name without the pack prefix, e.g. `S3BucketReplicationEnabled`
 * @param reason why the finding is acceptable here (as for {@link suppress})
 */
export function suppressHipaaAndNist(scope: IConstruct, nagRule: string, reason: string): void {
  for (const id of hipaaAndNistRuleIds(nagRule)) suppress(scope, id, reason);
}

/**
 * The id as given and, when it names `<AWS::Partition>`, `<AWS::Region>` or `<AWS::AccountId>`
 * and the scope's stack has a literal environment (a CDK Pipelines stage, `env` set), the id
 * as cdk-nag renders it there: the stack's ARNs then hold the literal values.
 */
function envVariants(scope: IConstruct, id: string): string[] {
  if (!/<AWS::(Partition|Region|AccountId)>/.test(id)) return [id];
  const stack = Stack.of(scope);
  const literal = (placeholder: string, value: string) => (Token.isUnresolved(value) ? placeholder : value);
  const variant = id
    .replace(/<AWS::Partition>/g, literal('<AWS::Partition>', stack.partition))
    .replace(/<AWS::Region>/g, literal('<AWS::Region>', stack.region))
    .replace(/<AWS::AccountId>/g, literal('<AWS::AccountId>', stack.account));
  return variant === id ? [id] : [id, variant];
}

/**
 * Metadata type marking an acknowledgement that cdk-hipaa's own constructs made
 * (data: the acknowledged id as recorded), so the summary and the evidence
 * report can count and list "shipped with cdk-hipaa" apart from the app's own.
 */
export const SHIPPED_ACK_METADATA_TYPE = 'cdk-hipaa:shipped-acknowledgement';

/** The package's library code: lib/ and constructs/ beside this file's lib/compliance (sources or build/). */
const LIBRARY_DIRS = ['lib', 'constructs'].map((d) => path.join(path.resolve(__dirname, '..', '..'), d) + path.sep);

/** Whether suppress() was called by cdk-hipaa's own code (a construct), not by the app. */
function calledFromLibrary(): boolean {
  const frames = (new Error().stack ?? '').split('\n').slice(1).map((l) => /\(?((?:[A-Za-z]:)?[^():]+):\d+:\d+\)?$/.exec(l.trim())?.[1]).filter((f): f is string => !!f);
  const caller = frames.find((f) => path.resolve(f) !== path.resolve(__filename) && !f.endsWith(`${path.sep}suppress.ts`) && !f.endsWith(`${path.sep}suppress.js`));
  return !!caller && LIBRARY_DIRS.some((d) => path.resolve(caller).startsWith(d));
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
