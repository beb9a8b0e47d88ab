import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as rules from '../../lib/compliance/rules';
import { declareDisasterRecoveryRegion } from '../../lib/compliance/disaster-recovery';

describe('declareDisasterRecoveryRegion', () => {
  const app = new App();
  const agnostic = new Stack(app, 'Primary');
  const pinned = new Stack(app, 'Recovery', { env: { region: 'us-west-2' } });
  const elsewhere = new Stack(app, 'Elsewhere', { env: { region: 'eu-west-1' } });
  declareDisasterRecoveryRegion(app, 'us-west-2');
  const metadataOf = (s: Stack) => Template.fromStack(s).toJSON().Metadata?.[rules.DR_METADATA_KEY];

  test('stacks of the DR region are the recovery side, every other stack (environment-agnostic ones included) the primary side', () => {
    expect(metadataOf(agnostic)).toEqual({ Region: 'us-west-2', Role: 'primary' });
    expect(metadataOf(pinned)).toEqual({ Region: 'us-west-2', Role: 'recovery' });
    expect(metadataOf(elsewhere)).toEqual({ Region: 'us-west-2', Role: 'primary' });
  });

  test('a region that is not one is an error', () => {
    expect(() => declareDisasterRecoveryRegion(new App(), 'westus')).toThrow(/drRegion is 'westus'/);
  });
});
