import * as rules from '../../../lib/compliance/rules';
import { subject } from './subject';

const { RuleVerdict } = rules;
const primary = { [rules.DR_METADATA_KEY]: { Region: 'us-west-2', Role: 'primary' } };
const recovery = { [rules.DR_METADATA_KEY]: { Region: 'us-west-2', Role: 'recovery' } };

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

describe('BackupCrossRegionCopy', () => {
  const drVault = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':backup:us-west-2:', { Ref: 'AWS::AccountId' }, ':backup-vault:dr']] };
  const copy = (deleteAfter?: number, vault: unknown = drVault) => ({ DestinationBackupVaultArn: vault, Lifecycle: deleteAfter === undefined ? undefined : { DeleteAfterDays: deleteAfter } });
  const plan = (...ruleList: object[]) => ({ Type: 'AWS::Backup::BackupPlan', Properties: { BackupPlan: { BackupPlanName: 'p', BackupPlanRule: ruleList } } });
  const rule = (deleteAfter: number | undefined, copies?: object[]) => ({ RuleName: 'r', TargetBackupVault: 'v', Lifecycle: deleteAfter === undefined ? undefined : { DeleteAfterDays: deleteAfter }, CopyActions: copies });
  const evaluate = (resource: rules.CfnTemplateResource, metadata?: object) =>
    rules.BackupCrossRegionCopy.evaluate({ logicalId: 'P', resource, template: { Resources: { P: resource }, Metadata: metadata } });

  test('compliant: every rule copies to the DR region for as long', () => expect(evaluate(plan(rule(35, [copy(35)]), rule(2192, [copy(2192)])), primary)).toBe(RuleVerdict.COMPLIANT));
  test('compliant: a literal vault ARN of the DR region kept longer', () => expect(evaluate(plan(rule(35, [copy(60, 'arn:aws:backup:us-west-2:111122223333:backup-vault:dr')])), primary)).toBe(RuleVerdict.COMPLIANT));
  test.each<[string, object]>([
    ['a rule without copy', plan(rule(35, [copy(35)]), rule(2192))],
    ['a copy in this region', plan(rule(35, [copy(35, { 'Fn::GetAtt': ['Vault', 'BackupVaultArn'] })]))],
    ['a copy to a third region', plan(rule(35, [copy(35, 'arn:aws:backup:eu-west-1:111122223333:backup-vault:dr')]))],
    ['a copy kept shorter than the original', plan(rule(2192, [copy(35)]))],
    ['a copy that expires while the original never does', plan(rule(undefined, [copy(35)]))],
    ['a plan without rules', plan()],
  ])('non-compliant: %s', (_name, resource) => expect(evaluate(resource as rules.CfnTemplateResource, primary)).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: the app declares no DR region', () => expect(evaluate(plan(rule(35)))).toBe(RuleVerdict.NOT_APPLICABLE));
  test('not applicable: a plan of the DR region', () => expect(evaluate(plan(rule(35)), recovery)).toBe(RuleVerdict.NOT_APPLICABLE));
});
