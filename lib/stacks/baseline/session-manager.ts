import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { HipaaKey } from '../../../constructs/key';
import { HipaaLogGroup } from '../../../constructs/log-group';
import { HipaaValidationError } from '../../errors';
import { suppress } from '../../compliance/suppress';
import { SESSION_KEY_ALIAS, SESSION_LOG_GROUP_NAME } from '../../policies/session-manager';

/**
 * Session Manager reads its account-and-region preferences from this document
 * name (https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-create-preferences-cli.html).
 */
export const SESSION_PREFERENCES_DOCUMENT = 'SSM-SessionManagerRunShell';

/** Props of {@link SessionManagerPreferences}. */
export interface SessionManagerPreferencesProps {
  /**
   * Minutes without input after which a session ends, 1 to 60 (automatic logoff, §164.312(a)(2)(iii)).
   * @default 15
   */
  readonly idleTimeoutMinutes?: number;
  /**
   * Longest session in minutes, 1 to 1440.
   * @default 60
   */
  readonly maxSessionMinutes?: number;
}

/**
 * The account's Session Manager preferences: every session streamed to the
 * KMS-encrypted `/hipaa/session-manager` log group (kept six years), session
 * data encrypted with the `alias/hipaa/session-manager` key, an idle timeout and
 * a maximum duration, no run-as. HipaaAutoScalingGroup instance roles may write
 * to exactly this log group and decrypt with exactly this key.
 *
 * Deploy note: the console creates `SSM-SessionManagerRunShell` the first time
 * someone opens the Session Manager preferences; if it exists, delete it (its
 * settings are replaced by these) before deploying the baseline, or CloudFormation
 * reports that the document already exists.
 */
export class SessionManagerPreferences extends Construct {
  /** The key of session data and the session log group. */
  public readonly key: HipaaKey;
  /** Where sessions are logged. */
  public readonly logGroup: logs.ILogGroup;
  /** The preferences document. */
  public readonly document: ssm.CfnDocument;

  constructor(scope: Construct, id: string, props: SessionManagerPreferencesProps = {}) {
    super(scope, id);
    const idle = props.idleTimeoutMinutes ?? 15;
    const max = props.maxSessionMinutes ?? 60;
    if (!Number.isInteger(idle) || idle < 1 || idle > 60) {
      throw new HipaaValidationError(this, 'sessionIdleTimeoutMinutes', 'OUT_OF_RANGE', `sessionIdleTimeoutMinutes is ${idle}; Session Manager accepts 1 to 60 whole minutes (default 15).`);
    }
    if (!Number.isInteger(max) || max < 1 || max > 1440) {
      throw new HipaaValidationError(this, 'sessionMaxMinutes', 'OUT_OF_RANGE', `sessionMaxMinutes is ${max}; Session Manager accepts 1 to 1440 whole minutes (default 60).`);
    }
    this.key = new HipaaKey(this, 'Key', { alias: SESSION_KEY_ALIAS, description: 'cdk-hipaa: Session Manager session data and session logs' });
    this.logGroup = new HipaaLogGroup(this, 'Logs', { logGroupName: SESSION_LOG_GROUP_NAME, encryptionKey: this.key.key }).logGroup;
    suppress(this.logGroup, 'HipaaGap-RetainedResourceNameUnique', `${SESSION_LOG_GROUP_NAME} is the one account-wide name that instance ` +
      'roles in other stacks are allowed to write session logs to, so it cannot vary per stack instance. The retained group keeps six ' +
      'years of session records; the README teardown section says how to redeploy the baseline after a teardown (import or rename the group).');
    this.document = new ssm.CfnDocument(this, 'Preferences', {
      name: SESSION_PREFERENCES_DOCUMENT,
      documentType: 'Session',
      updateMethod: 'NewVersion',
      content: {
        schemaVersion: '1.0',
        description: 'cdk-hipaa: Session Manager preferences (logged, encrypted, idle timeout)',
        sessionType: 'Standard_Stream',
        inputs: {
          s3BucketName: '',
          s3KeyPrefix: '',
          s3EncryptionEnabled: true,
          cloudWatchLogGroupName: SESSION_LOG_GROUP_NAME,
          cloudWatchEncryptionEnabled: true,
          cloudWatchStreamingEnabled: true,
          kmsKeyId: this.key.key.keyId,
          idleSessionTimeout: String(idle),
          maxSessionDuration: String(max),
          runAsEnabled: false,
          runAsDefaultUser: '',
          shellProfile: { windows: '', linux: '' },
        },
      },
    });
    this.document.node.addDependency(this.logGroup);
  }
}
