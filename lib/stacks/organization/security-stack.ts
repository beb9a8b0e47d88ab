import { Annotations, Aws, CfnParameter, Stack, StackProps, Token } from 'aws-cdk-lib';
import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import * as config from 'aws-cdk-lib/aws-config';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HIPAA_MANAGED_RULES } from '../../../constructs/config-rules';
import { HipaaKey } from '../../../constructs/key';
import { encryptedAlarmTopic } from '../../../constructs/internal/alarm-topic';
import { suppress } from '../../compliance/suppress';
import { DEFAULT_GUARDDUTY_FEATURES } from '../baseline-stack';
import { HipaaValidationError } from '../../errors';
import { OrganizationAdmin } from './organization-admin';
import { TEMPLATE_BODY_MAX_BYTES } from './stack-set';

/** Props of {@link OrganizationSecurityStack}. */
export interface OrganizationSecurityStackProps extends StackProps {
  /**
   * Emails that receive security findings. Without any, the stack asks for one
   * address as a CloudFormation parameter (no default), so findings always reach a person.
   * @default - a CloudFormation parameter `SecurityAlertEmail`
   */
  readonly alertEmails?: string[];
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
  /** The topic findings reach people through. */
  public readonly findingsTopic: sns.Topic;
  /** The GuardDuty detector, unless an existing one was adopted. */
  public readonly detector?: guardduty.CfnDetector;
  /** The Security Hub hub, unless an existing one was adopted. */
  public readonly hub?: securityhub.CfnHub;

  constructor(scope: Construct, id: string, props: OrganizationSecurityStackProps = {}) {
    super(scope, id, props);
    const emails = props.alertEmails && props.alertEmails.length > 0
      ? props.alertEmails
      : [new CfnParameter(this, 'SecurityAlertEmail', { type: 'String', allowedPattern: '[^@\\s]+@[^@\\s]+\\.[^@\\s]+', description: 'Who is told about security findings' }).valueAsString];
    const key = new HipaaKey(this, 'FindingsKey', { description: 'cdk-hipaa organization security findings topic' });
    this.findingsTopic = encryptedAlarmTopic(this, 'Findings', {
      key: key.key, displayName: 'cdk-hipaa organization security findings', emails: { propName: 'alertEmails', addresses: emails },
    });

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

    const routes: Array<[string, events.EventPattern]> = [
      ['GuardDutyFindings', { source: ['aws.guardduty'], detailType: ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', 4] }] } }],
      ['SecurityHubFindings', {
        source: ['aws.securityhub'], detailType: ['Security Hub Findings - Imported'],
        detail: { findings: { Severity: { Label: ['HIGH', 'CRITICAL'] }, Compliance: { Status: ['FAILED'] }, Workflow: { Status: ['NEW'] }, RecordState: ['ACTIVE'] } },
      }],
      ['AccessAnalyzerFindings', { source: ['aws.access-analyzer'], detailType: ['Access Analyzer Finding'], detail: { status: ['ACTIVE'] } }],
      ['ConfigNonCompliant', {
        source: ['aws.config'], detailType: ['Config Rules Compliance Change'],
        detail: { newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } },
      }],
    ];
    for (const [name, eventPattern] of routes) {
      const rule = new events.Rule(this, name, { eventPattern, description: `cdk-hipaa: ${name} to the security findings topic` });
      rule.addTarget(new targets.SnsTopic(this.findingsTopic));
    }
    // EventBridge publishes with the key through SNS; bound to this account's rules.
    key.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowEventBridgeFindings',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }));
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
