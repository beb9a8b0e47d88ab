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

  test('the reference cluster runs with a cluster-dedicated KDC whose password comes from Secrets Manager by dynamic reference', () => {
    const cluster = Object.values(template.findResources('AWS::EMR::Cluster'))[0].Properties;
    const secretId = Object.keys(template.findResources('AWS::SecretsManager::Secret'))[0];
    expect(cluster.KerberosAttributes).toEqual({ Realm: 'EC2.INTERNAL', KdcAdminPassword: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] } });
    const config = Object.values(template.findResources('AWS::EMR::SecurityConfiguration'))[0].Properties.SecurityConfiguration;
    expect(config.AuthenticationConfiguration.KerberosConfiguration.Provider).toBe('ClusterDedicatedKdc');
    // Encrypted with the cluster's customer-managed key.
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(stack.cluster.key.node.defaultChild as any), 'Arn'] }, GenerateSecretString: Match.objectLike({ PasswordLength: 32 }),
    });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"KdcAdminPassword":"[^{]/);
  });

  test('with Kerberos on, the cluster carries no "no interactive access" acknowledgement (EMRKerberosEnabled, EMR6)', () => {
    const acknowledged = stack.cluster.cluster.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').flatMap((m) => Object.keys(m.data as object));
    expect(acknowledged.join(' ')).not.toMatch(/EMRKerberosEnabled|EMR6/);
    expect(acknowledged.join(' ')).toMatch(/AwsSolutions-EMR4/); // still there, with the cdk-nag reason (construct test)
  });

  test('cannot be deployed without someone told before the certificates expire: an AlarmEmail parameter without default', () => {
    const parameter = template.toJSON().Parameters.AlarmEmail;
    expect(parameter).toMatchObject({ Type: 'String' });
    expect(parameter.Default).toBeUndefined();
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: { Ref: 'AlarmEmail' } });
    template.resourceCountIs('AWS::Scheduler::Schedule', 2); // the notice and the final reminder
  });

  test('an existing alarm topic (the app\'s -c alarmTopicArn) receives the notice: no topic, no AlarmEmail parameter, its key used through SNS', () => {
    const withTopic = new EmrStack(testApp(), 'EmrWithTopic', { alarmTopicArn: Fn.importValue('OnCall-TopicArn'), alarmTopicKeyArn: Fn.importValue('OnCall-KeyArn') });
    const t = Template.fromStack(withTopic);
    t.resourceCountIs('AWS::SNS::Topic', 0);
    expect(t.toJSON().Parameters?.AlarmEmail).toBeUndefined();
    t.hasResourceProperties('AWS::Scheduler::Schedule', { Target: Match.objectLike({ Arn: { 'Fn::ImportValue': 'OnCall-TopicArn' } }) });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', { PolicyDocument: { Statement: [
      Match.objectLike({ Sid: 'PublishExpiryNotice', Resource: { 'Fn::ImportValue': 'OnCall-TopicArn' } }),
      Match.objectLike({ Sid: 'EncryptForTopic', Resource: { 'Fn::ImportValue': 'OnCall-KeyArn' } }),
      Match.objectLike({ Sid: 'SendToDeadLetterQueue', Action: 'sqs:SendMessage' }),
      Match.objectLike({ Sid: 'EncryptDeadLetters' }),
    ] } });
    expect(() => new EmrStack(testApp(), 'Both', { alarmTopicArn: Fn.importValue('OnCall-TopicArn'), alarmEmails: ['oncall@clinic.example'] }))
      .toThrow(/alarmEmails is \["oncall@clinic.example"\] while alarmTopicArn is given/);
    expect(() => new EmrStack(testApp(), 'KeyOnly', { alarmTopicKeyArn: Fn.importValue('OnCall-KeyArn') })).toThrow(/alarmTopicKeyArn is .* without alarmTopic or alarmTopicArn/);
  });

  test('no Lambda function is placed in the dedicated VPC', () => {
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) expect(fn.Properties.VpcConfig).toBeUndefined();
  });

  test('matches the masked snapshot', () => {
    expect(maskedTemplate(stack)).toMatchSnapshot();
  });
});
