import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { HipaaBucket, HipaaKey, suppress } from '../lib';
import { assetHashSerializer, expectNoFindings, findings, GateFindingsError, maskAssetHashes } from '../lib/testing';
import { testApp } from './helpers';

describe('cdk-hipaa/testing', () => {
  // One app, synthesized once: a clean stack, a weak stack, and an acknowledgement.
  const app = testApp();
  const clean = new Stack(app, 'Clean');
  new HipaaBucket(clean, 'Phi', { encryptionKey: new HipaaKey(clean, 'Key').key });
  const weak = new Stack(app, 'Weak');
  const plain = new s3.Bucket(weak, 'Plain');
  suppress(plain, 'AwsSolutions-S1', 'Test fixture: server access logging is judged elsewhere in this suite.');
  const all = findings(app);

  test('registers the gate when the app has none and reports findings with pack, rule, path and message', () => {
    const onPlain = all.findings.filter((f) => f.constructPaths.some((p) => p.startsWith('Weak/Plain')));
    expect(onPlain.length).toBeGreaterThan(0);
    const packs = new Set(all.findings.map((f) => f.pack));
    expect(packs).toEqual(expect.objectContaining(new Set(['HIPAA.Security', 'HipaaGapChecks'])));
    for (const f of onPlain) {
      expect(f.rule).not.toBe('');
      expect(f.message).not.toBe('');
    }
  });

  test('returns acknowledgements with their reasons', () => {
    expect(all.acknowledgements).toContainEqual(expect.objectContaining({
      rule: 'AwsSolutions-S1',
      reason: 'Test fixture: server access logging is judged elsewhere in this suite.',
      pack: 'AwsSolutions',
      constructPath: 'Weak/Plain',
    }));
  });

  test('a stack gets only its own findings', () => {
    expect(findings(clean).findings).toEqual([]);
    expect(findings(weak).findings.length).toBe(all.findings.length);
    expect(() => expectNoFindings(clean)).not.toThrow();
  });

  test('expectNoFindings lists every finding readably', () => {
    let error: unknown;
    try {
      expectNoFindings(weak);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GateFindingsError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Weak: \d+ unacknowledged finding\(s\) from the cdk-hipaa gate:/);
    expect(message).toContain('[HipaaGapChecks] HipaaGap-');
    expect(message).toContain('at Weak/Plain/Resource');
    expect(message).toContain('suppress(construct, ruleId, reason)');
    expect((error as GateFindingsError).findings.length).toBe(all.findings.length);
  });

  test('the library\'s own acknowledgements are listed with the pack of their rule', () => {
    const own = findings(clean).acknowledgements;
    expect(own.length).toBeGreaterThan(0);
    expect(own).toContainEqual(expect.objectContaining({ pack: 'HIPAA.Security', rule: 'HIPAA.Security-S3BucketReplicationEnabled' }));
    for (const a of own) expect(a.constructPath.startsWith('Clean/')).toBe(true);
  });
});

describe('asset hash masking', () => {
  const hash = 'a'.repeat(64);
  test('masks hashes, zip names and bundle folders', () => {
    expect(maskAssetHashes({ Code: { S3Key: `${hash}.zip` }, Path: `cdk.out/asset.${'b'.repeat(10)}`, Other: 'keep' }))
      .toEqual({ Code: { S3Key: '<asset-hash>.zip' }, Path: 'cdk.out/asset.<hash>', Other: 'keep' });
  });
  test('the snapshot serializer masks strings that hold a hash and leaves others alone', () => {
    expect(assetHashSerializer.test(`${hash}.json`)).toBe(true);
    expect(assetHashSerializer.test('plain')).toBe(false);
    expect(assetHashSerializer.serialize(`s3://bucket/${hash}.zip`)).toBe('"s3://bucket/<asset-hash>.zip"');
  });
});

describe('cdk-hipaa/testing packaging', () => {
  test('has no test-framework import, so it works in any runner', () => {
    const fs = require('fs') as typeof import('fs');
    const path = require('path') as typeof import('path');
    const dir = path.join(__dirname, '..', 'lib', 'testing');
    for (const file of fs.readdirSync(dir)) {
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      expect(source).not.toMatch(/from '(@jest\/[^']+|jest|vitest|@types\/jest)'/);
    }
  });

  test('is a subpath export of the package', () => {
    const pkg = require('../package.json');
    expect(pkg.exports['./testing']).toEqual({ types: './build/lib/testing/index.d.ts', default: './build/lib/testing/index.js' });
  });
});
