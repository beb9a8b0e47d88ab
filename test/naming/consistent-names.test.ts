/**
 * The names a user meets are the same across constructs (issue 18, naming): key props are
 * `encryptionKey`, email lists are `alarmEmails`, every construct with a network face is
 * `ec2.IConnectable` with `allowFrom(peer, description?)`. The old names stay as deprecated
 * aliases that still work.
 */
import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { HipaaAutoScalingGroup, HipaaKey, HipaaLoadBalancer, HipaaValidationError, HipaaVpc, ThreeTierStack } from '../../lib';
import { DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION } from '../../lib/vocabulary/data-classification';
import { PHI_TAG_KEY, PHI_TAG_VALUE } from '../../constructs/config-rules/phi-scope';
import { testApp, testStack } from '../helpers';

/** The key of the log group the VPC's flow log writes to. */
function flowLogKeyOf(stack: Stack): unknown {
  const template = Template.fromStack(stack).toJSON();
  const flowLog = Object.values(template.Resources as Record<string, any>).find((r) => r.Type === 'AWS::EC2::FlowLog')!;
  const groupId = flowLog.Properties.LogGroupName.Ref;
  return template.Resources[groupId].Properties.KmsKeyId;
}

describe('HipaaVpc: encryptionKey, with flowLogKey kept as a deprecated alias', () => {
  test('encryptionKey encrypts the flow log group', () => {
    const stack = testStack();
    const key = new HipaaKey(stack, 'Mine');
    new HipaaVpc(stack, 'Net', { encryptionKey: key.key });
    expect(flowLogKeyOf(stack)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(key.key.node.defaultChild as any), 'Arn'] });
  });

  test('the deprecated flowLogKey still works', () => {
    const stack = testStack();
    const key = new HipaaKey(stack, 'Mine');
    new HipaaVpc(stack, 'Net', { flowLogKey: key.key });
    expect(flowLogKeyOf(stack)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(key.key.node.defaultChild as any), 'Arn'] });
  });

  test('an AWS managed key is refused under the new name as under the old one', () => {
    for (const prop of ['encryptionKey', 'flowLogKey'] as const) {
      const stack = testStack();
      const awsManaged = kms.Alias.fromAliasName(stack, 'AwsLogs', 'alias/aws/logs');
      expect(() => new HipaaVpc(stack, 'Net', { [prop]: awsManaged })).toThrow(new RegExp(`${prop}`));
      expect(() => new HipaaVpc(testStack(), 'Net', { [prop]: kms.Alias.fromAliasName(testStack(), 'A', 'alias/aws/logs') })).toThrow(HipaaValidationError);
    }
  });

  test('two different keys under the two names are refused, naming both', () => {
    const build = () => {
      const stack = testStack();
      return new HipaaVpc(stack, 'Net', { encryptionKey: new HipaaKey(stack, 'A').key, flowLogKey: new HipaaKey(stack, 'B').key });
    };
    expect(build).toThrow(HipaaValidationError);
    expect(build).toThrow(/flowLogKey and encryptionKey are both set to different keys; flowLogKey is the deprecated name of encryptionKey/);
  });
});

describe('ThreeTierStack: alarmEmails, with alarmEmail kept as a deprecated alias', () => {
  const subscribers = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::SNS::Subscription'))
    .filter((s) => s.Properties.Protocol === 'email').map((s) => s.Properties.Endpoint).sort();

  test('every address of alarmEmails subscribes; no parameter is needed', () => {
    const stack = new ThreeTierStack(testApp(), 'Many', { alarmEmails: ['ops@example.com', 'oncall@example.com'] });
    expect(subscribers(stack)).toEqual(['oncall@example.com', 'ops@example.com']);
    expect(Template.fromStack(stack).findParameters('AlarmEmail')).toEqual({});
  });

  test('the deprecated alarmEmail still subscribes', () => {
    expect(subscribers(new ThreeTierStack(testApp(), 'One', { alarmEmail: 'ops@example.com' }))).toEqual(['ops@example.com']);
  });

  test('a bad address in alarmEmails is refused under that name', () => {
    expect(() => new ThreeTierStack(testApp(), 'Bad', { alarmEmails: ['ops team'] })).toThrow(/alarmEmails has 'ops team', which is not an email address/);
  });
});

describe('HipaaLoadBalancer is IConnectable, with allowFrom(peer, description) like the others', () => {
  const stack = testStack();
  const net = new HipaaVpc(stack, 'Net');
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', new CfnParameter(stack, 'CertificateArn').valueAsString);
  const alb = new HipaaLoadBalancer(stack, 'Internal', { vpc: net.vpc, certificate });
  const web = new HipaaAutoScalingGroup(stack, 'Web', { vpc: net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' });
  alb.allowFrom(web, 'Web tier calls the app tier');
  // The load balancer is a peer like any other: the web tier can open itself to it.
  web.allowFrom(alb, 'Health checks and traffic from the internal load balancer');
  const template = Template.fromStack(stack);

  test('connections is the load balancer security group', () => {
    const connectable: ec2.IConnectable = alb;
    expect(connectable.connections.securityGroups).toEqual([alb.securityGroup]);
  });

  test('the rule carries the description given', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 443, ToPort: 443, Description: 'Web tier calls the app tier',
      GroupId: { 'Fn::GetAtt': [stack.getLogicalId(alb.securityGroup.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 443, Description: 'Health checks and traffic from the internal load balancer',
      SourceSecurityGroupId: { 'Fn::GetAtt': [stack.getLogicalId(alb.securityGroup.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] },
    });
  });
});

test('the PHI tag is written once: constructs, gate rule and Config rule handlers use the same vocabulary', () => {
  expect([PHI_TAG_KEY, PHI_TAG_VALUE]).toEqual([DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION]);
  const stack = testStack();
  const net = new HipaaVpc(stack, 'Net');
  new HipaaAutoScalingGroup(stack, 'Web', { vpc: net.vpc, notificationsNoSubscriberReason: 'A test fixture that is never deployed: nobody receives its scaling events.' });
  Template.fromStack(stack).hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
    Tags: Match.arrayWith([{ Key: DATA_CLASSIFICATION_TAG, Value: PHI_CLASSIFICATION, PropagateAtLaunch: true }]),
  });
});
