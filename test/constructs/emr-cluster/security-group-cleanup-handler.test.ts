import { DescribeSecurityGroupRulesCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import {
  createSecurityGroupCleanupHandler, ec2Deps, Ec2Send, SecurityGroupCleanupProperties,
} from '../../../constructs/emr-cluster/security-group-cleanup-handler';
import { CustomResourceEvent, CustomResourceResponse } from '../../../constructs/internal/cfn-response';

const PRIMARY = 'sg-0a1b2c3d4e5f60001';
const CORE = 'sg-0a1b2c3d4e5f60002';
const SERVICE = 'sg-0a1b2c3d4e5f60003';
const OUTSIDE = 'sg-0a1b2c3d4e5f69999';
const props: SecurityGroupCleanupProperties = { GroupIds: [PRIMARY, CORE, SERVICE].join(',') };

interface Rule { SecurityGroupRuleId: string; GroupId: string; IsEgress: boolean; ReferencedGroupInfo?: { GroupId: string }; CidrIpv4?: string }

/**
 * A VPC after EMR ran a cluster: the inbound rules EMR adds between its managed groups
 * (https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-man-sec-groups.html), the egress rules
 * CloudFormation declared, one rule from a group outside the cluster and one from an address range.
 * DescribeSecurityGroupRules answers in pages of `pageSize`.
 */
function vpc(pageSize = 3) {
  let n = 0;
  const rule = (GroupId: string, IsEgress: boolean, source: string): Rule => ({
    SecurityGroupRuleId: `sgr-${String(++n).padStart(17, '0')}`, GroupId, IsEgress,
    ...(source.startsWith('sg-') ? { ReferencedGroupInfo: { GroupId: source } } : { CidrIpv4: source }),
  });
  const rules: Rule[] = [
    rule(PRIMARY, false, PRIMARY), rule(PRIMARY, false, CORE), rule(PRIMARY, false, SERVICE),
    rule(CORE, false, PRIMARY), rule(CORE, false, CORE), rule(CORE, false, SERVICE),
    rule(SERVICE, false, PRIMARY),
    rule(PRIMARY, true, CORE), rule(SERVICE, true, CORE), // declared egress: CloudFormation deletes these itself
    rule(CORE, false, OUTSIDE), rule(PRIMARY, false, '10.0.0.0/16'),
  ];
  const calls: string[] = [];
  const send: Ec2Send = async (command) => {
    if (command instanceof DescribeSecurityGroupRulesCommand) {
      const ids = command.input.Filters![0].Values!;
      const matching = rules.filter((r) => ids.includes(r.GroupId));
      const start = Number(command.input.NextToken ?? 0);
      calls.push(`describe:${start}`);
      const next = start + pageSize < matching.length ? String(start + pageSize) : undefined;
      return { SecurityGroupRules: matching.slice(start, start + pageSize), NextToken: next };
    }
    if (command instanceof RevokeSecurityGroupIngressCommand) {
      const { GroupId, SecurityGroupRuleIds } = command.input;
      calls.push(`revoke:${GroupId}:${SecurityGroupRuleIds!.length}`);
      for (const id of SecurityGroupRuleIds!) {
        const i = rules.findIndex((r) => r.SecurityGroupRuleId === id && r.GroupId === GroupId && !r.IsEgress);
        if (i < 0) throw Object.assign(new Error(`rule ${id} not in ${GroupId}`), { name: 'InvalidSecurityGroupRuleId.NotFound' });
        rules.splice(i, 1);
      }
      return {};
    }
    throw new Error('unexpected command');
  };
  /**
   * A group can be deleted when no rule of another group names it (EC2's DependencyViolation otherwise), once
   * CloudFormation has deleted the egress rules it declared (AWS::EC2::SecurityGroupEgress resources, which
   * depend on the groups and so go first).
   */
  const deletable = (groupId: string) => !rules.some((r) => !r.IsEgress && r.GroupId !== groupId && r.ReferencedGroupInfo?.GroupId === groupId);
  return { rules, calls, send, deletable };
}

function handlerFor(send: Ec2Send) {
  const responses: CustomResourceResponse[] = [];
  const handler = createSecurityGroupCleanupHandler({ ...ec2Deps(send), async respond(_url, r) { responses.push(r); } });
  return { handler, responses };
}
const event = (over: Partial<CustomResourceEvent<SecurityGroupCleanupProperties>> = {}): CustomResourceEvent<SecurityGroupCleanupProperties> => ({
  RequestType: 'Delete', ResponseURL: 'https://example.invalid/r', StackId: 's', RequestId: 'r', LogicalResourceId: 'Cleanup',
  PhysicalResourceId: `emr-security-group-cleanup-${PRIMARY}-${CORE}-${SERVICE}`, ResourceProperties: props, ...over,
});

describe('EMR security-group cleanup handler', () => {
  test('before cleanup the groups cannot be deleted (the failure this resource exists for)', () => {
    const { deletable } = vpc();
    expect([PRIMARY, CORE, SERVICE].map(deletable)).toEqual([false, false, false]);
  });

  test('Delete revokes every inbound rule between the cluster\'s groups, reading every page; then each group can be deleted', async () => {
    const net = vpc(3);
    const { handler, responses } = handlerFor(net.send);
    await handler(event());
    expect(net.calls.filter((c) => c.startsWith('describe'))).toEqual(['describe:0', 'describe:3', 'describe:6', 'describe:9']);
    expect(net.calls.filter((c) => c.startsWith('revoke'))).toEqual([`revoke:${PRIMARY}:3`, `revoke:${CORE}:3`, `revoke:${SERVICE}:1`]);
    expect(responses).toEqual([expect.objectContaining({ Status: 'SUCCESS', Data: { RevokedRules: '7' } })]);
    expect([PRIMARY, CORE, SERVICE].map(net.deletable)).toEqual([true, true, true]);
  });

  test('rules from outside the cluster, address ranges and declared egress are left alone', async () => {
    const net = vpc();
    await handlerFor(net.send).handler(event());
    expect(net.rules.map((r) => [r.GroupId, r.IsEgress, r.ReferencedGroupInfo?.GroupId ?? r.CidrIpv4])).toEqual([
      [PRIMARY, true, CORE], [SERVICE, true, CORE], [CORE, false, OUTSIDE], [PRIMARY, false, '10.0.0.0/16'],
    ]);
  });

  test('a second Delete (a retry) finds nothing and succeeds', async () => {
    const net = vpc();
    await handlerFor(net.send).handler(event());
    const { handler, responses } = handlerFor(net.send);
    await handler(event());
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { RevokedRules: '0' } });
  });

  test('groups already gone (InvalidGroup.NotFound) and a rule revoked meanwhile are nothing left to clean', async () => {
    const gone: Ec2Send = async () => { throw Object.assign(new Error('The security group does not exist'), { name: 'InvalidGroup.NotFound' }); };
    const { handler, responses } = handlerFor(gone);
    await handler(event());
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS', Data: { RevokedRules: '0' } });

    const net = vpc();
    const racing: Ec2Send = async (command) => {
      if (command instanceof RevokeSecurityGroupIngressCommand) throw Object.assign(new Error('gone'), { name: 'InvalidPermission.NotFound' });
      return net.send(command);
    };
    const second = handlerFor(racing);
    await second.handler(event());
    expect(second.responses[0]).toMatchObject({ Status: 'SUCCESS' });
  });

  test('any other EC2 error fails the Delete visibly (CloudFormation shows the reason)', async () => {
    const denied: Ec2Send = async () => { throw Object.assign(new Error('not authorized to perform ec2:DescribeSecurityGroupRules'), { name: 'UnauthorizedOperation' }); };
    const { handler, responses } = handlerFor(denied);
    await handler(event());
    expect(responses[0]).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/^UnauthorizedOperation: not authorized/) });
  });

  test('Create and Update touch nothing and name the groups in the physical id (replaced groups get a Delete)', async () => {
    const net = vpc();
    const { handler, responses } = handlerFor(net.send);
    await handler(event({ RequestType: 'Create', PhysicalResourceId: undefined }));
    await handler(event({ RequestType: 'Update', ResourceProperties: { GroupIds: `${PRIMARY},${CORE}` } }));
    expect(net.calls).toEqual([]);
    expect(responses.map((r) => r.PhysicalResourceId)).toEqual([`emr-security-group-cleanup-${PRIMARY}-${CORE}-${SERVICE}`, `emr-security-group-cleanup-${PRIMARY}-${CORE}`]);
  });

  test('bad input: Create fails naming it; a Delete after that failed Create succeeds with nothing to do (rollback is not blocked)', async () => {
    const net = vpc();
    const { handler, responses } = handlerFor(net.send);
    await handler(event({ RequestType: 'Create', PhysicalResourceId: undefined, ResourceProperties: { GroupIds: 'web-sg' } }));
    expect(responses[0]).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/GroupIds 'web-sg' must list security group ids/) });
    await handler(event({ PhysicalResourceId: responses[0].PhysicalResourceId, ResourceProperties: { GroupIds: 'web-sg' } }));
    expect(responses[1]).toMatchObject({ Status: 'SUCCESS', Data: { RevokedRules: '0' } });
    expect(net.calls).toEqual([]);
  });
});
