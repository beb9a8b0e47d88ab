import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { HipaaGapChecks } from '../../lib';
import * as rules from '../../lib/compliance/rules';

/**
 * HipaaGapChecks gives the app rules each stack's region as the cloud assembly records it, so a single-region
 * trail of one region is not credited for a PHI store of another (PhiStoreDataEvents).
 */
describe('HipaaGapChecks: stack regions from the cloud assembly', () => {
  function judge(isMultiRegionTrail: boolean): string[] {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-hipaa-regions-')) });
    const trailStack = new Stack(app, 'TrailStack', { env: { region: 'eu-west-1' } });
    new cloudtrail.CfnTrail(trailStack, 'Trail', {
      isLogging: true, isMultiRegionTrail, s3BucketName: 'audit-bucket',
      advancedEventSelectors: [
        { fieldSelectors: [{ field: 'eventCategory', equalTo: ['Data'] }, { field: 'resources.type', equalTo: ['AWS::S3::Object'] }] },
      ],
    });
    const storeStack = new Stack(app, 'StoreStack', { env: { region: 'us-west-2' } });
    new s3.CfnBucket(storeStack, 'Phi', { tags: [{ key: 'DataClassification', value: 'PHI' }] });
    const assembly = app.synth();
    const report = new HipaaGapChecks({ rules: [], appRules: [rules.PhiStoreDataEvents] })
      .validate({ templatePaths: assembly.stacks.map((s) => s.templateFullPath) } as any);
    return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName}:${r.resourceLogicalId}`));
  }

  test('a single-region trail in eu-west-1 does not record a PHI bucket in us-west-2', () =>
    expect(judge(false)).toEqual(['HipaaGap-PhiStoreDataEvents:Phi']));
  test('a multi-region trail does', () => expect(judge(true)).toEqual([]));
});
