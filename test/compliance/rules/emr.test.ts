import * as rules from '../../../lib/compliance/rules';
import { subject } from './subject';

const { RuleVerdict } = rules;

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

describe('EmrInteractiveApplications', () => {
  const evaluate = (applications: unknown) => rules.EmrInteractiveApplications.evaluate(subject({ Type: 'AWS::EMR::Cluster', Properties: { Applications: applications } }));
  test('compliant: batch applications only (any case), or none', () => {
    expect(evaluate([{ Name: 'Hadoop' }, { Name: 'spark' }])).toBe(RuleVerdict.COMPLIANT);
    expect(evaluate(undefined)).toBe(RuleVerdict.COMPLIANT);
  });
  test.each<[string, unknown]>([
    ['JupyterHub', [{ Name: 'Spark' }, { Name: 'JupyterHub' }]],
    ['Hue', [{ Name: 'Hue' }]],
    ['Livy', [{ Name: 'livy' }]],
    ['an application off the allow-list', [{ Name: 'Ganglia' }]],
    ['a name that is not a literal', [{ Name: { Ref: 'AppName' } }]],
  ])('non-compliant: %s', (_name, applications) => expect(evaluate(applications)).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('EmrKerberosPasswordReference', () => {
  const evaluate = (kerberos: unknown) => rules.EmrKerberosPasswordReference.evaluate(subject({ Type: 'AWS::EMR::Cluster', Properties: { KerberosAttributes: kerberos } }));
  const secret = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Secret' }, ':SecretString:::}}']] };
  test('compliant: Secrets Manager or SSM SecureString dynamic references', () => {
    expect(evaluate({ Realm: 'EC2.INTERNAL', KdcAdminPassword: secret })).toBe(RuleVerdict.COMPLIANT);
    expect(evaluate({ Realm: 'EC2.INTERNAL', KdcAdminPassword: '{{resolve:secretsmanager:emr/kdc:SecretString:::}}' })).toBe(RuleVerdict.COMPLIANT);
    expect(evaluate({ Realm: 'R', KdcAdminPassword: '{{resolve:ssm-secure:/emr/kdc:1}}', CrossRealmTrustPrincipalPassword: secret })).toBe(RuleVerdict.COMPLIANT);
  });
  test.each<[string, unknown]>([
    ['a literal password', { Realm: 'EC2.INTERNAL', KdcAdminPassword: 'hunter2hunter2' }],
    ['a parameter', { Realm: 'EC2.INTERNAL', KdcAdminPassword: { Ref: 'KdcPassword' } }],
    ['a plain SSM parameter (not SecureString)', { Realm: 'EC2.INTERNAL', KdcAdminPassword: '{{resolve:ssm:/emr/kdc}}' }],
    ['a literal cross-realm password beside a good KDC password', { Realm: 'R', KdcAdminPassword: secret, CrossRealmTrustPrincipalPassword: 'x' }],
    ['a reference with literal text appended', { Realm: 'R', KdcAdminPassword: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'S' }, ':SecretString:::}}', 'suffix']] } }],
  ])('non-compliant: %s', (_name, kerberos) => expect(evaluate(kerberos)).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: no Kerberos', () => expect(rules.EmrKerberosPasswordReference.evaluate(subject({ Type: 'AWS::EMR::Cluster', Properties: {} }))).toBe(RuleVerdict.NOT_APPLICABLE));
});
