import * as rules from '../../lib/compliance/rules';

const { RuleVerdict } = rules;
const subject = (resource: rules.CfnTemplateResource): rules.RuleSubject => ({ logicalId: 'S', resource, template: { Resources: { S: resource } } });

describe('CloudTrailCoverage', () => {
  const trail = (props: object) => subject({ Type: 'AWS::CloudTrail::Trail', Properties: { IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, IsLogging: true, EnableLogFileValidation: true, ...props } });
  test('compliant: every region, global events, logging, validated', () => expect(rules.CloudTrailCoverage.evaluate(trail({}))).toBe(RuleVerdict.COMPLIANT));
  test.each(['IsMultiRegionTrail', 'IncludeGlobalServiceEvents', 'IsLogging', 'EnableLogFileValidation'])('non-compliant: %s false', (key) =>
    expect(rules.CloudTrailCoverage.evaluate(trail({ [key]: false }))).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('BackupVaultProtection', () => {
  const deny = { Effect: 'Deny', Principal: { AWS: '*' }, Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'], Resource: '*' };
  const vault = (props: object) => subject({ Type: 'AWS::Backup::BackupVault', Properties: { EncryptionKeyArn: { 'Fn::GetAtt': ['K', 'Arn'] }, AccessPolicy: { Statement: [deny] }, ...props } });
  test('compliant: CMK and a deny-delete policy for everyone', () => expect(rules.BackupVaultProtection.evaluate(vault({}))).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: no access policy', () => expect(rules.BackupVaultProtection.evaluate(vault({ AccessPolicy: undefined }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: no customer-managed key', () => expect(rules.BackupVaultProtection.evaluate(vault({ EncryptionKeyArn: undefined }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the deny is conditional', () =>
    expect(rules.BackupVaultProtection.evaluate(vault({ AccessPolicy: { Statement: [{ ...deny, Condition: { StringEquals: { 'aws:PrincipalTag/x': 'y' } } }] } }))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: it denies only one principal', () =>
    expect(rules.BackupVaultProtection.evaluate(vault({ AccessPolicy: { Statement: [{ ...deny, Principal: { AWS: 'arn:aws:iam::account:role/x' } }] } }))).toBe(RuleVerdict.NON_COMPLIANT));
});
