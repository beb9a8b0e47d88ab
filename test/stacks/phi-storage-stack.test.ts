import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { PhiStorageStack } from '../../lib';
import { maskedTemplate, testApp } from '../helpers';

describe('PhiStorageStack', () => {
  const stack = new PhiStorageStack(testApp(), 'PhiStorage');
  const template = Template.fromStack(stack);

  test('one key (the shared PHI key), a PHI bucket encrypted with it and its access-log bucket', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('AWS::S3::Bucket', 2);
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/cdk-hipaa/phi' });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
    });
  });

  test('no warnings or errors annotated', () => {
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });

  test('snapshot (asset hashes masked)', () => {
    expect(maskedTemplate(stack)).toMatchSnapshot();
  });
});
