import * as rules from '../../../lib/compliance/rules';
import { subject } from './subject';

const { RuleVerdict } = rules;

describe('LogGroupRetention', () => {
  test.each([undefined, 2192, 2557, 3653])('compliant: %s days', (days) => {
    expect(rules.LogGroupRetention.evaluate(subject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: days } }))).toBe(RuleVerdict.COMPLIANT);
  });
  test.each([1, 365, 1827])('non-compliant: %s days', (days) => {
    expect(rules.LogGroupRetention.evaluate(subject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: days } }))).toBe(RuleVerdict.NON_COMPLIANT);
  });
  const fromParameter = (parameter: object) => rules.LogGroupRetention.evaluate({
    logicalId: 'G', resource: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: { Ref: 'Days' } } },
    template: { Parameters: { Days: parameter }, Resources: {} },
  });
  test.each<[string, object, rules.RuleVerdict]>([
    ['a Number parameter with MinValue 2192 (HipaaLogGroup sets it)', { Type: 'Number', MinValue: 2192 }, RuleVerdict.COMPLIANT],
    ['a Number parameter whose AllowedValues are all six years or more', { Type: 'Number', AllowedValues: ['2192', '3653'] }, RuleVerdict.COMPLIANT],
    ['a Number parameter without a floor', { Type: 'Number' }, RuleVerdict.NON_COMPLIANT],
    ['a Number parameter with a lower MinValue', { Type: 'Number', MinValue: 365 }, RuleVerdict.NON_COMPLIANT],
    ['an AllowedValues list with a short value', { Type: 'Number', AllowedValues: ['365', '2192'] }, RuleVerdict.NON_COMPLIANT],
    ['a short AllowedValues list under a MinValue of 2192 (CloudFormation applies both)', { Type: 'Number', MinValue: 2192, AllowedValues: ['365', '2192'] }, RuleVerdict.COMPLIANT],
    ['a String parameter', { Type: 'String', MinValue: 2192 }, RuleVerdict.NON_COMPLIANT],
  ])('parameter: %s', (_name, parameter, verdict) => expect(fromParameter(parameter)).toBe(verdict));
});
