import * as path from 'path';
import { HipaaValidationError } from '../../../lib';
import { HardenedFunction } from '../../../constructs/internal/hardened-function';
import { testStack } from '../../helpers';

describe('HardenedFunction input', () => {
  test('a function outside a VPC needs the reason', () => {
    const stack = testStack();
    expect(() => new HardenedFunction(stack, 'Fn', {
      entry: path.join(__dirname, 'missing'), description: 'test', invocationReason: 'test only',
    })).toThrow(expect.objectContaining({ code: 'REQUIRED', prop: 'outsideVpcReason' }));
  });

  test('a missing handler file is a typed error naming the entry', () => {
    const build = () => new HardenedFunction(testStack(), 'Fn', {
      entry: path.join(__dirname, 'missing'), description: 'test', invocationReason: 'test only', outsideVpcReason: 'test only',
    });
    expect(build).toThrow(HipaaValidationError);
    expect(build).toThrow(expect.objectContaining({ code: 'INVALID_VALUE', prop: 'entry' }));
    expect(build).toThrow(/entry is .*missing; no handler at .*missing\.ts or .*missing\.js/);
  });
});
