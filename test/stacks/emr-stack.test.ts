import { Fn } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { EmrStack } from '../../lib';
import { maskedTemplate, testApp } from '../helpers';

describe('EmrStack', () => {
  const stack = new EmrStack(testApp(), 'Emr', {
    dataSources: [{ bucketArn: Fn.importValue('ThreeTier-PhiBucketArn'), keyArn: Fn.importValue('ThreeTier-DataKeyArn') }],
  });
  const template = Template.fromStack(stack);

  test('the cluster runs in its own dedicated-tenancy VPC with a separate address range', () => {
    template.hasResourceProperties('AWS::EC2::VPC', { InstanceTenancy: 'dedicated', CidrBlock: '10.1.0.0/16' });
    template.resourceCountIs('AWS::EMR::Cluster', 1);
  });

  test('the nodes read the imported PHI bucket and decrypt with its key only through S3, nothing more', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [{ 'Fn::ImportValue': 'ThreeTier-PhiBucketArn' }, '/*']] } }),
        Match.objectLike({ Action: 'kms:Decrypt', Resource: { 'Fn::ImportValue': 'ThreeTier-DataKeyArn' },
          Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } } }),
      ]) },
    });
  });

  test('no Lambda function is placed in the dedicated VPC', () => {
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) expect(fn.Properties.VpcConfig).toBeUndefined();
  });

  test('matches the masked snapshot', () => {
    expect(maskedTemplate(stack)).toMatchSnapshot();
  });
});
