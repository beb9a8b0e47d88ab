import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HipaaKey, HipaaLogGroup } from '../../lib';
import * as rules from '../../lib/compliance/rules';
import { testStack } from '../helpers';

describe('HipaaLogGroup key statement', () => {
  const stack = testStack();
  const shared = new HipaaKey(stack, 'Shared');
  new HipaaLogGroup(stack, 'Named', { logGroupName: '/app/web', encryptionKey: shared.key });
  new HipaaLogGroup(stack, 'Generated', { encryptionKey: shared.key });
  new HipaaLogGroup(stack, 'OwnKey');
  const template = Template.fromStack(stack);
  const json = template.toJSON();
  const keyPolicy = (id: string) => json.Resources[id].Properties.KeyPolicy.Statement as Array<Record<string, any>>;
  const logsStatements = (id: string) => keyPolicy(id).filter((s) => JSON.stringify(s.Principal).includes('logs.'));
  const sharedKeyId = Stack.of(shared).getLogicalId(shared.key.node.defaultChild as any);

  test('a shared key gets one statement per log group, each naming its group exactly', () => {
    const statements = logsStatements(sharedKeyId);
    expect(statements).toHaveLength(2);
    const names = statements.map((s) => JSON.stringify(s.Condition.ArnEquals['kms:EncryptionContext:aws:logs:arn']));
    expect(names[0]).toContain(':log-group:/app/web"');
    // The generated name ends in the stack instance id (the group is retained): the statement carries the same join.
    expect(names[1]).toMatch(/:log-group:\/hipaa\/Test-Generated-[A-Za-z0-9]+-",\{"Fn::Select":\[0,/);
    expect(names[1]).toContain('{"Ref":"AWS::StackId"}');
    expect(new Set(statements.map((s) => s.Sid)).size).toBe(2);
  });

  test('a generated name is set on the log group, so the statement and the group agree', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup')).map((g) => g.Properties.LogGroupName);
    expect(groups).toContain('/app/web');
    const generated = groups.filter((n) => typeof n === 'object' && String(n['Fn::Join']?.[1]?.[0]).startsWith('/hipaa/Test-'));
    expect(generated).toHaveLength(2);
    for (const name of generated) expect(JSON.stringify(name)).toContain('{"Ref":"AWS::StackId"}');
    // The key statement names the same join as the group.
    const statementNames = logsStatements(sharedKeyId).map((s) => JSON.stringify(s.Condition.ArnEquals['kms:EncryptionContext:aws:logs:arn']));
    const prefix: string = generated.find((g) => JSON.stringify(g).includes('Generated'))['Fn::Join'][1][0];
    expect(statementNames.some((n) => n.includes(`:log-group:${prefix}",`))).toBe(true);
  });

  test('every key of a log group (shared or its own) may be scheduled for deletion only by the break-glass role, and passes HipaaGap-EvidenceKeyDeletionRestricted', () => {
    const keys = Object.entries(template.findResources('AWS::KMS::Key'));
    expect(keys).toHaveLength(2);
    for (const [logicalId, resource] of keys) {
      const denies = (resource.Properties.KeyPolicy.Statement as any[]).filter((s) => s.Sid === 'DenyKeyDeletionExceptBreakGlassRole');
      expect(denies).toEqual([expect.objectContaining({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:ScheduleKeyDeletion' })]);
      expect([logicalId, rules.EvidenceKeyDeletionRestricted.evaluate({ logicalId, resource: resource as any, template: json })])
        .toEqual([logicalId, rules.RuleVerdict.COMPLIANT]);
    }
  });

  test('every key of the stack passes HipaaGap-LogsKeyOneLogGroup', () => {
    for (const [logicalId, resource] of Object.entries(template.findResources('AWS::KMS::Key'))) {
      expect([logicalId, rules.LogsKeyOneLogGroup.evaluate({ logicalId, resource: resource as any, template: json })])
        .toEqual([logicalId, rules.RuleVerdict.COMPLIANT]);
    }
  });
});
