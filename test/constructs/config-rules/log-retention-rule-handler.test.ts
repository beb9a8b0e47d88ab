import { createLogRetentionRule, LogGroupFacts, LogRetentionRuleDeps } from '../../../constructs/config-rules/log-retention-rule-handler';
import { Evaluation } from '../../../constructs/config-rules/rule-runtime';

const AT = '2026-11-23T10:00:00.000Z';
const scheduled = (ruleParameters?: object) => ({
  invokingEvent: JSON.stringify({ messageType: 'ScheduledNotification', notificationCreationTime: AT }), resultToken: 'token-1',
  ...(ruleParameters ? { ruleParameters: JSON.stringify(ruleParameters) } : {}),
});

function fakeDeps(pages: LogGroupFacts[][]) {
  const sent: Array<{ evaluations: Evaluation[]; token: string }> = [];
  const tokens: Array<string | undefined> = [];
  const deps: LogRetentionRuleDeps = {
    async describeLogGroups(token) {
      tokens.push(token);
      const index = token ? Number(token.slice(1)) : 0;
      return { logGroups: pages[index] ?? [], nextToken: index + 1 < pages.length ? `p${index + 1}` : undefined };
    },
    async putEvaluations(evaluations, token) { sent.push({ evaluations, token }); },
    async sleep() { /* no waiting in tests */ },
  };
  return { sent, tokens, rule: createLogRetentionRule(deps) };
}

const verdicts = (sent: Array<{ evaluations: Evaluation[] }>) =>
  Object.fromEntries(sent.flatMap((s) => s.evaluations).map((e) => [e.ComplianceResourceId, e.ComplianceType]));

describe('six-year log retention rule (evaluations sent to Config)', () => {
  test('every log group of every page: six years or never-expire pass, shorter fails with the numbers', async () => {
    const { rule, sent, tokens } = fakeDeps([
      [{ logGroupName: '/hipaa/app', retentionInDays: 2192 }, { logGroupName: '/aws/lambda/fn' }],
      [{ logGroupName: '/team/debug', retentionInDays: 30 }, { logGroupName: '/hipaa/ten-years', retentionInDays: 3653 }],
    ]);
    await rule(scheduled());
    expect(tokens).toEqual([undefined, 'p1']);
    expect(verdicts(sent)).toEqual({ '/hipaa/app': 'COMPLIANT', '/aws/lambda/fn': 'COMPLIANT', '/team/debug': 'NON_COMPLIANT', '/hipaa/ten-years': 'COMPLIANT' });
    expect(sent[0].evaluations).toContainEqual({
      ComplianceResourceType: 'AWS::Logs::LogGroup', ComplianceResourceId: '/team/debug', ComplianceType: 'NON_COMPLIANT',
      Annotation: 'Retains events 30 days, less than 2192 (six years); set a longer retention or none.', OrderingTimestamp: new Date(AT),
    });
  });

  test('the one-day-short case fails (2191 < 2192)', async () => {
    const { rule, sent } = fakeDeps([[{ logGroupName: '/almost', retentionInDays: 2191 }]]);
    await rule(scheduled());
    expect(verdicts(sent)).toEqual({ '/almost': 'NON_COMPLIANT' });
  });

  test('the minimumRetentionDays rule parameter raises the bar; a malformed one falls back to six years', async () => {
    const raised = fakeDeps([[{ logGroupName: '/hipaa/app', retentionInDays: 2192 }]]);
    await raised.rule(scheduled({ minimumRetentionDays: '3653' }));
    expect(verdicts(raised.sent)).toEqual({ '/hipaa/app': 'NON_COMPLIANT' });
    const malformed = fakeDeps([[{ logGroupName: '/short', retentionInDays: 365 }]]);
    await malformed.rule(scheduled({ minimumRetentionDays: 'six years' }));
    expect(malformed.sent[0].evaluations[0].Annotation).toMatch(/less than 2192/);
  });

  test('change notifications are ignored (periodic rule)', async () => {
    const { rule, tokens } = fakeDeps([[{ logGroupName: '/x', retentionInDays: 1 }]]);
    expect(await rule({ invokingEvent: JSON.stringify({ messageType: 'ConfigurationItemChangeNotification' }), resultToken: 't' })).toEqual([]);
    expect(tokens).toEqual([]);
  });
});
