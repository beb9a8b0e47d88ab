import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { HipaaKey, HipaaLogGroup, HipaaValidationError, HipaaVpc } from '../lib';
import { testStack } from './helpers';

function thrown(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  throw new Error('expected the construction to throw');
}

describe('HipaaValidationError', () => {
  test('carries the code, the construct path and the prop, and keeps the message', () => {
    const stack = testStack();
    const error = thrown(() => new HipaaKey(stack, 'Key', { rotationPeriod: Duration.days(5000) }));
    expect(error).toBeInstanceOf(HipaaValidationError);
    const e = error as HipaaValidationError;
    expect(e.code).toBe('OUT_OF_RANGE');
    expect(e.prop).toBe('rotationPeriod');
    expect(e.constructPath).toBe(`${stack.node.path}/Key`);
    expect(e.message).toBe(`${stack.node.path}/Key: rotationPeriod is 5000 days; KMS accepts a whole number of days from 90 to 2560. Use e.g. Duration.days(365).`);
    expect(e.name).toBe('HipaaValidationError');
    expect(HipaaValidationError.isHipaaValidationError(e)).toBe(true);
    expect(HipaaValidationError.isHipaaValidationError(new Error('x'))).toBe(false);
  });

  test('a weakened safeguard is reported as WEAKENS_SAFEGUARD', () => {
    const stack = testStack();
    const error = thrown(() => new HipaaLogGroup(stack, 'Audit', { retention: logs.RetentionDays.ONE_DAY })) as HipaaValidationError;
    expect(HipaaValidationError.isHipaaValidationError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'WEAKENS_SAFEGUARD', prop: 'retention' });
  });

  test('a range error names the prop', () => {
    const stack = testStack();
    const error = thrown(() => new HipaaVpc(stack, 'Net', { maxAzs: 1 })) as HipaaValidationError;
    expect(error).toMatchObject({ code: 'OUT_OF_RANGE', prop: 'maxAzs' });
  });

  // Construction errors must stay typed: a plain Error in a construct would give callers
  // nothing to match on. Lambda handlers (run in AWS, not at synth) are exempt.
  test('no construct or stack throws a plain Error', () => {
    const roots = ['constructs', 'lib/stacks', 'lib/alarms'].map((d) => path.join(__dirname, '..', d));
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts') && !entry.name.endsWith('-handler.ts')) {
          const source = fs.readFileSync(full, 'utf8');
          if (/throw new Error\(/.test(source)) offenders.push(path.relative(path.join(__dirname, '..'), full));
        }
      }
    };
    roots.forEach(walk);
    expect(offenders).toEqual([]);
  });
});
