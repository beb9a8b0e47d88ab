import { Stack, Validations } from 'aws-cdk-lib';
import { suppress } from '../../lib';
import { testApp } from '../helpers';

function acknowledgements(stack: Stack): Record<string, string> {
  return Object.assign({}, ...stack.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .map((m) => m.data));
}

describe('suppress', () => {
  const reason = 'A reason long enough for an auditor to read and accept here.';

  test('records the acknowledgement with its reason', () => {
    const stack = new Stack(testApp(), 'S');
    suppress(stack, 'AwsSolutions-S1', reason);
    expect(Object.values(acknowledgements(stack))).toEqual([reason]);
  });

  test('qualifies our own rule ids with the HipaaGapChecks namespace', () => {
    const stack = new Stack(testApp(), 'S');
    suppress(stack, 'HipaaGap-S3BucketTlsPolicy', reason);
    expect(Object.keys(acknowledgements(stack))).toEqual(['HipaaGapChecks::HipaaGap-S3BucketTlsPolicy']);
  });

  test.each([
    ['', /reason '' is 0 characters; give at least 30/],
    ['   ', /reason '' is 0 characters/],
    ['too short', /reason 'too short' is 9 characters/],
  ])('rejects the reason %j', (bad, message) => {
    expect(() => suppress(new Stack(testApp(), 'S'), 'AwsSolutions-S1', bad)).toThrow(message);
  });

  test('an id naming pseudo parameters also covers a stack with a literal environment (a CDK Pipelines stage)', () => {
    const id = 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]';
    const agnostic = new Stack(testApp(), 'S');
    suppress(agnostic, id, reason);
    const ids = (stack: Stack) => Object.keys(acknowledgements(stack)).map((k) => k.replace(/^Annotation::/, '')).sort();
    expect(ids(agnostic)).toEqual([id]);
    const pinned = new Stack(testApp(), 'P', { env: { account: '111122223333', region: 'us-east-1' } });
    suppress(pinned, id, reason);
    expect(ids(pinned)).toEqual([id, 'AwsSolutions-IAM5[Resource::arn:aws:kms:us-east-1:111122223333:key/*]'].sort());
  });

  test('rejects a missing reason and an empty rule id', () => {
    expect(() => suppress(new Stack(testApp(), 'S'), 'AwsSolutions-S1', undefined as any)).toThrow(/at least 30 characters/);
    expect(() => suppress(new Stack(testApp(), 'S'), ' ', reason)).toThrow(/ruleId is empty/);
  });
});
