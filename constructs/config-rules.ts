import * as path from 'path';
import { Aws, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { MIN_REASON_LENGTH, nagBucketArn, suppress } from '../lib/compliance/suppress';
import { HardenedFunction } from '../lib/functions/hardened-function';
import { HipaaBucket } from './bucket';
import { HIPAA_MANAGED_RULES, HipaaManagedRule } from './config-rules/hipaa-managed-rules';
import { PHI_DATA_STORE_TYPES } from './config-rules/phi-scope';
import { HipaaKey } from './key';
import { HipaaPermissionsBoundary } from './permissions-boundary';
import { HipaaValidationError } from '../lib/errors';

export { HIPAA_MANAGED_RULES };
export type { HipaaManagedRule };

/** Props of {@link HipaaConfigRules}. */
export interface HipaaConfigRulesProps {
  /**
   * Create the configuration recorder (all resource types, global types included) and its
   * delivery channel to an encrypted bucket. An account-region holds one recorder: turn this
   * on in one stack only (HipaaBaselineStack does), and keep it off where the account already
   * records. Rules fail to deploy in a region without a recorder.
   * @default false
   */
  readonly createRecorder?: boolean;
  /**
   * Key of the delivery bucket and of the custom rule's function.
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Prefix of every rule name (names are unique per account and region).
   * @default 'hipaa-'
   */
  readonly ruleNamePrefix?: string;
  /**
   * Managed rules left out, by SourceIdentifier, each with the reason (at least 30 characters),
   * e.g. a rule not offered in the region.
   * @default - none; every rule of HIPAA_MANAGED_RULES is deployed
   */
  readonly excludedRules?: Record<string, string>;
}

/**
 * AWS Config for HIPAA: the managed rules of the "Operational Best Practices
 * for HIPAA Security" conformance pack that apply to what this library builds
 * and what every account holds, with the pack's parameters; a custom rule that
 * every data store tagged DataClassification=PHI uses an enabled, rotating
 * customer-managed key; optionally the recorder and an encrypted delivery
 * channel. §164.312(b).
 */
export class HipaaConfigRules extends Construct {
  /** The managed rules, by SourceIdentifier. */
  public readonly managedRules: Record<string, config.ManagedRule> = {};
  /** The custom PHI key rule. */
  public readonly phiKeyRule: config.CustomRule;
  /** The recorder, when created here. */
  public readonly recorder?: config.CfnConfigurationRecorder;
  /** The delivery bucket, when the recorder is created here. */
  public readonly deliveryBucket?: s3.Bucket;
  /** The key. */
  public readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: HipaaConfigRulesProps = {}) {
    super(scope, id);
    const prefix = props.ruleNamePrefix ?? 'hipaa-';
    if (!/^[A-Za-z0-9_-]{0,40}$/.test(prefix)) {
      throw new HipaaValidationError(this, 'ruleNamePrefix', 'INVALID_VALUE', `ruleNamePrefix '${prefix}' must be at most 40 letters, digits, '-' or '_'.`);
    }
    const excluded = props.excludedRules ?? {};
    validateExclusions(this, excluded);
    this.key = props.encryptionKey ?? new HipaaKey(this, 'Key', { description: `cdk-hipaa key for AWS Config ${this.node.path}` }).key;

    if (props.createRecorder) {
      this.deliveryBucket = new HipaaBucket(this, 'Delivery', { encryptionKey: this.key }).bucket;
      this.recorder = this.createRecorder(this.deliveryBucket);
    }

    for (const rule of HIPAA_MANAGED_RULES.filter((r) => excluded[r.identifier] === undefined)) {
      const managed = new config.ManagedRule(this, rule.identifier, {
        identifier: rule.identifier,
        configRuleName: `${prefix}${rule.name}`,
        description: `HIPAA Security conformance pack rule (${rule.safeguard})`,
        inputParameters: rule.parameters,
      });
      if (this.recorder) managed.node.addDependency(this.recorder);
      this.managedRules[rule.identifier] = managed;
    }
    this.phiKeyRule = this.createPhiKeyRule(prefix);
  }

  private createPhiKeyRule(prefix: string): config.CustomRule {
    const fn = new HardenedFunction(this, 'PhiKeyRuleFunction', {
      entry: path.join(__dirname, 'config-rules', 'phi-key-rule-handler'),
      description: 'cdk-hipaa: PHI data stores use an enabled, rotating customer-managed KMS key',
      encryptionKey: this.key,
      outsideVpcReason: 'Calls only the AWS Config and KMS APIs over TLS and handles no PHI, only resource metadata; it needs no network path to workloads.',
      invocationReason: 'Invoked by AWS Config, which records failed evaluations in the rule status and re-evaluates on the next change or on demand.',
      accountLevelActions: {
        actions: ['config:PutEvaluations', 'config:GetResourceConfigHistory'],
        reason: 'nor do config:PutEvaluations and config:GetResourceConfigHistory, which the rule uses to report and to read oversized items.',
      },
    });
    fn.addToPolicy(new iam.PolicyStatement({
      sid: 'ReadKeyFacts',
      actions: ['kms:DescribeKey', 'kms:GetKeyRotationStatus'],
      resources: [Stack.of(this).formatArn({ service: 'kms', resource: 'key', resourceName: '*' })],
    }));
    suppress(fn.policy, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]',
      'The rule judges whichever key protects each PHI data store of the account; it may only describe keys and read their rotation status, never use them.');
    const rule = new config.CustomRule(this, 'PhiKeyRule', {
      configRuleName: `${prefix}phi-data-stores-customer-managed-key`,
      description: 'Data stores tagged DataClassification=PHI are encrypted with an enabled, rotating customer-managed KMS key (164.312(a)(2)(iv))',
      lambdaFunction: fn.function,
      configurationChanges: true,
      ruleScope: config.RuleScope.fromResources(PHI_DATA_STORE_TYPES.map((type) => config.ResourceType.of(type))),
    });
    if (this.recorder) rule.node.addDependency(this.recorder);
    for (const permission of fn.function.node.children.filter((c): c is lambda.CfnPermission => c instanceof lambda.CfnPermission)) {
      // Confused deputy: Config sets aws:SourceArn to the rule's ARN, whose id part Config generates; the rule must
      // be created after the permission (Config checks it), so the ARN is pinned to Config rules of this account
      // and region (Lambda matches SourceArn with ArnLike).
      permission.sourceArn = Stack.of(this).formatArn({ service: 'config', resource: 'config-rule', resourceName: '*' });
      suppress(permission, 'ControlTower-CT.LAMBDA.PR.2', 'Only AWS Config may invoke the function, and only for Config rules of this account ' +
        'and region: SourceAccount is the stack\'s account and SourceArn the Config rule ARNs of this account (Refs, which the control cannot read as strings).');
    }
    return rule;
  }

  private createRecorder(bucket: s3.Bucket): config.CfnConfigurationRecorder {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'RecorderRole', {
      description: 'AWS Config recorder and delivery channel',
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
    });
    HipaaPermissionsBoundary.applyTo(role);
    suppress(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]',
      'AWS_ConfigRole is the read-only policy AWS maintains so the recorder can describe every supported resource type as AWS adds them.');
    const deliveryPrefix = bucket.arnForObjects(`AWSLogs/${Aws.ACCOUNT_ID}/Config/*`);
    const policy = new iam.ManagedPolicy(this, 'DeliveryPolicy', {
      description: 'AWS Config: deliver snapshots and history to the encrypted bucket',
      roles: [role],
      statements: [
        new iam.PolicyStatement({ sid: 'CheckBucket', actions: ['s3:GetBucketAcl'], resources: [bucket.bucketArn] }),
        new iam.PolicyStatement({ sid: 'Deliver', actions: ['s3:PutObject'], resources: [deliveryPrefix], conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } }),
        new iam.PolicyStatement({ sid: 'EncryptDeliveries', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.key.keyArn] }),
      ],
    });
    suppress(policy, `AwsSolutions-IAM5[Resource::${nagBucketArn(this, bucket)}/AWSLogs/<AWS::AccountId>/Config/*]`,
      'AWS Config names its snapshot and history objects at delivery time; the wildcard covers only the Config prefix of this account in the delivery bucket.');

    const recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
      roleArn: role.roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
    });
    const channel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
      s3BucketName: bucket.bucketName,
      s3KmsKeyArn: this.key.keyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    });
    channel.addResourceDependency(recorder);
    recorder.node.addDependency(policy);
    return recorder;
  }
}

function validateExclusions(scope: Construct, excluded: Record<string, string>): void {
  const known = new Set(HIPAA_MANAGED_RULES.map((r) => r.identifier));
  for (const [identifier, reason] of Object.entries(excluded)) {
    if (!known.has(identifier)) {
      throw new HipaaValidationError(scope, 'excludedRules', 'INVALID_VALUE', `excludedRules has '${identifier}', which is not one of HIPAA_MANAGED_RULES; check the SourceIdentifier.`);
    }
    if ((reason ?? '').trim().length < MIN_REASON_LENGTH) {
      throw new HipaaValidationError(scope, 'excludedRules', 'WEAKENS_SAFEGUARD', `excludedRules['${identifier}'] needs a reason of at least ${MIN_REASON_LENGTH} characters for the auditor.`);
    }
  }
}
