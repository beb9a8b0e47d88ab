import { Names, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { stackInstanceSuffix } from './stack-instance';
import { SIX_YEARS_IN_DAYS } from '../lib/compliance/rules/logs/log-group-retention';
import { cloudWatchLogsStatement } from '../lib/policies/kms-key-policy';
import { denyKeyDeletionStatement } from '../lib/policies/key-deletion';
import { HipaaKey } from './key';
import { HipaaValidationError } from '../lib/errors';
import { customerManagedKey, logRetention, NAME_RULES, str, validateProps } from './validation';

/** Props of {@link HipaaLogGroup}. */
export interface HipaaLogGroupProps {
  /**
   * Log group name. The key policy names it, so it must not depend on the key or the log group.
   * @default - `/hipaa/<unique id of this construct>`, known at synth so the key policy can name it
   */
  readonly logGroupName?: string;
  /**
   * Customer-managed key that encrypts the log events. A key defined in this app gets
   * the CloudWatch Logs statement added to its policy; an imported key must already
   * allow `logs.<region>.amazonaws.com` with the `aws:logs:arn` encryption context.
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * How long events are kept: six years (HIPAA documentation retention) or longer.
   * @default logs.RetentionDays.SIX_YEARS
   */
  readonly retention?: logs.RetentionDays;
}

/**
 * A CloudWatch Logs group encrypted with a customer-managed key, kept six years
 * or more, retained when the stack is deleted. §164.312(b).
 */
export class HipaaLogGroup extends Construct {
  /** The log group. */
  public readonly logGroup: logs.LogGroup;
  /** The key that encrypts it. */
  public readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: HipaaLogGroupProps = {}) {
    super(scope, id);
    validateProps(this, props, {
      logGroupName: str(NAME_RULES.logGroup),
      encryptionKey: customerManagedKey(),
      retention: logRetention(),
    });
    const retention = props.retention ?? logs.RetentionDays.SIX_YEARS;
    if (!Token.isUnresolved(retention) && retention !== logs.RetentionDays.INFINITE && retention < SIX_YEARS_IN_DAYS) {
      throw new HipaaValidationError(this, 'retention', 'WEAKENS_SAFEGUARD', `retention is ${retention} days; audit logs must be kept at least ` +
        `${SIX_YEARS_IN_DAYS} days (six years). Use logs.RetentionDays.SIX_YEARS or longer.`);
    }
    this.key = props.encryptionKey ?? new HipaaKey(this, 'Key', { description: `cdk-hipaa key for log group ${this.node.path}` }).key;
    // The key admits CloudWatch Logs for this one log group only (HipaaGap-LogsKeyOneLogGroup), which needs the
    // name before the group exists: a generated name would be an attribute of the group, which depends on the key.
    // The group is retained, so the default name ends in this stack instance's id: a name shared by every instance
    // of the stack would make a redeploy after a teardown fail with "already exists" (HipaaGap-RetainedResourceNameUnique).
    const logGroupName = props.logGroupName ?? `/hipaa/${Names.uniqueResourceName(this, { maxLength: 400, separator: '-' })}-${stackInstanceSuffix()}`;
    this.key.addToResourcePolicy(cloudWatchLogsStatement(this, logGroupName));
    // Six-year audit records (database audit logs, session logs, the trail's events): deleting the key would make
    // them unreadable, so, as for the trail and backup keys, only the break-glass role may schedule its deletion
    // (HipaaGap-EvidenceKeyDeletionRestricted). An imported key is not changed (its owner must add the deny).
    this.key.addToResourcePolicy(denyKeyDeletionStatement());
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName,
      encryptionKey: this.key,
      retention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
