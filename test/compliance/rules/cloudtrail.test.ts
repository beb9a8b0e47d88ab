import * as rules from '../../../lib/compliance/rules';
import { subject } from './subject';

const { RuleVerdict } = rules;

describe('CloudTrailCoverage', () => {
  const trail = (props: object) => subject({ Type: 'AWS::CloudTrail::Trail', Properties: { IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, IsLogging: true, EnableLogFileValidation: true, ...props } });
  test('compliant: every region, global events, logging, validated', () => expect(rules.CloudTrailCoverage.evaluate(trail({}))).toBe(RuleVerdict.COMPLIANT));
  test.each(['IsMultiRegionTrail', 'IncludeGlobalServiceEvents', 'IsLogging', 'EnableLogFileValidation'])('non-compliant: %s false', (key) =>
    expect(rules.CloudTrailCoverage.evaluate(trail({ [key]: false }))).toBe(RuleVerdict.NON_COMPLIANT));
});

describe('PhiStoreDataEvents (judged across the templates of the app)', () => {
  const phiTags = [{ Key: 'DataClassification', Value: 'PHI' }];
  const bucket = (props: object = {}) => ({ Type: 'AWS::S3::Bucket', Properties: { Tags: phiTags, ...props } });
  const table = (props: object = {}) => ({ Type: 'AWS::DynamoDB::Table', Properties: { Tags: phiTags, ...props } });
  const data = (type: string, ...more: object[]) => ({ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: [type] }, ...more] });
  const management = { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
  const trail = (selectors: object[], props: object = {}) => ({ Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: true, TrailName: 't', AdvancedEventSelectors: selectors, ...props } });
  const objectsOf = (id: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, '/']] });
  const stores = { Phi: bucket(), Records: table() };
  const app = (trailTemplate: Record<string, object>, storeTemplate: Record<string, object> = stores, outputs: object = {}): rules.AppTemplate[] => [
    { path: 'Baseline.template.json', template: { Resources: trailTemplate as any } },
    { path: 'App.template.json', template: { Resources: storeTemplate as any, Outputs: outputs } },
  ];
  const findings = (templates: rules.AppTemplate[]) => rules.PhiStoreDataEvents.evaluateApp(templates).map((f) => f.logicalId).sort();
  const allData = [management, data('AWS::S3::Object', { Field: 'resources.ARN', NotStartsWith: [objectsOf('TrailBucket')] }), data('AWS::DynamoDB::Table'), data('AWS::DynamoDB::Stream')];

  test('compliant: a trail in another stack records every bucket but its own and every table (the HipaaTrail default)', () =>
    expect(findings(app({ Trail: trail(allData), TrailBucket: { Type: 'AWS::S3::Bucket', Properties: {} } }))).toEqual([]));
  test('not applicable: the app has no trail (an organization trail may record it)', () =>
    expect(findings([{ path: 'App.template.json', template: { Resources: stores as any } }])).toEqual([]));
  test('compliant: selectors naming the stores, across stacks through exports', () => {
    const outputs = { PhiArn: { Value: { 'Fn::GetAtt': ['Phi', 'Arn'] }, Export: { Name: 'App-PhiArn' } }, RecordsArn: { Value: { 'Fn::GetAtt': ['Records', 'Arn'] }, Export: { Name: 'App-RecordsArn' } } };
    const selectors = [data('AWS::S3::Object', { Field: 'resources.ARN', StartsWith: [{ 'Fn::Join': ['', [{ 'Fn::ImportValue': 'App-PhiArn' }, '/']] }] }),
      data('AWS::DynamoDB::Table', { Field: 'resources.ARN', Equals: [{ 'Fn::ImportValue': 'App-RecordsArn' }] })];
    expect(findings(app({ Trail: trail(selectors) }, stores, outputs))).toEqual([]);
  });
  test('compliant: literal names and legacy event selectors', () => {
    const legacy = { Trail: trail([], { AdvancedEventSelectors: undefined, EventSelectors: [{ ReadWriteType: 'All', DataResources: [
      { Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::patients-archive/'] }, { Type: 'AWS::DynamoDB::Table', Values: ['arn:aws:dynamodb'] }] }] }) };
    expect(findings(app(legacy, { Phi: bucket({ BucketName: 'patients-archive' }), Records: table() }))).toEqual([]);
  });
  test('non-compliant: management events only', () => expect(findings(app({ Trail: trail([management]) }))).toEqual(['Phi', 'Records']));
  test('non-compliant: the trail is not logging', () => expect(findings(app({ Trail: trail(allData, { IsLogging: false }) }))).toEqual(['Phi', 'Records']));
  test('non-compliant: the PHI bucket is excluded (NotStartsWith), the table recorded', () => {
    const oneStack = { ...stores, Trail: trail([data('AWS::S3::Object', { Field: 'resources.ARN', NotStartsWith: [objectsOf('Phi')] }), data('AWS::DynamoDB::Table')]) };
    expect(findings([{ path: 'One.template.json', template: { Resources: oneStack as any } }])).toEqual(['Phi']);
  });
  test('non-compliant: reads only', () =>
    expect(findings(app({ Trail: trail([data('AWS::S3::Object', { Field: 'readOnly', Equals: ['true'] }), data('AWS::DynamoDB::Table')]) }))).toEqual(['Phi']));
  test('compliant: reads and writes in two selectors', () =>
    expect(findings(app({ Trail: trail([data('AWS::S3::Object', { Field: 'readOnly', Equals: ['true'] }), data('AWS::S3::Object', { Field: 'readOnly', Equals: ['false'] }), data('AWS::DynamoDB::Table')]) }))).toEqual([]));
  test('non-compliant: narrowed to some event names', () =>
    expect(findings(app({ Trail: trail([data('AWS::S3::Object', { Field: 'eventName', Equals: ['PutObject'] }), data('AWS::DynamoDB::Table')]) }))).toEqual(['Phi']));
  test('non-compliant: another bucket or a key prefix only', () => {
    const other = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Other', 'Arn'] }, '/']] };
    const part = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Phi', 'Arn'] }, '/scans/']] };
    expect(findings(app({ Trail: trail([data('AWS::S3::Object', { Field: 'resources.ARN', StartsWith: [other, part] }), data('AWS::DynamoDB::Table')]) }))).toEqual(['Phi']);
  });
  test('non-compliant: a table prefix that does not match the literal table name', () =>
    expect(findings(app({ Trail: trail([data('AWS::S3::Object'), data('AWS::DynamoDB::Table', { Field: 'resources.ARN', StartsWith: ['arn:aws:dynamodb:eu-west-1:111122223333:table/billing-'] })]) },
      { Phi: bucket(), Records: table({ TableName: 'patients' }) }))).toEqual(['Records']));
  test('a global table tagged PHI on its replicas is a PHI store: recorded by an all-tables selector, a finding with management events only', () => {
    const global = { Type: 'AWS::DynamoDB::GlobalTable', Properties: { Replicas: [{ Region: { Ref: 'AWS::Region' }, Tags: phiTags }, { Region: 'us-west-2', Tags: phiTags }] } };
    expect(findings(app({ Trail: trail(allData, { IsMultiRegionTrail: true }), TrailBucket: { Type: 'AWS::S3::Bucket', Properties: {} } }, { Global: global }))).toEqual([]);
    expect(findings(app({ Trail: trail([management], { IsMultiRegionTrail: true }) }, { Global: global }))).toEqual(['Global']);
    // A single-region trail does not see the us-west-2 replica's reads and writes.
    expect(findings(app({ Trail: trail(allData, { IsMultiRegionTrail: false }) }, { Global: global }))).toEqual(['Global']);
  });

  describe('a single-region trail is credited only for stores of its own region', () => {
    const inRegions = (trailRegion: string | undefined, storeRegion: string | undefined, trailProps: object = {}): rules.AppTemplate[] => [
      { path: 'Baseline.template.json', region: trailRegion, template: { Resources: { Trail: trail(allData, trailProps) } as any } },
      { path: 'App.template.json', region: storeRegion, template: { Resources: stores as any } },
    ];
    test('non-compliant: single-region trail in eu-west-1, stores in us-west-2', () =>
      expect(findings(inRegions('eu-west-1', 'us-west-2', { IsMultiRegionTrail: false }))).toEqual(['Phi', 'Records']));
    test('compliant: single-region trail and stores in the same known region', () =>
      expect(findings(inRegions('us-west-2', 'us-west-2', { IsMultiRegionTrail: false }))).toEqual([]));
    test('compliant: a multi-region trail records stores of any region', () => {
      expect(findings(inRegions('eu-west-1', 'us-west-2', { IsMultiRegionTrail: true }))).toEqual([]);
      expect(findings(inRegions(undefined, 'us-west-2', { IsMultiRegionTrail: 'true' }))).toEqual([]);
    });
    test('assumption: environment-agnostic stacks deploy to one region (credited); known and unknown regions never match', () => {
      expect(findings(inRegions(undefined, undefined))).toEqual([]);
      expect(findings(inRegions(undefined, 'us-west-2'))).toEqual(['Phi', 'Records']);
      expect(findings(inRegions('us-west-2', undefined))).toEqual(['Phi', 'Records']);
    });
    test('regionOfEnvironment reads the cloud assembly environment', () => {
      expect(rules.regionOfEnvironment('aws://unknown-account/us-west-2')).toBe('us-west-2');
      expect(rules.regionOfEnvironment('aws://111122223333/eu-central-1')).toBe('eu-central-1');
      expect(rules.regionOfEnvironment('aws://unknown-account/unknown-region')).toBeUndefined();
      expect(rules.regionOfEnvironment(undefined)).toBeUndefined();
    });
  });
  describe('a PHI table with a stream: its reads (GetRecords returns whole items) must be recorded too', () => {
    const streamed = { Records: table({ StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } }) };
    const streamOf = (...more: object[]) => data('AWS::DynamoDB::Stream', ...more);
    const tableArn = { 'Fn::GetAtt': ['Records', 'Arn'] };
    const noStream = [management, data('AWS::DynamoDB::Table')];
    test('non-compliant: items recorded, stream reads not', () => expect(findings(app({ Trail: trail(noStream) }, streamed))).toEqual(['Records']));
    test('compliant: every stream of the account (the HipaaTrail default)', () => expect(findings(app({ Trail: trail([...noStream, streamOf()]) }, streamed))).toEqual([]));
    // The trail beside the table: Fn::GetAtt names a resource of its own template.
    const oneStack = (selectors: object[]) => [{ path: 'One.template.json', template: { Resources: { ...streamed, Trail: trail(selectors) } as any } }];
    test('compliant: the table\'s ARN + /stream/ (TrailDataEvents.of({ tables }))', () =>
      expect(findings(oneStack([...noStream, streamOf({ Field: 'resources.ARN', StartsWith: [{ 'Fn::Join': ['', [tableArn, '/stream/']] }] })]))).toEqual([]));
    test('compliant: the current stream exactly (Fn::GetAtt StreamArn)', () =>
      expect(findings(oneStack([...noStream, streamOf({ Field: 'resources.ARN', Equals: [{ 'Fn::GetAtt': ['Records', 'StreamArn'] }] })]))).toEqual([]));
    test('non-compliant: another table\'s stream, or stream writes only', () => {
      expect(findings(oneStack([...noStream, streamOf({ Field: 'resources.ARN', StartsWith: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Other', 'Arn'] }, '/stream/']] }] })]))).toEqual(['Records']);
      expect(findings(app({ Trail: trail([...noStream, streamOf({ Field: 'readOnly', Equals: ['false'] })]) }, streamed))).toEqual(['Records']);
    });
    test('a table without a stream needs no stream selector; a global table always has one', () => {
      expect(findings(app({ Trail: trail(noStream) }, { Records: table() }))).toEqual([]);
      const global = { Type: 'AWS::DynamoDB::GlobalTable', Properties: { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' }, Replicas: [{ Region: 'us-east-1', Tags: phiTags }] } };
      // A replica region is known: only a multi-region trail can record it (the stream is then what is missing).
      expect(findings(app({ Trail: trail(noStream, { IsMultiRegionTrail: true }) }, { Global: global }))).toEqual(['Global']);
      expect(rules.dataEventCoverage(app({ Trail: trail([...noStream, streamOf()], { IsMultiRegionTrail: true }) }, { Global: global })).map((c) => [c.store.logicalId, c.hasStream, c.trails.length])).toEqual([['Global', true, 1]]);
    });
  });
  test('stores not classified PHI are not judged', () =>
    expect(findings(app({ Trail: trail([management]) }, { Logs: { Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Key: 'DataClassification', Value: 'AuditLog' }] } } }))).toEqual([]));
  test('the coverage names the trail that records each store (read by the evidence report)', () => {
    const coverage = rules.dataEventCoverage(app({ Trail: trail(allData, { TrailName: 'cdk-hipaa-trail' }), TrailBucket: { Type: 'AWS::S3::Bucket', Properties: {} } }));
    expect(coverage.map((c) => [c.store.logicalId, c.trails.map((t) => `${t.templatePath}#${t.logicalId}:${t.trailName}`)])).toEqual([
      ['Phi', ['Baseline.template.json#Trail:cdk-hipaa-trail']], ['Records', ['Baseline.template.json#Trail:cdk-hipaa-trail']]]);
  });
});

describe('UnloggedBucketDataEvents (judged across the templates of the app)', () => {
  const data = (type: string, ...more: object[]) => ({ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: [type] }, ...more] });
  const trail = (selectors: object[]) => ({ Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: true, TrailName: 't', AdvancedEventSelectors: selectors } });
  const objectsOf = (id: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, '/']] });
  // A HipaaLogBucket (no access logging, SSE-S3) and a HipaaBucket (logs into it).
  const logBucket = { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } } };
  const logged = { Type: 'AWS::S3::Bucket', Properties: { LoggingConfiguration: { DestinationBucketName: { Ref: 'Logs' }, LogFilePrefix: 'phi/' } } };
  const findings = (resources: Record<string, object>) =>
    rules.UnloggedBucketDataEvents.evaluateApp([{ path: 'One.template.json', template: { Resources: resources as any } }]).map((f) => f.logicalId).sort();

  test('compliant: the HipaaTrail default records every bucket but its own (whose access is logged)', () =>
    expect(findings({ Logs: logBucket, Phi: logged, TrailBucket: logged, Trail: trail([data('AWS::S3::Object', { Field: 'resources.ARN', NotStartsWith: [objectsOf('TrailBucket')] })]) })).toEqual([]));
  test('compliant: a narrower selection that names the log bucket too', () =>
    expect(findings({ Logs: logBucket, Phi: logged, Trail: trail([data('AWS::S3::Object', { Field: 'resources.ARN', StartsWith: [objectsOf('Phi'), objectsOf('Logs')] })]) })).toEqual([]));
  test('non-compliant: the selection names the PHI bucket only (the log bucket\'s acknowledgement would be false)', () =>
    expect(findings({ Logs: logBucket, Phi: logged, Trail: trail([data('AWS::S3::Object', { Field: 'resources.ARN', StartsWith: [objectsOf('Phi')] })]) })).toEqual(['Logs']));
  test('non-compliant: management events only, or writes only', () => {
    expect(findings({ Logs: logBucket, Trail: trail([{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }]) })).toEqual(['Logs']);
    expect(findings({ Logs: logBucket, Trail: trail([data('AWS::S3::Object', { Field: 'readOnly', Equals: ['false'] })]) })).toEqual(['Logs']);
  });
  test('non-compliant: an excluded bucket without access logging (the trail bucket must log its access)', () =>
    expect(findings({ TrailBucket: { Type: 'AWS::S3::Bucket', Properties: {} }, Trail: trail([data('AWS::S3::Object', { Field: 'resources.ARN', NotStartsWith: [objectsOf('TrailBucket')] })]) })).toEqual(['TrailBucket']));
  test('not applicable: the app has no trail (an organization trail may record it)', () =>
    expect(findings({ Logs: logBucket })).toEqual([]));
});

describe('CloudTrailLogFileLock', () => {
  const lock = (mode: string, days: number) => ({ ObjectLockEnabled: true, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: mode, Days: days } } } });
  const withBucket = (bucketProps: object): rules.RuleSubject => {
    const trail = { Type: 'AWS::CloudTrail::Trail', Properties: { S3BucketName: { Ref: 'Logs' } } };
    return { logicalId: 'T', resource: trail, template: { Resources: { T: trail, Logs: { Type: 'AWS::S3::Bucket', Properties: bucketProps } } } };
  };
  test('compliant: governance six years', () => expect(rules.CloudTrailLogFileLock.evaluate(withBucket(lock('GOVERNANCE', 2192)))).toBe(RuleVerdict.COMPLIANT));
  test('compliant: compliance seven years', () => expect(rules.CloudTrailLogFileLock.evaluate(withBucket(lock('COMPLIANCE', 2557)))).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: no Object Lock', () => expect(rules.CloudTrailLogFileLock.evaluate(withBucket({}))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: one year', () => expect(rules.CloudTrailLogFileLock.evaluate(withBucket(lock('GOVERNANCE', 365)))).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: the bucket is in another template or account (a log-archive account)', () =>
    expect(rules.CloudTrailLogFileLock.evaluate(subject({ Type: 'AWS::CloudTrail::Trail', Properties: { S3BucketName: 'elsewhere' } }))).toBe(RuleVerdict.NOT_APPLICABLE));
});

describe('CloudTrailLogBucketDeletionDenied', () => {
  const objects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Logs', 'Arn'] }, '/*']] };
  const breakGlass = { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/cdk-hipaa-key-deletion-us-east-1' } };
  const deny = { Effect: 'Deny', Principal: { AWS: '*' }, Resource: [{ 'Fn::GetAtt': ['Logs', 'Arn'] }, objects], Condition: breakGlass,
    Action: ['s3:BypassGovernanceRetention', 's3:DeleteBucket', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObjectLegalHold', 's3:PutObjectRetention'] };
  const withPolicy = (statements: object[] | undefined): rules.RuleSubject => {
    const trail = { Type: 'AWS::CloudTrail::Trail', Properties: { S3BucketName: { Ref: 'Logs' } } };
    const policy = { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Logs' }, PolicyDocument: { Statement: statements } } };
    return { logicalId: 'T', resource: trail, template: { Resources: { T: trail, Logs: { Type: 'AWS::S3::Bucket' }, ...(statements ? { P: policy } : {}) } } };
  };
  const verdict = (statements: object[] | undefined) => rules.CloudTrailLogBucketDeletionDenied.evaluate(withPolicy(statements));
  test('compliant: HipaaTrail\'s DenyEvidenceDeletionButBreakGlass', () => expect(verdict([deny])).toBe(RuleVerdict.COMPLIANT));
  test('compliant: the same deny written with wildcards (s3:Delete*, s3:PutObject*)', () =>
    expect(verdict([{ ...deny, Action: ['s3:Delete*', 's3:PutObject*', 's3:BypassGovernanceRetention'] }])).toBe(RuleVerdict.COMPLIANT));
  test('non-compliant: no bucket policy', () => expect(verdict(undefined)).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the deny leaves out the governance bypass', () =>
    expect(verdict([{ ...deny, Action: deny.Action.filter((a) => a !== 's3:BypassGovernanceRetention') }])).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the deny leaves out retention changes', () =>
    expect(verdict([{ ...deny, Action: deny.Action.filter((a) => a !== 's3:PutObjectRetention') }])).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the exception is a tag anyone with IAM rights could set', () =>
    expect(verdict([{ ...deny, Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'security' } } }])).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the deny names one principal, not everyone', () =>
    expect(verdict([{ ...deny, Principal: { AWS: 'arn:aws:iam::111122223333:role/ops' } }])).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the deny covers the bucket, not its objects', () =>
    expect(verdict([{ ...deny, Resource: { 'Fn::GetAtt': ['Logs', 'Arn'] } }])).toBe(RuleVerdict.NON_COMPLIANT));
  test('not applicable: the bucket is in another template or account (a log-archive account)', () =>
    expect(rules.CloudTrailLogBucketDeletionDenied.evaluate(subject({ Type: 'AWS::CloudTrail::Trail', Properties: { S3BucketName: 'elsewhere' } }))).toBe(RuleVerdict.NOT_APPLICABLE));
});

describe('CloudTrailDigestDelivery', () => {
  const objects = (suffix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Logs', 'Arn'] }, suffix]] });
  const digests = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Logs', 'Arn'] }, '/AWSLogs/', { Ref: 'AWS::AccountId' }, '/CloudTrail-Digest/*']] };
  const present = { 's3:x-amz-server-side-encryption': 'false' };
  const kmsOnly = { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:PutObject', Resource: objects('/*'),
    Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' }, Null: present } };
  const withPolicy = (statements: object[], trailProps: object = {}): rules.RuleSubject => {
    const trail = { Type: 'AWS::CloudTrail::Trail', Properties: { TrailName: 'audit', EnableLogFileValidation: true, S3BucketName: { Ref: 'Logs' }, ...trailProps } };
    const policy = { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Logs' }, PolicyDocument: { Statement: statements } } };
    return { logicalId: 'T', resource: trail, template: { Resources: { T: trail, Logs: { Type: 'AWS::S3::Bucket' }, P: policy } } };
  };
  const thisTrail = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':trail/audit']] };
  test('non-compliant: SSE-KMS only on every object (digests, always SSE-S3, are refused)', () =>
    expect(rules.CloudTrailDigestDelivery.evaluate(withPolicy([kmsOnly]))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: SSE-KMS only under AWSLogs/', () =>
    expect(rules.CloudTrailDigestDelivery.evaluate(withPolicy([{ ...kmsOnly, Resource: objects('/AWSLogs/*') }]))).toBe(RuleVerdict.NON_COMPLIANT));
  test('non-compliant: the exemption names another trail', () => expect(rules.CloudTrailDigestDelivery.evaluate(withPolicy([{ ...kmsOnly, Resource: digests,
    Condition: { ...kmsOnly.Condition, ArnNotEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:region:account:trail/other' } } }]))).toBe(RuleVerdict.NON_COMPLIANT));
  test('compliant: SSE-KMS only outside the digest prefix, SSE-S3 there for this trail only (HipaaBucket with a trail)', () => expect(rules.CloudTrailDigestDelivery.evaluate(withPolicy([
    { ...kmsOnly, Resource: undefined, NotResource: digests },
    { ...kmsOnly, Resource: digests, Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': ['aws:kms', 'AES256'] }, Null: present } },
    { ...kmsOnly, Resource: digests, Condition: { ...kmsOnly.Condition, ArnNotEquals: { 'aws:SourceArn': thisTrail } } },
  ]))).toBe(RuleVerdict.COMPLIANT));
  test('compliant: a deny that does not reach the digest prefix', () =>
    expect(rules.CloudTrailDigestDelivery.evaluate(withPolicy([{ ...kmsOnly, Resource: objects('/exports/*') }]))).toBe(RuleVerdict.COMPLIANT));
  test('not applicable: no log file validation (no digests)', () =>
    expect(rules.CloudTrailDigestDelivery.evaluate(withPolicy([kmsOnly], { EnableLogFileValidation: false }))).toBe(RuleVerdict.NOT_APPLICABLE));
  test('not applicable: the bucket is in another template or account', () =>
    expect(rules.CloudTrailDigestDelivery.evaluate(withPolicy([kmsOnly], { S3BucketName: 'elsewhere' }))).toBe(RuleVerdict.NOT_APPLICABLE));
});
