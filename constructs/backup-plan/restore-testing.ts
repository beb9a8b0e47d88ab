import { Duration, Names } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HipaaValidationError } from '../../lib/errors';
import { admitPublisher } from '../internal/alarm-topic';

/** Resources of one type whose latest recovery point a {@link HipaaRestoreTesting} restores. */
export interface HipaaRestoreTestTarget {
  /** AWS Backup's protected resource type: `RDS`, `DynamoDB`, `S3`, `Aurora`, `EBS`, `EC2`, `EFS`, `FSx`. */
  readonly resourceType: string;
  /** ARNs of the protected resources (as the backup plan selects them). */
  readonly resourceArns: string[];
}

/** Props of {@link HipaaRestoreTesting}. */
export interface HipaaRestoreTestingProps {
  /** Vault whose recovery points are restored. */
  readonly vault: backup.IBackupVault;
  /** Role AWS Backup assumes to restore (a HipaaBackupPlan's `role`: trusted by AWS Backup of this account, restore policies attached). */
  readonly role: iam.IRole;
  /** What to restore, per resource type. */
  readonly targets: HipaaRestoreTestTarget[];
  /** Topic that receives every restore job's state change (the test results). */
  readonly topic: sns.ITopic;
  /**
   * Key of `topic`: EventBridge of this account gets to use it to publish.
   * @default - the key of `topic` when it is defined in this app; an imported topic's owner must
   *   let EventBridge of this account publish and use its key (README, "Alarm destination")
   */
  readonly topicKey?: kms.IKey;
  /**
   * When the tests run, an AWS Backup schedule expression.
   * @default 'cron(0 7 ? * SUN *)' (weekly, Sunday 07:00 UTC)
   */
  readonly scheduleExpression?: string;
  /**
   * How long the restored copy is kept for validation before AWS Backup deletes it, 1 to 168 hours.
   * @default Duration.hours(24)
   */
  readonly validationWindow?: Duration;
}

/**
 * AWS Backup restore testing on a vault: on a schedule, the latest recovery point of each target
 * (from the last 7 days) is restored into a temporary resource, kept for the validation window and
 * deleted; every restore job state change (COMPLETED, FAILED, ABORTED, with the validation status)
 * reaches the topic. The contingency plan is exercised, not just written: §164.308(a)(7)(ii)(D).
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html
 */
export class HipaaRestoreTesting extends Construct {
  /** The restore testing plan. */
  public readonly plan: backup.CfnRestoreTestingPlan;
  /** One selection per target resource type. */
  public readonly selections: backup.CfnRestoreTestingSelection[];
  /** The EventBridge rule that routes the results to the topic. */
  public readonly resultsRule: events.Rule;

  constructor(scope: Construct, id: string, props: HipaaRestoreTestingProps) {
    super(scope, id);
    const hours = (props.validationWindow ?? Duration.hours(24)).toHours({ integral: false });
    if (!Number.isInteger(hours) || hours < 1 || hours > 168) {
      throw new HipaaValidationError(this, 'validationWindow', 'OUT_OF_RANGE', `validationWindow is ${hours} hours; AWS Backup keeps a restored copy 1 to 168 whole hours for validation.`);
    }
    if (props.targets.length === 0 || props.targets.some((t) => t.resourceArns.length === 0)) {
      throw new HipaaValidationError(this, 'targets', 'REQUIRED', 'targets is empty (or a target has no resourceArns); name at least one resource to restore, e.g. { resourceType: \'DynamoDB\', resourceArns: [table.tableArn] }.');
    }
    // Restore testing plan and selection names: letters, digits and '_' only, at most 50.
    const planName = Names.uniqueResourceName(this, { maxLength: 50, separator: '_' }).replace(/[^A-Za-z0-9_]/g, '_');
    this.plan = new backup.CfnRestoreTestingPlan(this, 'Plan', {
      restoreTestingPlanName: planName,
      scheduleExpression: props.scheduleExpression ?? 'cron(0 7 ? * SUN *)',
      startWindowHours: 24,
      recoveryPointSelection: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: [props.vault.backupVaultArn],
        recoveryPointTypes: ['SNAPSHOT'],
        selectionWindowDays: 7,
      },
    });
    this.selections = props.targets.map((target) => {
      const selection = new backup.CfnRestoreTestingSelection(this, `Selection${target.resourceType}`, {
        restoreTestingPlanName: planName,
        restoreTestingSelectionName: `${target.resourceType.replace(/[^A-Za-z0-9_]/g, '_')}_latest`,
        protectedResourceType: target.resourceType,
        protectedResourceArns: target.resourceArns,
        iamRoleArn: props.role.roleArn,
        validationWindowHours: hours,
      });
      // The selection names the plan (no reference CloudFormation could follow): it must wait for the plan to exist.
      selection.addResourceDependency(this.plan);
      return selection;
    });

    this.resultsRule = new events.Rule(this, 'Results', {
      description: 'cdk-hipaa: AWS Backup restore job state changes (restore tests included) to the alarm topic',
      eventPattern: { source: ['aws.backup'], detailType: ['Restore Job State Change'] },
      targets: [{ bind: () => ({ arn: props.topic.topicArn }) }],
    });
    admitPublisher(props.topic, { sid: 'AllowEventBridgeRestoreResults', service: 'events.amazonaws.com', sourceArns: [this.resultsRule.ruleArn] },
      props.topicKey ?? props.topic.masterKey);
  }
}
