import * as fs from 'fs';
import * as path from 'path';
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

// The HIPAA Security and NIST 800-53 rev 5 packs report the same rule under two prefixes: the pair is
// written once, in hipaaAndNistRuleIds / suppressHipaaAndNist, so a rule renamed in cdk-nag is renamed
// in one place and no acknowledgement covers one pack and forgets the other.
describe('the HIPAA/NIST rule-id pair', () => {
  test('no construct, stack or app spells both ids of a rule by hand', () => {
    const root = path.join(__dirname, '..', '..');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts')) {
          const source = fs.readFileSync(full, 'utf8');
          for (const [, rule] of source.matchAll(/HIPAA\.Security-([A-Za-z0-9]+)/g)) {
            if (source.includes(`NIST.800.53.R5-${rule}`)) offenders.push(`${path.relative(root, full)}: ${rule}`);
          }
        }
      }
    };
    ['constructs', 'lib/stacks', 'lib/alarms', 'bin'].forEach((dir) => walk(path.join(root, dir)));
    expect([...new Set(offenders)]).toEqual([]);
  });
});
