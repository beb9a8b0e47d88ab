import * as rules from '../../lib/compliance/rules';

const { RuleVerdict } = rules;

function subject(resource: rules.CfnTemplateResource, extra: Record<string, rules.CfnTemplateResource> = {}): rules.RuleSubject {
  return { logicalId: 'Subject', resource, template: { Resources: { Subject: resource, ...extra } } };
}
const lt = (data: object) => ({ Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: data } });
const asg = (props: object) => ({ Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: props });
const vpc = (tenancy?: string) => ({ Type: 'AWS::EC2::VPC', Properties: tenancy ? { InstanceTenancy: tenancy } : {} });
const subnet = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' } } };

describe('DedicatedTenancy', () => {
  const evaluate = (r: rules.CfnTemplateResource, extra = {}) => rules.DedicatedTenancy.evaluate(subject(r, extra));
  const withLt = (tenancy?: string) => ({ Lt: lt(tenancy ? { Placement: { Tenancy: tenancy } } : {}) });
  test.each<[string | undefined, rules.RuleVerdict]>([['dedicated', RuleVerdict.COMPLIANT], ['host', RuleVerdict.COMPLIANT], ['default', RuleVerdict.NON_COMPLIANT], [undefined, RuleVerdict.NON_COMPLIANT]])(
    'Auto Scaling group whose launch template has tenancy %s', (tenancy, verdict) =>
      expect(evaluate(asg({ LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' } } }), withLt(tenancy))).toBe(verdict));
  test('Auto Scaling group through a mixed instances policy', () =>
    expect(evaluate(asg({ MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateId: { Ref: 'Lt' } } } } }), withLt('dedicated'))).toBe(RuleVerdict.COMPLIANT));
  test('Auto Scaling group with a dedicated launch configuration', () =>
    expect(evaluate(asg({ LaunchConfigurationName: { Ref: 'Lc' } }), { Lc: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { PlacementTenancy: 'dedicated' } } })).toBe(RuleVerdict.COMPLIANT));
  test('Auto Scaling group with a launch template of another stack cannot be verified', () =>
    expect(evaluate(asg({ LaunchTemplate: { LaunchTemplateId: 'lt-external' } }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('instance with dedicated tenancy', () => expect(evaluate({ Type: 'AWS::EC2::Instance', Properties: { Tenancy: 'dedicated' } })).toBe(RuleVerdict.COMPLIANT));
  test('instance in a dedicated VPC', () => expect(evaluate({ Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Sn' } } }, { Sn: subnet, Vpc: vpc('dedicated') })).toBe(RuleVerdict.COMPLIANT));
  test('instance in a default-tenancy VPC', () => expect(evaluate({ Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Sn' } } }, { Sn: subnet, Vpc: vpc() })).toBe(RuleVerdict.NON_COMPLIANT));
  const emr = { Type: 'AWS::EMR::Cluster', Properties: { Instances: { Ec2SubnetId: { Ref: 'Sn' } } } };
  test('EMR cluster in a dedicated VPC', () => expect(evaluate(emr, { Sn: subnet, Vpc: vpc('dedicated') })).toBe(RuleVerdict.COMPLIANT));
  test('EMR cluster in a default VPC', () => expect(evaluate(emr, { Sn: subnet, Vpc: vpc('default') })).toBe(RuleVerdict.NON_COMPLIANT));
  test('EMR cluster in a subnet of another stack', () => expect(evaluate({ Type: 'AWS::EMR::Cluster', Properties: { Instances: { Ec2SubnetId: 'subnet-external' } } })).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('Imdsv2Required', () => {
  const evaluate = (r: rules.CfnTemplateResource, extra = {}) => rules.Imdsv2Required.evaluate(subject(r, extra));
  test('launch template requiring tokens', () => expect(evaluate(lt({ MetadataOptions: { HttpTokens: 'required' } }))).toBe(RuleVerdict.COMPLIANT));
  test('launch template with optional tokens', () => expect(evaluate(lt({ MetadataOptions: { HttpTokens: 'optional' } }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('launch template without metadata options (IMDSv1 allowed)', () => expect(evaluate(lt({}))).toBe(RuleVerdict.NON_COMPLIANT));
  test('metadata endpoint disabled altogether', () => expect(evaluate(lt({ MetadataOptions: { HttpEndpoint: 'disabled' } }))).toBe(RuleVerdict.COMPLIANT));
  test('launch configuration requiring tokens', () => expect(evaluate({ Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { MetadataOptions: { HttpTokens: 'required' } } })).toBe(RuleVerdict.COMPLIANT));
  test('instance through a launch template requiring tokens', () =>
    expect(evaluate({ Type: 'AWS::EC2::Instance', Properties: { LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' } } } }, { Lt: lt({ MetadataOptions: { HttpTokens: 'required' } }) })).toBe(RuleVerdict.COMPLIANT));
  test('instance without a launch template', () => expect(evaluate({ Type: 'AWS::EC2::Instance', Properties: {} })).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('EmrSecurityConfiguration', () => {
  const good = {
    EncryptionConfiguration: {
      EnableAtRestEncryption: true, EnableInTransitEncryption: true,
      AtRestEncryptionConfiguration: { S3EncryptionConfiguration: { EncryptionMode: 'SSE-KMS' }, LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: 'AwsKms' } },
      InTransitEncryptionConfiguration: { TLSCertificateConfiguration: { CertificateProviderType: 'PEM' } },
    },
  };
  const cluster = { Type: 'AWS::EMR::Cluster', Properties: { SecurityConfiguration: { Ref: 'Sc' } } };
  const evaluate = (config: unknown) => rules.EmrSecurityConfiguration.evaluate(subject(cluster, { Sc: { Type: 'AWS::EMR::SecurityConfiguration', Properties: { SecurityConfiguration: config } } }));
  const without = (mutate: (c: any) => void) => { const c = JSON.parse(JSON.stringify(good)); mutate(c); return c; };

  test('compliant: everything encrypted (object or JSON string)', () => {
    expect(evaluate(good)).toBe(RuleVerdict.COMPLIANT);
    expect(evaluate(JSON.stringify(good))).toBe(RuleVerdict.COMPLIANT);
  });
  test.each<[string, (c: any) => void]>([
    ['at rest off', (c) => { c.EncryptionConfiguration.EnableAtRestEncryption = false; }],
    ['in transit off', (c) => { c.EncryptionConfiguration.EnableInTransitEncryption = false; }],
    ['EMRFS SSE-S3', (c) => { c.EncryptionConfiguration.AtRestEncryptionConfiguration.S3EncryptionConfiguration.EncryptionMode = 'SSE-S3'; }],
    ['no local disk encryption', (c) => { delete c.EncryptionConfiguration.AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration; }],
    ['no TLS certificates', (c) => { delete c.EncryptionConfiguration.InTransitEncryptionConfiguration; }],
    ['the keys at the top level (cdk-nag\'s shape, which EMR rejects)', (c) => { Object.assign(c, c.EncryptionConfiguration); delete c.EncryptionConfiguration; }],
  ])('non-compliant: %s', (_name, mutate) => expect(evaluate(without(mutate))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: no security configuration', () => expect(rules.EmrSecurityConfiguration.evaluate(subject({ Type: 'AWS::EMR::Cluster', Properties: {} }))).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('EmrTerminationProtection', () => {
  const cluster = (instances: object): rules.RuleSubject => {
    const resource = { Type: 'AWS::EMR::Cluster', Properties: { Instances: instances } };
    return { logicalId: 'E', resource, template: { Resources: { E: resource } } };
  };
  test('compliant: termination protected', () => expect(rules.EmrTerminationProtection.evaluate(cluster({ TerminationProtected: true }))).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: not protected', () => expect(rules.EmrTerminationProtection.evaluate(cluster({ TerminationProtected: false }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: left out (EMR\'s default is unprotected)', () => expect(rules.EmrTerminationProtection.evaluate(cluster({}))).toBe(RuleVerdict.NON_COMPLIANT));
});
