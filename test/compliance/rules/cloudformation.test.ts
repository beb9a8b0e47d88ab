import * as rules from '../../../lib/compliance/rules';
import { Resources, subjectOf } from './subject';

const { RuleVerdict } = rules;
const judge = (rule: rules.GapRule, resources: Resources, logicalId: string) => rule.evaluate(subjectOf(resources, logicalId));

describe('StackSetTemplateSelfContained', () => {
  const set = (body: unknown): Resources => ({ S: { Type: 'AWS::CloudFormation::StackSet', Properties: { PermissionModel: 'SERVICE_MANAGED', TemplateBody: body } } });
  const bucket = { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' };

  test('compliant: a template of plain resources', () =>
    expect(judge(rules.StackSetTemplateSelfContained, set(JSON.stringify({ Resources: { R: { Type: 'AWS::IAM::Role', Properties: {} } } })), 'S')).toBe(RuleVerdict.COMPLIANT));
  test('not applicable: a StackSet from a template URL (read by the administrator account)', () =>
    expect(judge(rules.StackSetTemplateSelfContained, { S: { Type: 'AWS::CloudFormation::StackSet', Properties: { TemplateURL: 'https://example.com/t.json' } } }, 'S')).toBe(RuleVerdict.NOT_APPLICABLE));
  test('non-compliant: a Lambda bundle in the CDK asset bucket', () =>
    expect(judge(rules.StackSetTemplateSelfContained, set(JSON.stringify({ Resources: { F: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Bucket: bucket, S3Key: 'abc.zip' } } } } })), 'S')).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the bootstrap version check', () =>
    expect(judge(rules.StackSetTemplateSelfContained, set({ Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } } }), 'S')).toBe(RuleVerdict.NON_COMPLIANT));
});
