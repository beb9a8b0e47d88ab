import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HipaaValidationError } from '../../errors';
import { str, validateProps } from '../../../constructs/validation';
import { notifyOnEveryState } from '../../alarms/alarm-actions';

/** A DNS host name without wildcard (CT.ACM.PR.1 refuses wildcards; ACM's limit is 253 characters). */
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/** Route 53 hosted zone ids: upper-case letters and digits, at most 32 characters (e.g. Z0123456789ABCDEFGHIJ). */
const HOSTED_ZONE_ID = /^[A-Z0-9]{1,32}$/;
/**
 * Days before expiry at which the alarm fires: ACM starts renewing a DNS-validated certificate 60
 * days before it expires and sends daily expiry events from 45 days
 * (https://docs.aws.amazon.com/acm/latest/userguide/managed-renewal.html,
 * https://docs.aws.amazon.com/acm/latest/userguide/supported-events.html), so a certificate still
 * this close to expiry is one whose renewal failed, or an imported one nobody re-imported.
 */
export const CERTIFICATE_EXPIRY_ALARM_DAYS = 45;

/** Where the portal's certificate comes from (ThreeTierStack's props of the same names). */
export interface PortalCertificateProps {
  readonly certificateArn?: string;
  readonly domainName?: string;
  readonly hostedZoneId?: string;
}

/** The certificate both load balancers present, and what the stack knows about its name. */
export interface PortalCertificate {
  readonly certificate: acm.ICertificate;
  /** The portal's public name: the issued certificate's, or the `domainName` given with a certificate ARN. */
  readonly domainName?: string;
  /** The zone holding the issued certificate's name; an alias record to the public load balancer goes there. */
  readonly zone?: route53.IHostedZone;
}

/**
 * The portal's certificate: an existing ACM certificate by ARN, or else one this stack issues
 * for `domainName` with DNS validation in the Route 53 zone `hostedZoneId` (both from
 * parameters without default when not given). CloudFormation writes the validation record and
 * waits until ACM has issued the certificate
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-certificatemanager-certificate.html),
 * and ACM renews it while that record stays. A certificate defined in the template is also the
 * form Control Tower's CT.ELASTICLOADBALANCING.PR.2 can read.
 */
export function portalCertificate(stack: Stack, props: PortalCertificateProps): PortalCertificate {
  validateProps(stack, props, {
    certificateArn: str({ pattern: /^arn:aws[a-z0-9-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]{1,64}$/, rule: 'an ACM certificate ARN', example: 'arn:aws:acm:us-east-1:<account>:certificate/<id>' }),
    domainName: str({ pattern: HOST_NAME, rule: 'a DNS host name without wildcard', example: 'portal.clinic.example' }),
    hostedZoneId: str({ pattern: HOSTED_ZONE_ID, rule: 'a Route 53 hosted zone id', example: 'Z0123456789ABCDEFGHIJ' }),
  });
  if (props.certificateArn !== undefined) {
    if (props.hostedZoneId !== undefined) {
      throw new HipaaValidationError(stack, 'hostedZoneId', 'INCONSISTENT', `hostedZoneId is '${props.hostedZoneId}' with certificateArn; hostedZoneId makes the stack ` +
        'issue its own certificate for domainName: give either certificateArn (and point domainName at the load balancer yourself) or hostedZoneId, not both.');
    }
    return { certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', props.certificateArn), domainName: props.domainName };
  }
  const domainName = props.domainName ?? new CfnParameter(stack, 'DomainName', {
    type: 'String',
    description: 'Public DNS name of the portal (e.g. portal.clinic.example): the certificate this stack issues, the alias record to the load balancer and the sign-in callback',
    allowedPattern: HOST_NAME.source,
  }).valueAsString;
  const hostedZoneId = props.hostedZoneId ?? new CfnParameter(stack, 'HostedZoneId', {
    // CloudFormation checks at deploy that the zone exists in the account.
    type: 'AWS::Route53::HostedZone::Id',
    description: 'Route 53 public hosted zone (this account) that holds DomainName: the certificate\'s DNS validation record and the alias record go there',
  }).valueAsString;
  const zone = route53.HostedZone.fromHostedZoneId(stack, 'Zone', hostedZoneId);
  const certificate = new acm.Certificate(stack, 'Certificate', {
    domainName,
    validation: acm.CertificateValidation.fromDns(zone),
  });
  return { certificate, domainName, zone };
}

/** Points the portal's name at the public load balancer (A alias) in the zone of the issued certificate. */
export function portalAliasRecord(stack: Stack, portal: PortalCertificate, loadBalancer: elbv2.IApplicationLoadBalancer): route53.ARecord | undefined {
  if (!portal.zone || portal.domainName === undefined) return undefined;
  return new route53.ARecord(stack, 'PortalAlias', {
    zone: portal.zone,
    // A trailing dot: the name is complete, not relative to the zone (whose name the stack does not know).
    recordName: `${portal.domainName}.`,
    target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(loadBalancer)),
  });
}

/**
 * An alarm while the certificate has {@link CERTIFICATE_EXPIRY_ALARM_DAYS} days or fewer left,
 * on every state to the topic: a lapsed certificate takes the portal down for every patient.
 * ACM publishes DaysToExpiry once a day for issued and imported certificates
 * (https://docs.aws.amazon.com/acm/latest/userguide/cloudwatch-metrics.html).
 */
export function certificateExpiryAlarm(stack: Stack, certificate: acm.ICertificate, topic: sns.ITopic): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(stack, 'CertificateExpiry', {
    alarmDescription: `The load balancers' certificate expires in ${CERTIFICATE_EXPIRY_ALARM_DAYS} days or fewer: ACM renewal failed (check its DNS validation record) or an imported certificate needs re-importing`,
    metric: certificate.metricDaysToExpiry({ period: Duration.days(1), statistic: 'Minimum' }),
    threshold: CERTIFICATE_EXPIRY_ALARM_DAYS,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    // No datapoint for a day means ACM no longer reports the certificate: INSUFFICIENT_DATA, which notifies too.
    treatMissingData: cloudwatch.TreatMissingData.MISSING,
  });
  notifyOnEveryState(alarm, topic);
  return alarm;
}
