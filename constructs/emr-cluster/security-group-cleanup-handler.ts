import { DescribeSecurityGroupRulesCommand, EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { CustomResourceEvent, CustomResourceResponse, putResponse } from '../internal/cfn-response';

/** Properties of the custom resource (strings, as CloudFormation passes them). */
export interface SecurityGroupCleanupProperties {
  /** The EMR-managed security groups of one cluster (primary, core, service access), comma-separated. */
  readonly GroupIds: string;
}

/** One inbound rule of a group that names another group as its source. */
export interface GroupReference {
  readonly groupId: string;
  readonly ruleId: string;
  readonly referencedGroupId: string;
}

/** The EC2 calls (injected, so tests need no AWS). */
export interface SecurityGroupCleanupDeps {
  /** Inbound rules of these groups whose source is a security group (an empty list when the groups are gone). */
  inboundGroupReferences(groupIds: string[]): Promise<GroupReference[]>;
  /** Revokes these inbound rules of one group. */
  revokeIngress(groupId: string, ruleIds: string[]): Promise<void>;
  respond(url: string, response: CustomResourceResponse): Promise<void>;
}

const GROUP_ID = /^sg-[0-9a-f]{8,17}$/;

/** The group ids of the event, validated. */
function groupIdsOf(p: SecurityGroupCleanupProperties | undefined): string[] {
  const ids = (p?.GroupIds ?? '').split(',').map((id) => id.trim()).filter((id) => id.length > 0);
  const bad = ids.find((id) => !GROUP_ID.test(id));
  if (ids.length === 0 || bad !== undefined) throw new Error(`GroupIds '${p?.GroupIds}' must list security group ids (sg-…), comma-separated.`);
  return ids;
}

/**
 * Delete-time cleanup of an EMR cluster's managed security groups. EMR adds the inbound rules a
 * cluster needs to its managed groups, many of them naming the other managed groups as source
 * (https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-man-sec-groups.html); CloudFormation
 * does not know these rules, and a group referenced by a rule of another group cannot be deleted
 * (DependencyViolation: https://repost.aws/knowledge-center/troubleshoot-delete-vpc-sg), so the stack
 * would stop in DELETE_FAILED. The resource depends on the groups and the cluster on it, so
 * CloudFormation deletes the cluster first, then sends this Delete, then deletes the groups.
 *
 * Delete revokes only the inbound rules of these groups whose source is one of these groups (what
 * blocks their deletion); rules naming other groups or addresses are left to the group's own
 * deletion. Create and Update change nothing. The physical id names the groups, so replaced groups
 * are cleaned when CloudFormation deletes the old resource.
 */
export function createSecurityGroupCleanupHandler(deps: SecurityGroupCleanupDeps): (event: CustomResourceEvent<SecurityGroupCleanupProperties>) => Promise<CustomResourceResponse> {
  return async (event) => {
    const base = { StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
    let physicalId = event.PhysicalResourceId ?? 'emr-security-group-cleanup';
    let response: CustomResourceResponse;
    try {
      let revoked = 0;
      if (event.RequestType !== 'Delete') {
        physicalId = `emr-security-group-cleanup-${groupIdsOf(event.ResourceProperties).join('-')}`;
      } else {
        // A Delete never fails on its own input (it may follow a Create that failed on it): nothing to clean then.
        let ids: string[] = [];
        try { ids = groupIdsOf(event.ResourceProperties); } catch { ids = []; }
        const own = new Set(ids);
        const references = ids.length === 0 ? [] : (await deps.inboundGroupReferences(ids)).filter((r) => own.has(r.groupId) && own.has(r.referencedGroupId));
        for (const groupId of ids) {
          const ruleIds = references.filter((r) => r.groupId === groupId).map((r) => r.ruleId);
          if (ruleIds.length > 0) await deps.revokeIngress(groupId, ruleIds);
          revoked += ruleIds.length;
        }
      }
      response = { ...base, Status: 'SUCCESS', PhysicalResourceId: physicalId, Data: { RevokedRules: String(revoked) } };
    } catch (e) {
      response = { ...base, Status: 'FAILED', Reason: `${(e as Error).name}: ${(e as Error).message}`.slice(0, 1000), PhysicalResourceId: physicalId };
    }
    await deps.respond(event.ResponseURL, response);
    return response;
  };
}

/** EC2 error codes meaning the thing to clean is already gone. */
const GONE = new Set(['InvalidGroup.NotFound', 'InvalidSecurityGroupRuleId.NotFound', 'InvalidPermission.NotFound']);

/** Sends one EC2 command (the client's `send`, or a fake in tests). */
export type Ec2Send = (command: DescribeSecurityGroupRulesCommand | RevokeSecurityGroupIngressCommand) => Promise<any>;

const isGone = (e: unknown) => GONE.has((e as Error).name) || GONE.has((e as { Code?: string }).Code ?? '');

/** EC2 calls of the handler: every page of DescribeSecurityGroupRules; "not found" is nothing left to clean. */
export function ec2Deps(send: Ec2Send): Omit<SecurityGroupCleanupDeps, 'respond'> {
  return {
    async inboundGroupReferences(groupIds) {
      const out: GroupReference[] = [];
      let NextToken: string | undefined;
      try {
        do {
          const page = await send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: groupIds }], NextToken }));
          for (const rule of page.SecurityGroupRules ?? []) {
            const referenced = rule.ReferencedGroupInfo?.GroupId;
            if (!rule.IsEgress && referenced && rule.GroupId && rule.SecurityGroupRuleId) {
              out.push({ groupId: rule.GroupId, ruleId: rule.SecurityGroupRuleId, referencedGroupId: referenced });
            }
          }
          NextToken = page.NextToken;
        } while (NextToken);
      } catch (e) {
        if (!isGone(e)) throw e;
      }
      return out;
    },
    async revokeIngress(groupId, ruleIds) {
      try {
        await send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, SecurityGroupRuleIds: ruleIds }));
      } catch (e) {
        if (!isGone(e)) throw e;
      }
    },
  };
}

function awsDeps(): SecurityGroupCleanupDeps {
  const ec2 = new EC2Client({});
  return { ...ec2Deps((command) => ec2.send(command as any)), respond: putResponse };
}

let live: ((event: CustomResourceEvent<SecurityGroupCleanupProperties>) => Promise<CustomResourceResponse>) | undefined;

/** The Lambda entry point. */
export async function handler(event: CustomResourceEvent<SecurityGroupCleanupProperties>): Promise<void> {
  live ??= createSecurityGroupCleanupHandler(awsDeps());
  await live(event);
}
