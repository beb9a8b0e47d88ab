import { createPhiTenancyRule, PhiTenancyRuleDeps } from '../../../constructs/config-rules/phi-tenancy-rule-handler';
import { ConfigurationItem, Evaluation } from '../../../constructs/config-rules/rule-runtime';

const CAPTURED = '2026-11-23T10:00:00.000Z';

function fakeDeps(history?: ConfigurationItem) {
  const sent: Array<{ evaluations: Evaluation[]; token: string }> = [];
  const deps: PhiTenancyRuleDeps = {
    async getLatestConfigurationItem() { return history; },
    async putEvaluations(evaluations, token) { sent.push({ evaluations, token }); },
    async sleep() { /* no waiting in tests */ },
  };
  return { sent, rule: createPhiTenancyRule(deps) };
}

const instance = (over: Partial<ConfigurationItem> = {}, tenancy = 'dedicated'): ConfigurationItem => ({
  resourceType: 'AWS::EC2::Instance', resourceId: 'i-0abc', configurationItemCaptureTime: CAPTURED, configurationItemStatus: 'OK',
  tags: { DataClassification: 'PHI' }, configuration: { placement: { tenancy, availabilityZone: 'az-a' }, state: { name: 'running' } }, ...over,
});
const change = (ci: ConfigurationItem, extra: object = {}) => ({
  invokingEvent: JSON.stringify({ messageType: 'ConfigurationItemChangeNotification', configurationItem: ci }), resultToken: 'token-1', ...extra,
});

describe('PHI instance dedicated-tenancy rule (evaluations sent to Config)', () => {
  test.each(['dedicated', 'host'])('compliant: PHI instance with tenancy %s', async (tenancy) => {
    const { rule, sent } = fakeDeps();
    await rule(change(instance({}, tenancy)));
    expect(sent).toEqual([{ token: 'token-1', evaluations: [{
      ComplianceResourceType: 'AWS::EC2::Instance', ComplianceResourceId: 'i-0abc', ComplianceType: 'COMPLIANT', Annotation: undefined, OrderingTimestamp: new Date(CAPTURED),
    }] }]);
  });

  test('non-compliant: PHI instance on shared hardware, with the fix in the annotation', async () => {
    const { rule, sent } = fakeDeps();
    await rule(change(instance({}, 'default')));
    expect(sent[0].evaluations).toEqual([expect.objectContaining({
      ComplianceResourceId: 'i-0abc', ComplianceType: 'NON_COMPLIANT', Annotation: expect.stringMatching(/tagged DataClassification=PHI runs with tenancy default; launch it with Placement.Tenancy dedicated or host/),
    })]);
    expect(sent[0].evaluations[0].Annotation!.length).toBeLessThanOrEqual(256);
  });

  test('non-compliant when the item reports no tenancy at all (JSON-string configuration)', async () => {
    const { rule, sent } = fakeDeps();
    await rule(change(instance({ configuration: JSON.stringify({ state: { name: 'running' } }) })));
    expect(sent[0].evaluations[0]).toMatchObject({ ComplianceType: 'NON_COMPLIANT', Annotation: expect.stringMatching(/tenancy unknown/) });
  });

  test.each<[string, ReturnType<typeof change>]>([
    ['not tagged PHI', change(instance({ tags: { DataClassification: 'Public' } }, 'default'))],
    ['untagged', change(instance({ tags: undefined }, 'default'))],
    ['deleted', change(instance({ configurationItemStatus: 'ResourceDeleted' }, 'default'))],
    ['terminated', change(instance({ configuration: { placement: { tenancy: 'default' }, state: { name: 'terminated' } } }))],
    ['left the scope', change(instance({}, 'default'), { eventLeftScope: true })],
  ])('not applicable: %s', async (_name, event) => {
    const { rule, sent } = fakeDeps();
    await rule(event);
    expect(sent[0].evaluations.map((e) => e.ComplianceType)).toEqual(['NOT_APPLICABLE']);
  });

  test('an oversized item is read from the configuration history', async () => {
    const { rule, sent } = fakeDeps(instance({ resourceId: 'i-big' }, 'default'));
    await rule({
      invokingEvent: JSON.stringify({ messageType: 'OversizedConfigurationItemChangeNotification', configurationItemSummary: { resourceType: 'AWS::EC2::Instance', resourceId: 'i-big', configurationItemCaptureTime: CAPTURED } }),
      resultToken: 'token-2',
    });
    expect(sent[0]).toMatchObject({ token: 'token-2', evaluations: [{ ComplianceResourceId: 'i-big', ComplianceType: 'NON_COMPLIANT' }] });
  });

  test('scheduled notifications send nothing (the rule is change-triggered)', async () => {
    const { rule, sent } = fakeDeps();
    expect(await rule({ invokingEvent: JSON.stringify({ messageType: 'ScheduledNotification' }), resultToken: 't' })).toEqual([]);
    expect(sent).toEqual([]);
  });
});
