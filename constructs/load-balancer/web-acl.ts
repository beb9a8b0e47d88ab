import { Names, Stack, ArnFormat } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { HipaaLogGroup } from '../log-group';
import { stackInstanceSuffix } from '../stack-instance';

/** AWS managed rule groups every HipaaLoadBalancer's web ACL runs, in priority order. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesSQLiRuleSet',
] as const;

/** Options of {@link createWebAcl}. */
export interface WebAclOptions {
  /** Requests per 5 minutes from one IP before it is blocked. */
  readonly rateLimit: number;
}

/** The web ACL, its association and its encrypted log group. */
export interface WebAclParts {
  readonly webAcl: wafv2.CfnWebACL;
  readonly logGroup: logs.LogGroup;
}

/**
 * A REGIONAL WAFv2 web ACL with the AWS managed rule groups and a per-IP rate
 * limit, associated with the load balancer, logging to an encrypted log group
 * (WAF requires the `aws-waf-logs-` name prefix) with credentials redacted.
 */
export function createWebAcl(scope: Construct, loadBalancerArn: string, options: WebAclOptions): WebAclParts {
  const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
    cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName,
  });
  const managedRules: wafv2.CfnWebACL.RuleProperty[] = MANAGED_RULE_GROUPS.map((name, i) => ({
    name,
    priority: i + 1,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: visibility(name),
  }));
  const rateRule: wafv2.CfnWebACL.RuleProperty = {
    name: 'RateLimitPerIp',
    priority: 0,
    action: { block: {} },
    statement: { rateBasedStatement: { limit: options.rateLimit, aggregateKeyType: 'IP' } },
    visibilityConfig: visibility('RateLimitPerIp'),
  };
  const webAcl = new wafv2.CfnWebACL(scope, 'WebAcl', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    rules: [rateRule, ...managedRules],
    visibilityConfig: visibility(`${Names.uniqueResourceName(scope, { maxLength: 100 })}WebAcl`),
  });
  new wafv2.CfnWebACLAssociation(scope, 'WebAclAssociation', { resourceArn: loadBalancerArn, webAclArn: webAcl.attrArn });

  // Retained, so unique per stack instance (a redeploy after a teardown would otherwise fail with "already exists").
  const logGroupName = `aws-waf-logs-${Names.uniqueResourceName(scope, { maxLength: 400 })}-${stackInstanceSuffix('full')}`;
  const logGroup = new HipaaLogGroup(scope, 'WafLogs', { logGroupName }).logGroup;
  new wafv2.CfnLoggingConfiguration(scope, 'WafLogging', {
    resourceArn: webAcl.attrArn,
    // WAF wants the log group ARN without the trailing ':*' of its Arn attribute.
    logDestinationConfigs: [Stack.of(scope).formatArn({
      service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })],
    redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
  }).node.addDependency(logGroup);
  return { webAcl, logGroup };
}
