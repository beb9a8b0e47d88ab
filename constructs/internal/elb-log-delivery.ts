import { Aws, CfnCondition, CfnMapping, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';

const MAPPING_ID = 'CdkHipaaElbLogDeliveryAccounts';
const CONDITION_ID = 'CdkHipaaIsLegacyElbLogRegion';

/**
 * Lets Elastic Load Balancing deliver access logs under `prefix/AWSLogs/<account>/`
 * when the stack's region is unknown at synth. AWS uses two mechanisms: regions
 * launched before August 2022 deliver as a regional ELB account (from
 * aws-cdk-lib's region facts, picked at deploy time from a mapping); later regions
 * deliver as the `logdelivery.elasticloadbalancing.amazonaws.com` service principal.
 * In a newer region the account statement falls back to this account itself, which
 * grants nothing its IAM policies do not already allow.
 */
export function allowElbAccessLogDelivery(bucket: s3.IBucket, prefix: string): void {
  const stack = Stack.of(bucket);
  const objects = bucket.arnForObjects(`${prefix}/AWSLogs/${Aws.ACCOUNT_ID}/*`);
  // Several load balancers may share the bucket: statement ids must stay unique.
  const suffix = prefix.replace(/[^A-Za-z0-9]/g, '');
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: `ElbLogDeliveryServicePrincipal${suffix}`,
    principals: [new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [objects],
  }));
  const legacy = legacyRegionCondition(stack);
  // Through the mapping object, so aws-cdk-lib knows the mapping is used (no "make it lazy" annotation).
  const elbAccount = (stack.node.findChild(MAPPING_ID) as CfnMapping).findInMap(Aws.REGION, 'account');
  const principalArn = Fn.conditionIf(legacy.logicalId,
    `arn:${Aws.PARTITION}:iam::${elbAccount}:root`,
    `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:root`).toString();
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: `ElbLogDeliveryRegionalAccount${suffix}`,
    principals: [new iam.ArnPrincipal(principalArn)],
    actions: ['s3:PutObject'],
    resources: [objects],
  }));
}

function legacyRegionCondition(stack: Stack): CfnCondition {
  const existing = stack.node.tryFindChild(CONDITION_ID) as CfnCondition | undefined;
  if (existing) return existing;
  const mapping: Record<string, Record<string, string>> = {};
  for (const region of RegionInfo.regions) {
    if (region.elbv2Account) mapping[region.name] = { account: region.elbv2Account };
  }
  new CfnMapping(stack, MAPPING_ID, { mapping });
  const equalities = Object.keys(mapping).map((r) => Fn.conditionEquals(Aws.REGION, r));
  const groups = [];
  for (let i = 0; i < equalities.length; i += 10) {
    const chunk = equalities.slice(i, i + 10);
    groups.push(chunk.length === 1 ? Fn.conditionOr(chunk[0], chunk[0]) : Fn.conditionOr(...chunk));
  }
  return new CfnCondition(stack, CONDITION_ID, { expression: groups.length === 1 ? groups[0] : Fn.conditionOr(...groups) });
}
