import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { OrganizationSecurityStack } from '../../../lib/stacks/organization';
import { findings } from '../../../lib/testing';
import { CDK_JSON_CONTEXT } from '../../helpers';

describe('OrganizationSecurityStack adopting what the delegated administrator already runs', () => {
  const app = new App({ builtinCloudFormationValidation: false, context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
  const detectorId = '0123456789abcdef0123456789abcdef';
  const stack = new OrganizationSecurityStack(app, 'Security', { existingGuardDutyDetectorId: detectorId, existingSecurityHub: true, alertEmails: ['security@example.com'] });
  const gate = findings(app);
  const template = Template.fromStack(stack);

  test('passes every pack with zero unacknowledged findings', () => {
    expect(gate.findings).toEqual([]);
  });

  test('no second detector: organization auto-enable runs on the existing one', () => {
    template.resourceCountIs('AWS::GuardDuty::Detector', 0);
    template.hasResourceProperties('Custom::HipaaOrganizationAdmin', { Operation: 'GuardDutyAutoEnable', DetectorId: detectorId });
    expect(stack.detector).toBeUndefined();
  });

  test('no second hub: members are still auto-enabled with the default standards', () => {
    template.resourceCountIs('AWS::SecurityHub::Hub', 0);
    template.hasResource('AWS::SecurityHub::OrganizationConfiguration', {
      Properties: { AutoEnable: true, AutoEnableStandards: 'DEFAULT' }, DependsOn: Match.absent(),
    });
  });

  test('each adoption is said at synth (info), so the reviewer sees what the stack does not manage', () => {
    const infos = Annotations.fromStack(stack).findInfo('*', Match.anyValue()).map((m) => String(m.entry.data));
    expect(infos).toEqual(expect.arrayContaining([expect.stringContaining(`adopting the existing detector ${detectorId}`), expect.stringContaining('adopting the hub')]));
  });

  test('by default both are created, the organization configuration after the hub', () => {
    const fresh = Template.fromStack(new OrganizationSecurityStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Fresh', { alertEmails: ['security@example.com'] }));
    fresh.resourceCountIs('AWS::GuardDuty::Detector', 1);
    fresh.resourceCountIs('AWS::SecurityHub::Hub', 1);
    const hubId = Object.keys(fresh.findResources('AWS::SecurityHub::Hub'))[0];
    expect((Object.values(fresh.findResources('AWS::SecurityHub::OrganizationConfiguration'))[0] as any).DependsOn).toEqual([hubId]);
    fresh.hasResourceProperties('Custom::HipaaOrganizationAdmin', { DetectorId: { Ref: Object.keys(fresh.findResources('AWS::GuardDuty::Detector'))[0] } });
  });

  test.each(['detector-1', 'ABCDEF0123456789ABCDEF0123456789'])('refuses the detector id %j', (bad) => {
    expect(() => new OrganizationSecurityStack(new App(), 'Bad', { existingGuardDutyDetectorId: bad }))
      .toThrow(new RegExp(`existingGuardDutyDetectorId is '${bad}'; pass the 32-character id that \`aws guardduty list-detectors\` prints`));
  });
});
