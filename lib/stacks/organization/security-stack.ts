import { Annotations, Aws, CfnParameter, Stack, StackProps, Token } from 'aws-cdk-lib';
import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import * as config from 'aws-cdk-lib/aws-config';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HIPAA_MANAGED_RULES } from '../../../constructs/config-rules';
import { HipaaKey } from '../../../constructs/key';
import { encryptedAlarmTopic, existingAlarmTopic } from '../../../constructs/internal/alarm-topic';
import { FunctionDeadLetters } from '../../../constructs/internal/function-dead-letters';
import { existingAlarmTopicOf } from '../../alarms/alarm-destination';
import { suppress } from '../../compliance/suppress';
import { DEFAULT_GUARDDUTY_FEATURES } from '../baseline-stack';
import { FINDING_ROUTES, routeEventsToTopic } from '../baseline/finding-routes';
import { HipaaValidationError } from '../../errors';
import { OrganizationAdmin } from './organization-admin';
import { TEMPLATE_BODY_MAX_BYTES } from './stack-set';

/** Props of {@link OrganizationSecurityStack}. */
export interface OrganizationSecurityStackProps extends StackProps {
  /**
   * Emails that receive security findings. Without any, the stack asks for one
   * address as a CloudFormation parameter (no default), so findings always reach a person.
   * Not with `findingsTopic` / `findingsTopicArn`.
   * @default - a CloudFormation parameter `SecurityAlertEmail` (unless `findingsTopic` / `findingsTopicArn`)
   */
  readonly alertEmails?: string[];
  /**
   * An existing topic that receives the findings (and the alarm of the stack's function
   * dead-letter queue) instead of a new one: no topic, no findings key, no subscription and no
   * `SecurityAlertEmail` parameter are created. E.g. the security team's on-call topic by
   * `sns.Topic.fromTopicArn`, in this stack's region. Its owner must let this account's
   * EventBridge rules and CloudWatch alarms publish to it and use its KMS key (README, "Beyond
   * one account"). A topic of another stack of this app is refused (its policy and these rules
   * would reference each other): pass its ARN.
   * @default - a new topic encrypted with a customer-managed key, `alertEmails` subscribed
   */
  readonly findingsTopic?: sns.ITopic;
  /**
   * `findingsTopic` by ARN (e.g. from context, `-c securityFindingsTopicArn=...`), imported into
   * this stack: checked at synth to be a standard SNS topic ARN in this stack's region (when the
   * region is known; a token passes).
   * @default - `findingsTopic`
   */
  readonly findingsTopicArn?: string;
  /**
   * Id of the GuardDuty detector this account already has in this Region (GuardDuty may
   * enable one in the delegated administrator when it is designated; find it with
   * `aws guardduty list-detectors`). The stack then adopts it for organization auto-enable
   * instead of creating a second detector, which GuardDuty refuses. Its features stay as
   * they are: check them against `DEFAULT_GUARDDUTY_FEATURES`.
   * @default - the stack creates the detector
   */
  readonly existingGuardDutyDetectorId?: string;
  /**
   * Security Hub is already enabled in this account and Region (a second `AWS::SecurityHub::Hub`
   * fails). The stack then configures the organization on the existing hub and leaves its
   * standards as they are.
   * @default false - the stack enables Security Hub with the default standards
   */
  readonly existingSecurityHub?: boolean;
}

/**
 * The security tooling account, delegated administrator of a PHI organization: GuardDuty
 * and Security Hub auto-enabled for every member account, an organization Config
 * aggregator and the HIPAA conformance pack deployed to every account, an organization
 * Access Analyzer, and findings (GuardDuty medium and above, Security Hub HIGH/CRITICAL
 * failed, Access Analyzer, HIPAA Config rules turning NON_COMPLIANT) routed to an encrypted
 * topic with a subscriber. §164.308(a)(1)(ii)(D), §164.308(a)(6).
 */
export class OrganizationSecurityStack extends Stack {
  /** The topic findings reach people through: the new one, or the `findingsTopic` / `findingsTopicArn` prop. */
  public readonly findingsTopic: sns.ITopic;
  /** Key of the new findings topic; undefined when a `findingsTopic` / `findingsTopicArn` is given. */
  public readonly findingsKey?: HipaaKey;
  /** The GuardDuty detector, unless an existing one was adopted. */
  public readonly detector?: guardduty.CfnDetector;
  /** The Security Hub hub, unless an existing one was adopted. */
  public readonly hub?: securityhub.CfnHub;

  constructor(scope: Construct, id: string, props: OrganizationSecurityStackProps = {}) {
    super(scope, id, props);
    const existing = existingAlarmTopicOf(this, { alarmTopic: props.findingsTopic, alarmTopicArn: props.findingsTopicArn }, { alertEmails: props.alertEmails }, {
      topic: 'findingsTopic', arn: 'findingsTopicArn', id: 'ExistingFindingsTopic',
      fix: 'pass the ARN of a standard SNS topic in the region the stack deploys to, arn:aws:sns:<region>:<account>:<topic> (the organization app: ' +
        '-c securityFindingsTopicArn=...), whose policy and key admit this account\'s EventBridge rules and CloudWatch alarms (README, "Beyond one account")',
    });
    if (props.findingsTopic && props.findingsTopic.node.defaultChild instanceof sns.CfnTopic && Stack.of(props.findingsTopic) !== this) {
      // Its policy would name this stack's rules (aws:SourceArn) and this stack's rules its ARN: a reference cycle.
      throw new HipaaValidationError(this, 'findingsTopic', 'WRONG_PLACEMENT', `findingsTopic is ${props.findingsTopic.node.path}, a topic of stack ` +
        `${Stack.of(props.findingsTopic).stackName}; its policy would name this stack's rules and these rules the topic, a reference cycle. ` +
        'Pass its ARN as findingsTopicArn and grant EventBridge and CloudWatch of this account on its policy and key where it is defined (README, "Beyond one account").');
    }
    if (existing) {
      this.findingsTopic = existingAlarmTopic(this, props.findingsTopic ? 'findingsTopic' : 'findingsTopicArn', existing);
    } else {
      const emails = props.alertEmails && props.alertEmails.length > 0
        ? props.alertEmails
        : [new CfnParameter(this, 'SecurityAlertEmail', { type: 'String', allowedPattern: '[^@\\s]+@[^@\\s]+\\.[^@\\s]+', description: 'Who is told about security findings' }).valueAsString];
      this.findingsKey = new HipaaKey(this, 'FindingsKey', { description: 'cdk-hipaa organization security findings topic' });
      this.findingsTopic = encryptedAlarmTopic(this, 'Findings', {
        key: this.findingsKey.key, displayName: 'cdk-hipaa organization security findings', emails: { propName: 'alertEmails', addresses: emails },
      });
    }
    // The organization-admin function's dropped events (its dead-letter queue's alarm) reach the same people.
    FunctionDeadLetters.routeTo(this, this.findingsTopic);

    // GuardDuty: this account's detector, and every member enabled automatically.
    // https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html
    let detectorId: string;
    if (props.existingGuardDutyDetectorId !== undefined) {
      detectorId = props.existingGuardDutyDetectorId;
      if (Token.isUnresolved(detectorId) || !/^[a-z0-9]{32}$/.test(detectorId)) {
        throw new HipaaValidationError(this, 'existingGuardDutyDetectorId', 'INVALID_VALUE', `existingGuardDutyDetectorId is '${String(detectorId).slice(0, 60)}'; ` +
          'pass the 32-character id that `aws guardduty list-detectors` prints in this account and Region, or leave it out to create the detector.');
      }
      Annotations.of(this).addInfo(`GuardDuty: adopting the existing detector ${detectorId} (existingGuardDutyDetectorId); its features are not managed by this stack.`);
    } else {
      const detector = new guardduty.CfnDetector(this, 'Detector', {
        enable: true,
        findingPublishingFrequency: 'FIFTEEN_MINUTES',
        features: DEFAULT_GUARDDUTY_FEATURES.map((name) => ({ name, status: 'ENABLED' })),
      });
      suppress(detector, 'ControlTower-CT.GUARDDUTY.PR.1', 'S3 protection is on through the Features API (S3_DATA_EVENTS), which ' +
        'replaces DataSources.S3Logs; CloudFormation does not accept both on one detector, and the control reads only the older property.');
      detectorId = detector.ref;
      this.detector = detector;
    }
    const admin = new OrganizationAdmin(this, 'OrganizationAdmin', ['guardduty:UpdateOrganizationConfiguration']);
    const autoEnable = admin.call('GuardDutyAutoEnable', { Operation: 'GuardDutyAutoEnable', DetectorId: detectorId, Features: [...DEFAULT_GUARDDUTY_FEATURES] });
    if (this.detector) autoEnable.node.addDependency(this.detector);

    // Security Hub: this account's hub, members and default standards enabled automatically.
    const orgConfig = new securityhub.CfnOrganizationConfiguration(this, 'HubOrganization', {
      autoEnable: true, autoEnableStandards: 'DEFAULT', configurationType: 'LOCAL',
    });
    if (props.existingSecurityHub) {
      Annotations.of(this).addInfo('Security Hub: adopting the hub this account already has (existingSecurityHub); its standards are not managed by this stack.');
    } else {
      this.hub = new securityhub.CfnHub(this, 'Hub', { autoEnableControls: true, enableDefaultStandards: true });
      orgConfig.node.addDependency(this.hub);
    }

    // Config: one view of every account and Region, and the HIPAA pack deployed to all of them.
    const aggregatorRole = new iam.Role(this, 'AggregatorRole', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSConfigRoleForOrganizations')],
    });
    suppress(aggregatorRole, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSConfigRoleForOrganizations]',
      'AWSConfigRoleForOrganizations is the policy AWS documents for an organization aggregator; it only lists the organization\'s accounts.');
    new config.CfnConfigurationAggregator(this, 'Aggregator', {
      configurationAggregatorName: 'cdk-hipaa-organization',
      organizationAggregationSource: { roleArn: aggregatorRole.roleArn, allAwsRegions: true },
    });
    new config.CfnOrganizationConformancePack(this, 'HipaaPack', {
      organizationConformancePackName: 'cdk-hipaa-hipaa-security',
      templateBody: conformancePackTemplate(this),
    });

    new accessanalyzer.CfnAnalyzer(this, 'OrganizationAnalyzer', { type: 'ORGANIZATION', analyzerName: 'cdk-hipaa-organization' });

    // Findings to the topic: the baseline's GuardDuty, Security Hub and Access Analyzer patterns, and every Config
    // rule of the organization turning NON_COMPLIANT (the pack's rules get names Config chooses per member account).
    // The topic policy admits EventBridge for these rules only (aws:SourceArn), on a topic of this app.
    routeEventsToTopic(this, this.findingsTopic, this.findingsKey?.key ?? this.findingsTopic.masterKey, [
      ...Object.entries(FINDING_ROUTES),
      ['ConfigNonCompliant', { source: ['aws.config'], detailType: ['Config Rules Compliance Change'], detail: { newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } } }],
    ]);
  }
}

/** The HIPAA managed rules as a conformance pack template (rule names as the AWS pack names them). */
function conformancePackTemplate(scope: Construct): string {
  const resources: Record<string, unknown> = {};
  for (const rule of HIPAA_MANAGED_RULES) {
    const logicalId = rule.name.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('').replace(/[^A-Za-z0-9]/g, '');
    resources[logicalId] = {
      Type: 'AWS::Config::ConfigRule',
      Properties: {
        ConfigRuleName: rule.name,
        Source: { Owner: 'AWS', SourceIdentifier: rule.identifier },
        ...(rule.parameters ? { InputParameters: Object.fromEntries(Object.entries(rule.parameters).map(([k, v]) => [k, String(v)])) } : {}),
      },
    };
  }
  const body = JSON.stringify({ Resources: resources });
  if (Buffer.byteLength(body) > TEMPLATE_BODY_MAX_BYTES) {
    throw new HipaaValidationError(scope, 'HIPAA_MANAGED_RULES', 'OUT_OF_RANGE', `the HIPAA conformance pack template is ${Buffer.byteLength(body)} bytes, over the ${TEMPLATE_BODY_MAX_BYTES}-byte limit.`);
  }
  return body;
}
