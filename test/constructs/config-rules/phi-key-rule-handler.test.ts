import { ConfigurationItem, createPhiKeyRule, Evaluation, keyOf, PhiKeyRuleDeps, withRetry } from '../../../constructs/config-rules/phi-key-rule-handler';

const CAPTURED = '2026-11-23T10:00:00.000Z';
const KEY = 'arn:aws:kms:region:account:key/customer-key';

interface FakeKey { keyManager: string; keyState: string; rotation: boolean }

function fakeDeps(keys: Record<string, FakeKey | Error>, options: { throttleTimes?: number; history?: ConfigurationItem } = {}) {
  const sent: Array<{ evaluations: Evaluation[]; token: string }> = [];
  const sleeps: number[] = [];
  let throttles = options.throttleTimes ?? 0;
  const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
  const lookup = (id: string) => {
    const k = keys[id];
    if (!k) throw Object.assign(new Error('not found'), { name: 'NotFoundException' });
    if (k instanceof Error) throw k;
    return k;
  };
  const deps: PhiKeyRuleDeps = {
    async describeKey(id) {
      if (throttles > 0) { throttles--; throw throttled(); }
      const k = lookup(id);
      return { keyManager: k.keyManager, keyState: k.keyState };
    },
    async getKeyRotationStatus(id) { return lookup(id).rotation; },
    async getLatestConfigurationItem() { return options.history; },
    async putEvaluations(evaluations, token) { sent.push({ evaluations, token }); },
    async sleep(ms) { sleeps.push(ms); },
  };
  return { deps, sent, sleeps, rule: createPhiKeyRule(deps) };
}

const phiTags = { DataClassification: 'PHI' };
const item = (over: Partial<ConfigurationItem>): ConfigurationItem => ({
  resourceType: 'AWS::RDS::DBInstance', resourceId: 'db-1', configurationItemCaptureTime: CAPTURED, configurationItemStatus: 'OK',
  tags: phiTags, configuration: { storageEncrypted: true, kmsKeyId: KEY }, ...over,
});
const change = (ci: ConfigurationItem, extra: object = {}) => ({
  invokingEvent: JSON.stringify({ messageType: 'ConfigurationItemChangeNotification', configurationItem: ci }), resultToken: 'token-1', ...extra,
});
const good: FakeKey = { keyManager: 'CUSTOMER', keyState: 'Enabled', rotation: true };

describe('PHI customer-managed key rule', () => {
  test('compliant: PHI database on an enabled, rotating customer-managed key; the evaluation is sent with the result token', async () => {
    const { rule, sent } = fakeDeps({ [KEY]: good });
    await rule(change(item({})));
    expect(sent).toEqual([{ token: 'token-1', evaluations: [{ ComplianceResourceType: 'AWS::RDS::DBInstance', ComplianceResourceId: 'db-1', ComplianceType: 'COMPLIANT', Annotation: undefined, OrderingTimestamp: new Date(CAPTURED) }] }]);
  });

  test.each<[string, FakeKey, RegExp]>([
    ['AWS managed key', { keyManager: 'AWS', keyState: 'Enabled', rotation: true }, /is AWS managed; PHI needs a customer-managed key/],
    ['disabled key', { keyManager: 'CUSTOMER', keyState: 'Disabled', rotation: true }, /is Disabled; it must be Enabled/],
    ['key pending deletion', { keyManager: 'CUSTOMER', keyState: 'PendingDeletion', rotation: true }, /is PendingDeletion/],
    ['rotation off', { keyManager: 'CUSTOMER', keyState: 'Enabled', rotation: false }, /does not rotate automatically/],
  ])('non-compliant: %s', async (_name, key, annotation) => {
    const { rule, sent } = fakeDeps({ [KEY]: key });
    await rule(change(item({})));
    expect(sent[0].evaluations[0]).toMatchObject({ ComplianceType: 'NON_COMPLIANT', Annotation: expect.stringMatching(annotation) });
  });

  test.each<[string, Partial<ConfigurationItem>, RegExp]>([
    ['unencrypted RDS', { configuration: { storageEncrypted: false } }, /storage is not encrypted/],
    ['S3 with SSE-S3', { resourceType: 'AWS::S3::Bucket', configuration: {}, supplementaryConfiguration: { ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] } } }, /default encryption is AES256, not SSE-KMS/],
    ['S3 with aws/s3', { resourceType: 'AWS::S3::Bucket', configuration: {}, supplementaryConfiguration: { ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }] } } }, /AWS managed key aws\/s3/],
    ['DynamoDB with the AWS owned key', { resourceType: 'AWS::DynamoDB::Table', configuration: { tableName: 't' } }, /AWS owned key/],
    ['unencrypted EBS volume', { resourceType: 'AWS::EC2::Volume', configuration: { encrypted: false } }, /the volume is not encrypted/],
  ])('non-compliant without KMS: %s', async (_name, over, annotation) => {
    const { rule, sent } = fakeDeps({ [KEY]: good });
    await rule(change(item(over)));
    expect(sent[0].evaluations[0]).toMatchObject({ ComplianceType: 'NON_COMPLIANT', Annotation: expect.stringMatching(annotation) });
  });

  test('reads keys from each store type, whatever the casing and JSON-string nesting of the item', () => {
    expect(keyOf(item({ resourceType: 'AWS::S3::Bucket', supplementaryConfiguration: { ServerSideEncryptionConfiguration: JSON.stringify({ rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: KEY } }] }) } }))).toEqual({ keyId: KEY });
    expect(keyOf(item({ resourceType: 'AWS::DynamoDB::Table', configuration: { SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: KEY } } }))).toEqual({ keyId: KEY });
    expect(keyOf(item({ resourceType: 'AWS::RDS::DBCluster', configuration: JSON.stringify({ storageEncrypted: true, kmsKeyId: KEY }) }))).toEqual({ keyId: KEY });
    expect(keyOf(item({ resourceType: 'AWS::EC2::Volume', configuration: { encrypted: true, kmsKeyId: KEY } }))).toEqual({ keyId: KEY });
  });

  test('not applicable: not tagged PHI, deleted, or out of scope', async () => {
    for (const event of [change(item({ tags: { DataClassification: 'Public' } })), change(item({ configurationItemStatus: 'ResourceDeleted' })), change(item({}), { eventLeftScope: true })]) {
      const { rule, sent } = fakeDeps({});
      await rule(event);
      expect(sent[0].evaluations[0].ComplianceType).toBe('NOT_APPLICABLE');
    }
  });

  test('a key the role cannot describe is reported, not thrown', async () => {
    const { rule, sent } = fakeDeps({ [KEY]: Object.assign(new Error('denied'), { name: 'AccessDeniedException' }) });
    await rule(change(item({})));
    expect(sent[0].evaluations[0]).toMatchObject({ ComplianceType: 'NON_COMPLIANT', Annotation: expect.stringMatching(/Cannot describe key .*AccessDeniedException/) });
  });

  test('throttled KMS calls are retried with backoff, then succeed', async () => {
    const { rule, sent, sleeps } = fakeDeps({ [KEY]: good }, { throttleTimes: 2 });
    await rule(change(item({})));
    expect(sleeps).toHaveLength(2);
    expect(sent[0].evaluations[0].ComplianceType).toBe('COMPLIANT');
  });

  test('persistent throttling gives up after five attempts and reports the key as unverifiable', async () => {
    const { rule, sent, sleeps } = fakeDeps({ [KEY]: good }, { throttleTimes: 10 });
    await rule(change(item({})));
    expect(sleeps).toHaveLength(4);
    expect(sent[0].evaluations[0]).toMatchObject({ ComplianceType: 'NON_COMPLIANT', Annotation: expect.stringMatching(/ThrottlingException/) });
  });

  test('withRetry does not retry other errors', async () => {
    const sleeps: number[] = [];
    await expect(withRetry(async () => { throw Object.assign(new Error('x'), { name: 'ValidationException' }); }, async (ms) => { sleeps.push(ms); })).rejects.toThrow('x');
    expect(sleeps).toEqual([]);
  });

  test('oversized items are fetched from the configuration history before evaluation', async () => {
    const { rule, sent } = fakeDeps({ [KEY]: good }, { history: item({ resourceId: 'big-db' }) });
    await rule({
      invokingEvent: JSON.stringify({ messageType: 'OversizedConfigurationItemChangeNotification', configurationItemSummary: { resourceType: 'AWS::RDS::DBInstance', resourceId: 'big-db', configurationItemCaptureTime: CAPTURED } }),
      resultToken: 'token-2',
    });
    expect(sent[0]).toMatchObject({ token: 'token-2', evaluations: [{ ComplianceResourceId: 'big-db', ComplianceType: 'COMPLIANT' }] });
  });

  test('an oversized item missing from the history is not applicable', async () => {
    const { rule, sent } = fakeDeps({});
    await rule({ invokingEvent: JSON.stringify({ messageType: 'OversizedConfigurationItemChangeNotification', configurationItemSummary: { resourceType: 'AWS::EC2::Volume', resourceId: 'vol-1', configurationItemCaptureTime: CAPTURED } }), resultToken: 't' });
    expect(sent[0].evaluations[0].ComplianceType).toBe('NOT_APPLICABLE');
  });

  test('scheduled notifications send nothing (the rule is change-triggered)', async () => {
    const { rule, sent } = fakeDeps({});
    expect(await rule({ invokingEvent: JSON.stringify({ messageType: 'ScheduledNotification' }), resultToken: 't' })).toEqual([]);
    expect(sent).toEqual([]);
  });

  test('annotations are cut to Config\'s 256 characters', async () => {
    const longKey = `arn:aws:kms:region:account:key/${'k'.repeat(300)}`;
    const { rule, sent } = fakeDeps({ [longKey]: { ...good, rotation: false } });
    await rule(change(item({ configuration: { storageEncrypted: true, kmsKeyId: longKey } })));
    expect(sent[0].evaluations[0].Annotation!.length).toBe(256);
  });
});
