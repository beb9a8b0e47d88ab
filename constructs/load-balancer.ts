import { Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elbv2Actions from 'aws-cdk-lib/aws-elasticloadbalancingv2-actions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ALLOWED_TLS_POLICIES } from '../lib/compliance/rules/elbv2/tls-policies';
import { suppress, suppressHipaaAndNist } from '../lib/compliance/suppress';
import { hipaaAndNistRuleIds } from '../lib/compliance/ids';
import { allowElbAccessLogDelivery } from './internal/elb-log-delivery';
import { createWebAcl } from './load-balancer/web-acl';
import { requireSseS3LogBucket } from './encryption-checks';
import { bool, bucketCheck, duration, hasMembers, list, NAME_RULES, num, PropChecks, required, str, subnetSelection, validateProps, vpcCheck } from './validation';
import { requirePlacement } from './vpc/placement';
import { HipaaLogBucket } from './log-bucket';
import type { HipaaUserPool } from './user-pool';
import { HipaaValidationError } from '../lib/errors';
import { declareEgress } from './vpc/egress';
import { acknowledgeTeardown, HipaaTeardown, validateTeardown } from './teardown';

/** What a load balancer without deletion protection raises (acknowledged only for a teardown). */
const LOAD_BALANCER_PROTECTION_RULES = [...hipaaAndNistRuleIds('ELBDeletionProtectionEnabled'), 'ControlTower-CT.ELASTICLOADBALANCING.PR.5'];

/** Props of {@link HipaaLoadBalancer}. */
export interface HipaaLoadBalancerProps {
  /** The VPC (a HipaaVpc's `vpc`). */
  readonly vpc: ec2.IVpc;
  /** Certificate of the HTTPS listener (from ACM; pass its ARN through context or a CfnParameter). */
  readonly certificate: acm.ICertificate;
  /**
   * Internet-facing (public subnets, WAF, HTTPS from anywhere) or internal (private subnets).
   * @default false
   */
  readonly internetFacing?: boolean;
  /**
   * Internet-facing only: also listen on port 80, whose only action is a permanent redirect to
   * HTTPS on 443 (so a browser typing the bare host name lands on HTTPS). Off by default: the
   * load balancer then opens nothing but 443, and browsers that have seen the application's
   * Strict-Transport-Security header go to HTTPS by themselves. The listener carries no
   * certificate, which the ELBv2ACMCertificateRequired rules of HIPAA.Security and
   * NIST.800.53.R5 report; turning this on acknowledges them with that reason, and
   * HipaaGap-ElbHttpsListener checks that the listener only redirects.
   * @default false
   */
  readonly httpRedirect?: boolean;
  /**
   * TLS policy of the HTTPS listener; only TLS 1.2+ policies with strong ciphers are accepted.
   * @default elbv2.SslPolicy.RECOMMENDED_TLS (ELBSecurityPolicy-TLS13-1-2-2021-06)
   */
  readonly sslPolicy?: elbv2.SslPolicy;
  /**
   * Subnets of the load balancer.
   * @default - public subnets when internet-facing, private subnets otherwise
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Peers an internal load balancer accepts HTTPS from (the tier above). Ignored with
   * `internetFacing`, which accepts 443 (and 80 with `httpRedirect`) from anywhere.
   * @default - none; call `allowFrom` later
   */
  readonly allowFrom?: ec2.IPeer[];
  /**
   * SSE-S3 bucket for access logs (ELB log delivery does not support SSE-KMS).
   * @default - the stack's shared HipaaLogBucket (HipaaLogBucket.forStack)
   */
  readonly accessLogsBucket?: s3.IBucket;
  /**
   * Requests per 5 minutes from one IP before WAF blocks it (100 to 2,000,000,000).
   * @default 2000
   */
  readonly rateLimit?: number;
  /**
   * Non-production only: let `cdk destroy` and the rollback of a failed first create delete
   * the load balancer (deletion protection off). The reason acknowledges the findings this raises and is noted at synth (info).
   * @default - protected: deletion protection on, so a stack delete fails until it is turned off by hand
   */
  readonly teardown?: HipaaTeardown;
}

/** Props of {@link HipaaLoadBalancer.addTargets}. */
export interface HipaaTargetProps {
  /** The targets (e.g. a HipaaAutoScalingGroup's `autoScalingGroup`). */
  readonly targets: elbv2.IApplicationLoadBalancerTarget[];
  /**
   * HTTPS port the targets listen on.
   * @default 443
   */
  readonly port?: number;
  /**
   * Protocol to the targets: only HTTPS is accepted.
   * @default elbv2.ApplicationProtocol.HTTPS
   */
  readonly protocol?: elbv2.ApplicationProtocol;
  /**
   * Path of the HTTPS health check.
   * @default '/health'
   */
  readonly healthCheckPath?: string;
  /**
   * Path patterns routed to these targets.
   * @default ['/*']
   */
  readonly pathPatterns?: string[];
  /**
   * Priority of the listener rule (1 to 50000, unique per listener); lower wins.
   * @default - 100 for the first call, then 110, 120, ...
   */
  readonly priority?: number;
  /**
   * Time to drain connections from a deregistering target.
   * @default Duration.seconds(30)
   */
  readonly deregistrationDelay?: Duration;
  /**
   * Sign people in with this user pool before forwarding (an `authenticate-cognito` action):
   * unauthenticated requests are redirected to the hosted sign-in with MFA. The load balancer
   * then calls Cognito's endpoints over HTTPS, so its security group gets that egress.
   * @default - no sign-in at the load balancer
   */
  readonly authenticate?: HipaaUserPool;
  /**
   * How long the load balancer's authentication session lasts (1 minute to 12 hours).
   * @default Duration.hours(1)
   */
  readonly sessionTimeout?: Duration;
  /**
   * Host name users reach this load balancer by (the certificate's), for the sign-in callback.
   * @default - the load balancer's DNS name
   */
  readonly authenticationDomainName?: string;
}

/** Every prop's type and AWS limit; placement and the TLS policy are judged in the constructor. */
const PROP_CHECKS: Partial<PropChecks<HipaaLoadBalancerProps>> = {
  vpc: required(vpcCheck()),
  certificate: required(hasMembers('an acm.ICertificate, e.g. acm.Certificate.fromCertificateArn(this, \'Cert\', arn)', 'certificateArn')),
  internetFacing: bool(),
  httpRedirect: bool(),
  vpcSubnets: subnetSelection(),
  allowFrom: list(undefined, { what: 'peers (ec2.IPeer)' }),
  accessLogsBucket: bucketCheck(),
  // https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
  rateLimit: num({ integer: true, min: 100, max: 2_000_000_000, unit: 'requests per 5 minutes' }),
};

/** The props of addTargets. */
const TARGET_CHECKS: Partial<PropChecks<HipaaTargetProps>> = {
  targets: required(list(undefined, { what: 'load balancer targets' })),
  port: num({ integer: true, min: 1, max: 65535 }),
  healthCheckPath: str(NAME_RULES.healthCheckPath),
  pathPatterns: list(str(NAME_RULES.pathPattern), { minItems: 1, maxItems: 5, what: 'path patterns' }),
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html (priority 1 to 50000)
  priority: num({ integer: true, min: 1, max: 50000 }),
  deregistrationDelay: duration({ unit: 'seconds', min: 0, max: 3600, whole: true }),
  authenticate: hasMembers('a HipaaUserPool', 'userPool', 'client', 'domain'),
  sessionTimeout: duration({ unit: 'seconds', min: 60, max: 43200, whole: true }),
  authenticationDomainName: str({ pattern: /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, rule: 'a DNS host name', example: 'portal.clinic.example' }),
};

/**
 * An Application Load Balancer that speaks only HTTPS: a 443 listener with a
 * TLS 1.2+ policy (and, opted into with `httpRedirect`, a port-80 listener that only redirects),
 * HTTPS to targets and health checks, invalid headers dropped, strictest desync
 * mitigation, deletion protection, access logs, and a WAFv2 web ACL with AWS
 * managed rules and rate limiting. §164.312(e)(1).
 */
export class HipaaLoadBalancer extends Construct implements ec2.IConnectable {
  /** The load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The HTTPS listener. */
  public readonly listener: elbv2.ApplicationListener;
  /** Security group of the load balancer. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The WAF web ACL associated with the load balancer. */
  public readonly webAcl: wafv2.CfnWebACL;
  /** The bucket receiving access logs. */
  public readonly accessLogsBucket: s3.IBucket;
  /**
   * Network connections of the load balancer (its security group), so the tier behind it
   * can `allowFrom(loadBalancer)` and peers can be opened with `connections.allowTo`, as for
   * HipaaAutoScalingGroup and HipaaDatabase.
   */
  public readonly connections: ec2.Connections;
  private readonly internetFacing: boolean;
  private targetGroupCount = 0;

  constructor(scope: Construct, id: string, props: HipaaLoadBalancerProps) {
    super(scope, id);
    validateProps(this, props, PROP_CHECKS);
    this.internetFacing = props.internetFacing ?? false;
    const httpRedirect = props.httpRedirect ?? false;
    if (httpRedirect && !this.internetFacing) {
      throw new HipaaValidationError(this, 'httpRedirect', 'INCONSISTENT', 'httpRedirect is true on an internal load balancer; the redirect serves ' +
        'browsers on the internet. Remove httpRedirect, or set internetFacing: true.');
    }
    const sslPolicy = props.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS;
    if (!ALLOWED_TLS_POLICIES.includes(sslPolicy)) {
      throw new HipaaValidationError(this, 'sslPolicy', 'WEAKENS_SAFEGUARD', `sslPolicy '${sslPolicy}' admits TLS below 1.2 or weak ciphers; ` +
        `use one of ${ALLOWED_TLS_POLICIES.join(', ')} (default ELBSecurityPolicy-TLS13-1-2-2021-06).`);
    }
    const teardown = validateTeardown(this, 'teardown', props.teardown);
    const rateLimit = props.rateLimit ?? 2000;
    if (!Number.isInteger(rateLimit) || rateLimit < 100 || rateLimit > 2_000_000_000) {
      throw new HipaaValidationError(this, 'rateLimit', 'OUT_OF_RANGE', `rateLimit is ${rateLimit}; WAF accepts 100 to 2,000,000,000 requests per 5 minutes.`);
    }
    if (!props.certificate) {
      throw new HipaaValidationError(this, 'certificate', 'REQUIRED', `certificate is required; pass an ACM certificate (e.g. Certificate.fromCertificateArn with an ARN from context or a CfnParameter).`);
    }

    const vpcSubnets = props.vpcSubnets ?? { subnetType: this.internetFacing ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS };
    requirePlacement(this, props.vpc, vpcSubnets, this.internetFacing ? {
      tiers: ['public'], minAzs: 2, workload: 'an internet-facing load balancer',
      why: 'only the public tier routes to the internet gateway; elsewhere it would get no traffic', fix: '{ subnetType: ec2.SubnetType.PUBLIC } (the default when internet-facing)',
    } : {
      tiers: ['private'], minAzs: 2, workload: 'an internal load balancer',
      why: 'the public tier is for internet-facing load balancers and the isolated tier for data stores',
      fix: '{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } (the default when internal)',
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: !this.internetFacing ? 'Internal ALB: HTTPS from the tier above only'
        : httpRedirect ? 'Internet-facing ALB: HTTPS (and HTTP to redirect) from anywhere' : 'Internet-facing ALB: HTTPS from anywhere',
      allowAllOutbound: false,
    });
    // Egress goes to the targets only (added by addTargets/allowTo as separate rules): keep it declared so EC2's default allow-all is revoked.
    declareEgress(this.securityGroup);
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: this.internetFacing,
      vpcSubnets,
      securityGroup: this.securityGroup,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
      // Off only for a non-production teardown: a protected load balancer makes every stack delete fail.
      deletionProtection: teardown === undefined,
      http2Enabled: true,
    });
    if (teardown) acknowledgeTeardown(this, this.loadBalancer, 'the load balancer', LOAD_BALANCER_PROTECTION_RULES, teardown);
    this.connections = this.loadBalancer.connections;

    if (props.accessLogsBucket) requireSseS3LogBucket(this, 'accessLogsBucket', props.accessLogsBucket);
    this.accessLogsBucket = props.accessLogsBucket ?? HipaaLogBucket.forStack(this).bucket;
    // Set as attributes (not logAccessLogs) so the stack stays region-agnostic.
    const prefix = `alb/${Names.uniqueResourceName(this, { maxLength: 60 })}`;
    allowElbAccessLogDelivery(this.accessLogsBucket, prefix);
    this.loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
    this.loadBalancer.setAttribute('access_logs.s3.bucket', this.accessLogsBucket.bucketName);
    this.loadBalancer.setAttribute('access_logs.s3.prefix', prefix);
    this.loadBalancer.node.addDependency(this.accessLogsBucket);

    this.listener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [props.certificate],
      sslPolicy,
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(503, { contentType: 'text/plain', messageBody: 'No targets registered' }),
    });
    if (Token.isUnresolved(props.certificate.certificateArn) && !definedInStack(props.certificate, this)) {
      suppress(this.listener, 'ControlTower-CT.ELASTICLOADBALANCING.PR.2', 'The certificate ARN is a deploy-time value (a parameter or an import), which ' +
        'the control cannot read: it accepts only a literal ACM ARN or a certificate defined in the same template. The certificate prop is an ' +
        'acm.ICertificate; the reference app\'s CertificateArn parameter admits only ACM certificate ARNs (the control\'s own pattern).');
    }

    if (this.internetFacing) {
      this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from the internet');
      if (httpRedirect) this.addHttpRedirect();
      suppress(this.securityGroup, 'AwsSolutions-EC23', `Internet-facing load balancer: 443${httpRedirect ? ' (and 80, redirect only)' : ''} must be open to all ` +
        'clients; WAF rate limiting and managed rule groups filter the traffic.');
    } else {
      for (const peer of props.allowFrom ?? []) this.allowFrom(peer);
    }

    this.webAcl = createWebAcl(this, this.loadBalancer.loadBalancerArn, { rateLimit }).webAcl;
  }

  /** The port-80 listener of `httpRedirect`: a permanent redirect to HTTPS on 443 and nothing else. */
  private addHttpRedirect(): void {
    this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from the internet, only redirected to HTTPS');
    const redirect = this.loadBalancer.addRedirect({ sourcePort: 80, sourceProtocol: elbv2.ApplicationProtocol.HTTP, targetPort: 443, targetProtocol: elbv2.ApplicationProtocol.HTTPS, open: false });
    suppressHipaaAndNist(redirect, 'ELBv2ACMCertificateRequired', 'Port-80 listener (httpRedirect) whose only action is a permanent redirect to HTTPS on 443; ' +
      'it serves no content, so it needs no certificate (HipaaGap-ElbHttpsListener verifies the redirect).');
  }

  /**
   * Admits HTTPS (443) from `peer` (internal load balancers only), like
   * HipaaAutoScalingGroup.allowFrom and HipaaDatabase.allowFrom.
   * @param description description of the ingress rule
   */
  public allowFrom(peer: ec2.IConnectable | ec2.IPeer, description = 'HTTPS from the tier above'): void {
    if (this.internetFacing) {
      throw new HipaaValidationError(this, 'allowFrom', 'INCONSISTENT', `allowFrom is for internal load balancers; an internet-facing one already accepts HTTPS from anywhere.`);
    }
    const connections = (peer as ec2.IConnectable).connections;
    if (connections) {
      this.loadBalancer.connections.allowFrom(connections, ec2.Port.tcp(443), description);
    } else {
      this.securityGroup.addIngressRule(peer as ec2.IPeer, ec2.Port.tcp(443), description);
    }
  }

  /** Forwards the HTTPS listener to `props.targets` over HTTPS with HTTPS health checks. */
  /**
   * The authenticate-cognito action in front of `targetGroup`: the ALB redirects to the hosted
   * sign-in, exchanges the code at Cognito's token endpoint and keeps the session in its own
   * cookie (set Secure and HttpOnly by the ALB).
   * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html
   */
  private signInAction(id: string, targetGroup: elbv2.ApplicationTargetGroup, props: HipaaTargetProps): elbv2.ListenerAction {
    const pool = props.authenticate!;
    const timeout = props.sessionTimeout ?? Duration.hours(1);
    const seconds = timeout.toSeconds({ integral: false });
    if (Token.isUnresolved(seconds) || !Number.isInteger(seconds) || seconds < 60 || seconds > 12 * 3600) {
      throw new HipaaValidationError(this, 'sessionTimeout', 'OUT_OF_RANGE', `addTargets('${id}') sessionTimeout is ${Token.isUnresolved(seconds) ? 'a token' : `${seconds} seconds`}; ` +
        'use 1 minute to 12 hours (a bounded session is the automatic logoff of §164.312(a)(2)(iii)).');
    }
    const host = props.authenticationDomainName ?? this.loadBalancer.loadBalancerDnsName;
    pool.addCallbackUrl(`https://${host}/oauth2/idpresponse`);
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the Cognito sign-in and token endpoints (authenticate-cognito)');
    return new elbv2Actions.AuthenticateCognitoAction({
      userPool: pool.userPool,
      userPoolClient: pool.client,
      userPoolDomain: pool.domain,
      next: elbv2.ListenerAction.forward([targetGroup]),
      sessionTimeout: timeout,
      onUnauthenticatedRequest: elbv2.UnauthenticatedAction.AUTHENTICATE,
      scope: 'openid email profile',
    });
  }

  public addTargets(id: string, props: HipaaTargetProps): elbv2.ApplicationTargetGroup {
    validateProps(this, props, TARGET_CHECKS);
    const protocol = props.protocol ?? elbv2.ApplicationProtocol.HTTPS;
    if (protocol !== elbv2.ApplicationProtocol.HTTPS) {
      throw new HipaaValidationError(this, 'addTargets', 'WEAKENS_SAFEGUARD', `addTargets('${id}') protocol is ${protocol}; targets must be reached over HTTPS ` +
        '(let the instances listen with a certificate, self-signed is accepted by the ALB).');
    }
    const port = props.port ?? 443;
    const targetGroup = new elbv2.ApplicationTargetGroup(this, `${id}Targets`, {
      vpc: this.loadBalancer.vpc,
      port,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      targets: props.targets,
      deregistrationDelay: props.deregistrationDelay ?? Duration.seconds(30),
      healthCheck: {
        protocol: elbv2.Protocol.HTTPS,
        path: props.healthCheckPath ?? '/health',
        healthyHttpCodes: '200-399',
      },
    });
    // A rule (not the default action) so the listener keeps its explicit 503 default.
    const priority = props.priority ?? 100 + 10 * this.targetGroupCount;
    this.targetGroupCount += 1;
    const conditions = [elbv2.ListenerCondition.pathPatterns(props.pathPatterns ?? ['/*'])];
    if (props.authenticate) {
      this.listener.addAction(id, { priority, conditions, action: this.signInAction(id, targetGroup, props) });
    } else {
      this.listener.addTargetGroups(id, { targetGroups: [targetGroup], priority, conditions });
    }
    return targetGroup;
  }
}

/**
 * Whether the certificate is an ACM certificate resource of the load balancer's own template:
 * the one token form CT.ELASTICLOADBALANCING.PR.2 reads (a Ref to an AWS::CertificateManager::Certificate).
 */
function definedInStack(certificate: acm.ICertificate, scope: Construct): boolean {
  return Construct.isConstruct(certificate) && certificate.node.defaultChild instanceof acm.CfnCertificate
    && Stack.of(certificate) === Stack.of(scope);
}
