import * as path from 'path';
import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { MIN_REASON_LENGTH, nagBucketArn, suppress } from '../lib/compliance/suppress';
import { HardenedFunction } from './internal/hardened-function';
import { HipaaBucket } from './bucket';
import { HipaaBucketReplication } from './bucket/replication';
import { HIPAA_CUSTOM_RULES, HipaaCustomRule } from './config-rules/custom-rules';
import { HIPAA_CONFORMANCE_PACK_RULES } from './config-rules/hipaa-conformance-pack';
import { reasonProblem } from '../lib/compliance/reason';
import { bool, customerManagedKey, record, str, validateProps } from './validation';
import { CONFIG_EXCLUSIONS_METADATA_TYPE, HIPAA_MANAGED_RULES, HipaaManagedRule } from './config-rules/hipaa-managed-rules';
import { HipaaKey } from './key';
import { HipaaValidationError } from '../lib/errors';

export { CONFIG_EXCLUSIONS_METADATA_TYPE, HIPAA_CUSTOM_RULES, HIPAA_MANAGED_RULES };
export type { HipaaCustomRule, HipaaManagedRule };

const CONFIG_REASON = 'nor do config:PutEvaluations and config:GetResourceConfigHistory, which the rule uses to report and to read oversized items.';

/**
 * Per custom rule: its construct id (kept stable: a replaced rule would clash with its own
 * name), what its handler calls beyond Config, and why it runs outside a VPC.
 */
const CUSTOM_RULE_ACCESS: Record<string, { id: string; actions: string[]; reason: string; outsideVpc: string }> = {
  'phi-data-stores-customer-managed-key': {
    id: 'PhiKeyRule',
    actions: [],
    reason: CONFIG_REASON,
    outsideVpc: 'Calls only the AWS Config and KMS APIs over TLS and handles no PHI, only resource metadata; it needs no network path to workloads.',
  },
  'phi-instances-dedicated-tenancy': {
    id: 'PhiTenancyRule',
    actions: [],
    reason: CONFIG_REASON,
    outsideVpc: 'Calls only the AWS Config API over TLS and handles no PHI, only instance metadata; it needs no network path to workloads.',
  },
  'elbv2-target-groups-https-only': {
    id: 'HttpsTargetGroupRule',
    actions: ['elasticloadbalancing:DescribeTargetGroups'],
    reason: 'nor do config:PutEvaluations and elasticloadbalancing:DescribeTargetGroups (read-only), which the rule uses to list every target group and report.',
    outsideVpc: 'Calls only the AWS Config and Elastic Load Balancing APIs over TLS and handles no PHI, only target group settings.',
  },
  'log-groups-retained-six-years': {
    id: 'LogRetentionRule',
    actions: ['logs:DescribeLogGroups'],
    reason: 'nor do config:PutEvaluations and logs:DescribeLogGroups (read-only, no log events), which the rule uses to list every log group and report.',
    outsideVpc: 'Calls only the AWS Config and CloudWatch Logs APIs over TLS and reads log group settings, never log events (which may hold PHI).',
  },
};

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
   * Replication of the delivery bucket (with `createRecorder`) to the disaster-recovery region.
   * @default - no replication
   */
  readonly deliveryBucketReplication?: HipaaBucketReplication;
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
   * Rules left out, each with the reason an auditor reads in the evidence report (at least
   * 30 characters beyond the rule's own id or name), e.g. a rule not offered in the region.
   * Keys: a managed rule's SourceIdentifier (HIPAA_MANAGED_RULES) or a custom rule's name
   * (HIPAA_CUSTOM_RULES).
   * @default - none; all 129 managed rules of the pack and every custom rule are deployed
   */
  readonly excludedRules?: Record<string, string>;
  /**
   * Input parameters of managed rules that replace the pack's defaults, by SourceIdentifier,
   * e.g. `{ INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY: { AuthorizedVpcIds: 'vpc-1,vpc-2' } }`
   * (without it that rule reports every attached internet gateway). Only parameters the
   * pack defines are accepted, and `S3BucketNames` of CLOUDTRAIL_S3_DATAEVENTS_ENABLED, which
   * AWS documents and the pack leaves unset (all buckets are checked without it).
   * @default - the pack's defaults
   */
  readonly ruleParameters?: Record<string, Record<string, string>>;
}

/**
 * AWS Config for HIPAA: all 129 managed rules of the "Operational Best Practices
 * for HIPAA Security" conformance pack with the pack's parameters and scopes
 * (HIPAA_MANAGED_RULES), and custom rules that check in the account what the
 * synth-time gate checks and no managed rule covers (HIPAA_CUSTOM_RULES): PHI
 * data stores on rotating customer-managed keys, PHI instances on dedicated
 * hardware, HTTPS-only target groups, six-year log retention. Optionally the
 * recorder and an encrypted delivery channel. §164.312(b).
 */
export class HipaaConfigRules extends Construct {
  /** The managed rules, by SourceIdentifier. */
  public readonly managedRules: Record<string, config.ManagedRule> = {};
  /** The custom rules, by name (HIPAA_CUSTOM_RULES). */
  public readonly customRules: Record<string, config.CustomRule> = {};
  /** The custom PHI key rule. */
  public readonly phiKeyRule?: config.CustomRule;
  /** The recorder, when created here. */
  public readonly recorder?: config.CfnConfigurationRecorder;
  /** The delivery bucket, when the recorder is created here. */
  public readonly deliveryBucket?: s3.Bucket;
  /** The key. */
  public readonly key: kms.IKey;
  /** Prefix of every rule name (EventBridge routes NON_COMPLIANT changes of these rules). */
  public readonly ruleNamePrefix: string;

  constructor(scope: Construct, id: string, props: HipaaConfigRulesProps = {}) {
    super(scope, id);
    validateProps(this, props, {
      createRecorder: bool(),
      encryptionKey: customerManagedKey(),
      ruleNamePrefix: str({ allowEmpty: true, pattern: /^[A-Za-z0-9_-]{1,40}$/, rule: "at most 40 letters, digits, '-' or '_'", example: 'hipaa-' }),
      excludedRules: record(undefined, 'reasons by rule identifier'),
      ruleParameters: record(record(str(), 'parameter values'), 'parameters by rule identifier'),
    });
    const prefix = props.ruleNamePrefix ?? 'hipaa-';
    this.ruleNamePrefix = prefix;
    if (!/^[A-Za-z0-9_-]{0,40}$/.test(prefix)) {
      throw new HipaaValidationError(this, 'ruleNamePrefix', 'INVALID_VALUE', `ruleNamePrefix '${prefix}' must be at most 40 letters, digits, '-' or '_'.`);
    }
    const excluded = props.excludedRules ?? {};
    validateExclusions(this, excluded);
    this.key = props.encryptionKey ?? new HipaaKey(this, 'Key', { description: `cdk-hipaa key for AWS Config ${this.node.path}` }).key;

    if (props.createRecorder) {
      this.deliveryBucket = new HipaaBucket(this, 'Delivery', { encryptionKey: this.key, replication: props.deliveryBucketReplication }).bucket;
      this.recorder = this.createRecorder(this.deliveryBucket);
    }

    const parameters = props.ruleParameters ?? {};
    validateParameters(this, parameters);
    for (const rule of HIPAA_MANAGED_RULES.filter((r) => excluded[r.identifier] === undefined)) {
      const managed = new config.ManagedRule(this, rule.identifier, {
        identifier: rule.identifier,
        configRuleName: `${prefix}${rule.name}`,
        description: `HIPAA Security conformance pack rule (${rule.safeguard})`,
        // The pack leaves a parameter out when its default is empty; so does an empty object here.
        inputParameters: emptyToUndefined({ ...rule.parameters, ...parameters[rule.identifier] }),
        ruleScope: rule.resourceTypes ? config.RuleScope.fromResources(rule.resourceTypes.map((t) => config.ResourceType.of(t))) : undefined,
      });
      if (this.recorder) managed.node.addDependency(this.recorder);
      this.managedRules[rule.identifier] = managed;
    }
    for (const rule of HIPAA_CUSTOM_RULES.filter((r) => excluded[r.name] === undefined)) {
      this.customRules[rule.name] = this.createCustomRule(prefix, rule);
    }
    this.phiKeyRule = this.customRules['phi-data-stores-customer-managed-key'];
    if (Object.keys(excluded).length > 0) this.node.addMetadata(CONFIG_EXCLUSIONS_METADATA_TYPE, { ...excluded });
  }

  private createCustomRule(prefix: string, rule: HipaaCustomRule): config.CustomRule {
    const access = CUSTOM_RULE_ACCESS[rule.name];
    const id = access.id;
    const fn = new HardenedFunction(this, `${id}Function`, {
      entry: path.join(__dirname, 'config-rules', rule.handler),
      description: `cdk-hipaa Config rule: ${rule.description}`.slice(0, 256),
      encryptionKey: this.key,
      outsideVpcReason: access.outsideVpc,
      invocationReason: 'Invoked by AWS Config, which records failed evaluations in the rule status and re-evaluates on the next change, period or on demand.',
      // Listing every target group or log group of a busy account takes more than the default minute.
      timeout: rule.trigger === 'periodic' ? Duration.minutes(5) : undefined,
      accountLevelActions: {
        actions: ['config:PutEvaluations', ...(rule.trigger === 'change' ? ['config:GetResourceConfigHistory'] : []), ...access.actions],
        reason: access.reason,
      },
    });
    if (rule.name === 'phi-data-stores-customer-managed-key') {
      fn.addToPolicy(new iam.PolicyStatement({
        sid: 'ReadKeyFacts',
        actions: ['kms:DescribeKey', 'kms:GetKeyRotationStatus'],
        resources: [Stack.of(this).formatArn({ service: 'kms', resource: 'key', resourceName: '*' })],
      }));
      suppress(fn.policy, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]',
        'The rule judges whichever key protects each PHI data store of the account; it may only describe keys and read their rotation status, never use them.');
    }
    const custom = new config.CustomRule(this, id, {
      configRuleName: `${prefix}${rule.name}`,
      description: `${rule.description} (${rule.safeguard}; at synth: ${rule.gateRule})`,
      lambdaFunction: fn.function,
      configurationChanges: rule.trigger === 'change',
      periodic: rule.trigger === 'periodic',
      maximumExecutionFrequency: rule.trigger === 'periodic' ? config.MaximumExecutionFrequency.TWENTY_FOUR_HOURS : undefined,
      ruleScope: rule.resourceTypes ? config.RuleScope.fromResources(rule.resourceTypes.map((type) => config.ResourceType.of(type))) : undefined,
    });
    if (this.recorder) custom.node.addDependency(this.recorder);
    for (const permission of fn.function.node.children.filter((c): c is lambda.CfnPermission => c instanceof lambda.CfnPermission)) {
      // Confused deputy: Config sets aws:SourceArn to the rule's ARN, whose id part Config generates; the rule must
      // be created after the permission (Config checks it), so the ARN is pinned to Config rules of this account
      // and region (Lambda matches SourceArn with ArnLike).
      permission.sourceArn = Stack.of(this).formatArn({ service: 'config', resource: 'config-rule', resourceName: '*' });
      suppress(permission, 'ControlTower-CT.LAMBDA.PR.2', 'Only AWS Config may invoke the function, and only for Config rules of this account ' +
        'and region: SourceAccount is the stack\'s account and SourceArn the Config rule ARNs of this account and region. The control accepts ' +
        'only a literal string or a Ref/GetAtt of a resource of the template; the account is a pseudo-parameter in an environment-agnostic ' +
        'stack, and the rule\'s own ARN cannot be referenced because the rule is created after the permission, which AWS Config checks.');
    }
    return custom;
  }

  private createRecorder(bucket: s3.Bucket): config.CfnConfigurationRecorder {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'RecorderRole', {
      description: 'AWS Config recorder and delivery channel',
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
    });
    // No permissions boundary: AWS_ConfigRole allows 2,341 read actions over 243 services (so that the recorder
    // can describe every resource type AWS supports) and no boundary that lists them fits IAM's 6,144-character
    // limit for a managed policy; the only boundary that would cap it is an allow-all one. The role is assumable by
    // AWS Config alone, for this account, and neither its AWS managed policy nor its delivery policy allows an
    // audit-tamper action.
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

function emptyToUndefined(values: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(values).length > 0 ? values : undefined;
}

function validateExclusions(scope: Construct, excluded: Record<string, string>): void {
  const names = new Map<string, string[]>([
    ...HIPAA_MANAGED_RULES.map((r): [string, string[]] => [r.identifier, [r.identifier, r.name]]),
    ...HIPAA_CUSTOM_RULES.map((r): [string, string[]] => [r.name, [r.name]]),
  ]);
  for (const [key, reason] of Object.entries(excluded)) {
    const ids = names.get(key);
    if (!ids) {
      throw new HipaaValidationError(scope, 'excludedRules', 'INVALID_VALUE', `excludedRules has '${key}', which is not one of HIPAA_MANAGED_RULES (SourceIdentifier) or HIPAA_CUSTOM_RULES (name); check the spelling.`);
    }
    // The rule's own id or name says nothing an auditor can weigh: only the rest counts.
    const substance = ids.reduce((text, id) => text.split(id).join(' '), typeof reason === 'string' ? reason : '').trim();
    // Judged like an acknowledgement reason: punctuation, spaces and the rule's id do not count.
    if (reasonProblem(key, substance) !== undefined) {
      throw new HipaaValidationError(scope, `excludedRules.${key}`, 'WEAKENS_SAFEGUARD', `excludedRules['${key}'] is '${reason}'; it needs a reason of at least ${MIN_REASON_LENGTH} characters besides the rule's id and punctuation for the auditor (it is shown in the evidence report).`);
    }
  }
}

/**
 * Optional parameters AWS documents for a managed rule that the pack leaves unset (so the rule
 * judges its widest scope). `S3BucketNames` of cloudtrail-s3-dataevents-enabled: "Default behavior
 * checks for all S3 buckets" (https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-s3-dataevents-enabled.html);
 * README "Deploy facts" says when naming the PHI buckets there is the way to a certain result.
 */
const DOCUMENTED_PARAMETERS: Readonly<Record<string, readonly string[]>> = { CLOUDTRAIL_S3_DATAEVENTS_ENABLED: ['S3BucketNames'] };

function validateParameters(scope: Construct, parameters: Record<string, Record<string, string>>): void {
  const pack = new Map(HIPAA_CONFORMANCE_PACK_RULES.map((r) => [r.identifier, r]));
  const allowedOf = (identifier: string) => [...Object.keys(pack.get(identifier)?.parameters ?? {}), ...(DOCUMENTED_PARAMETERS[identifier] ?? [])];
  for (const [identifier, values] of Object.entries(parameters)) {
    const allowed = allowedOf(identifier);
    if (!HIPAA_MANAGED_RULES.some((r) => r.identifier === identifier) || allowed.length === 0) {
      throw new HipaaValidationError(scope, 'ruleParameters', 'INVALID_VALUE', `ruleParameters has '${identifier}', which is not a managed rule of the pack with parameters; ` +
        'only these take parameters: ' + HIPAA_MANAGED_RULES.filter((r) => allowedOf(r.identifier).length > 0).map((r) => r.identifier).join(', ') + '.');
    }
    for (const name of Object.keys(values)) {
      if (!allowed.includes(name)) {
        throw new HipaaValidationError(scope, `ruleParameters.${identifier}`, 'INVALID_VALUE', `ruleParameters.${identifier} has '${name}'; ${DOCUMENTED_PARAMETERS[identifier] ? 'AWS documents' : 'the pack defines'} ${allowed.join(', ')}.`);
      }
    }
  }
}
