import * as crypto from 'crypto';
import { createCertificateHandler, CustomResourceEvent, CustomResourceResponse, clusterDomain, noticeTimes } from '../../../constructs/emr-cluster/certificate-handler';

const NOW = new Date('2026-11-23T10:00:00Z');
const props = { BucketName: 'phi-certs-bucket', ObjectKeyPrefix: 'emr/tls', KmsKeyArn: 'arn:aws:kms:region:account:key/example', Region: 'eu-west-1', ValidityDays: '365' };

function fakeDeps(options: { failPut?: boolean; failDelete?: boolean } = {}) {
  const puts: Array<{ bucket: string; key: string; body: Buffer; kmsKeyArn: string }> = [];
  const deletes: Array<{ bucket: string; key: string }> = [];
  const responses: CustomResourceResponse[] = [];
  const deps = {
    async putObject(bucket: string, key: string, body: Buffer, kmsKeyArn: string) {
      if (options.failPut) throw new Error('AccessDenied: not allowed');
      puts.push({ bucket, key, body, kmsKeyArn });
    },
    async deleteObject(bucket: string, key: string) {
      if (options.failDelete) throw new Error('AccessDenied: delete');
      deletes.push({ bucket, key });
    },
    async respond(_url: string, response: CustomResourceResponse) { responses.push(response); },
    now: () => NOW,
  };
  return { deps, puts, deletes, responses, handler: createCertificateHandler(deps) };
}

const event = (over: Partial<CustomResourceEvent> = {}): CustomResourceEvent => ({
  RequestType: 'Create', ResponseURL: 'https://example.invalid/response', StackId: 'stack', RequestId: 'req-1',
  LogicalResourceId: 'Certs', ResourceProperties: props, ...over,
});

/** Reads the stored entries of a zip built by our writer. */
function unzip(buffer: Buffer): Record<string, string> {
  const files: Record<string, string> = {};
  let offset = 0;
  while (buffer.readUInt32LE(offset) === 0x04034b50) {
    const size = buffer.readUInt32LE(offset + 18);
    const nameLength = buffer.readUInt16LE(offset + 26);
    const name = buffer.subarray(offset + 30, offset + 30 + nameLength).toString();
    const start = offset + 30 + nameLength;
    files[name] = buffer.subarray(start, start + size).toString();
    offset = start + size;
  }
  return files;
}

describe('EMR certificate handler', () => {
  test('Create: stores privateKey/certificateChain/trustedCertificates PEMs SSE-KMS and answers SUCCESS', async () => {
    const { handler, puts, responses } = fakeDeps();
    const response = await handler(event());
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({ bucket: 'phi-certs-bucket', key: 'emr/tls/req-1.zip', kmsKeyArn: props.KmsKeyArn });
    const files = unzip(puts[0].body);
    expect(Object.keys(files).sort()).toEqual(['certificateChain.pem', 'privateKey.pem', 'trustedCertificates.pem']);
    const cert = new crypto.X509Certificate(files['certificateChain.pem']);
    expect(cert.subjectAltName).toBe('DNS:*.eu-west-1.compute.internal');
    expect(cert.checkHost('ip-10-1-2-3.eu-west-1.compute.internal')).toBeDefined();
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(crypto.createPrivateKey(files['privateKey.pem']))).toBe(true);
    expect(new Date(cert.validTo).getTime()).toBe(NOW.getTime() + 365 * 86_400_000);
    expect(files['trustedCertificates.pem']).toBe(files['certificateChain.pem']);
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 's3://phi-certs-bucket/emr/tls/req-1.zip', Data: { S3Object: 's3://phi-certs-bucket/emr/tls/req-1.zip' } });
    expect(responses).toEqual([response]);
    expect(JSON.stringify(response)).not.toContain('PRIVATE KEY');
  });

  test('Create: returns the expiry, the first notice (30 days before, by default) and the final reminder (7 days before)', async () => {
    const { handler } = fakeDeps();
    const response = await handler(event());
    expect(response.Data).toMatchObject({ NotAfter: '2027-11-23T10:00:00.000Z', WarnAt: '2027-10-24T10:00:00', RemindAt: '2027-11-16T10:00:00' });
    const sooner = await fakeDeps().handler(event({ ResourceProperties: { ...props, WarningDays: '60', ReminderDays: '14' } }));
    expect(sooner.Data).toMatchObject({ WarnAt: '2027-09-24T10:00:00', RemindAt: '2027-11-09T10:00:00' });
  });

  test('the notice is never earlier than half the validity, nor in the past; the reminder always comes after it, before expiry', () => {
    const inDays = (d: number) => new Date(NOW.getTime() + d * 86_400_000);
    // Half of 10 days before expiry; the reminder at half that lead (2.5 days), not 7 days.
    expect(noticeTimes(inDays(10), { validityDays: 10, warningDays: 30, reminderDays: 7 }, NOW)).toEqual({ warnAt: '2026-11-28T10:00:00', remindAt: '2026-11-30T22:00:00' });
    // A warning of 7 days: the reminder 3.5 days before expiry, not at the same time.
    expect(noticeTimes(inDays(365), { validityDays: 365, warningDays: 7, reminderDays: 7 }, NOW)).toEqual({ warnAt: '2027-11-16T10:00:00', remindAt: '2027-11-19T22:00:00' });
    // An hour from now at the earliest, and the reminder an hour after the notice at the earliest.
    expect(noticeTimes(new Date(NOW.getTime() + 3600_000), { validityDays: 1, warningDays: 30, reminderDays: 7 }, NOW))
      .toEqual({ warnAt: '2026-11-23T11:00:00', remindAt: '2026-11-23T12:00:00' });
  });

  test('rejects a reminder lead that is not a whole number of days', async () => {
    const response = await fakeDeps().handler(event({ ResourceProperties: { ...props, ReminderDays: '0' } }));
    expect(response).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/ReminderDays '0' must be a whole number from 1 to 825/) });
  });

  test('rejects a warning lead that is not a whole number of days', async () => {
    const response = await fakeDeps().handler(event({ ResourceProperties: { ...props, WarningDays: '0.5' } }));
    expect(response).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/WarningDays '0.5' must be a whole number/) });
  });

  test('us-east-1 nodes are named *.ec2.internal', () => {
    expect(clusterDomain('us-east-1')).toBe('*.ec2.internal');
    expect(clusterDomain('ap-southeast-2')).toBe('*.ap-southeast-2.compute.internal');
  });

  test('Update: issues a new object under a new physical id (CloudFormation then deletes the old one)', async () => {
    const { handler, puts } = fakeDeps();
    const response = await handler(event({ RequestType: 'Update', RequestId: 'req-2', PhysicalResourceId: 's3://phi-certs-bucket/emr/tls/req-1.zip' }));
    expect(puts[0].key).toBe('emr/tls/req-2.zip');
    expect(response.PhysicalResourceId).toBe('s3://phi-certs-bucket/emr/tls/req-2.zip');
  });

  test('Delete: removes the object named by the physical id', async () => {
    const { handler, deletes, puts } = fakeDeps();
    const response = await handler(event({ RequestType: 'Delete', PhysicalResourceId: 's3://phi-certs-bucket/emr/tls/req-1.zip' }));
    expect(deletes).toEqual([{ bucket: 'phi-certs-bucket', key: 'emr/tls/req-1.zip' }]);
    expect(puts).toHaveLength(0);
    expect(response.Status).toBe('SUCCESS');
  });

  test('Delete after a failed Create touches nothing', async () => {
    const { handler, deletes } = fakeDeps();
    const response = await handler(event({ RequestType: 'Delete', PhysicalResourceId: 'cdk-hipaa-emr-certificate-not-created' }));
    expect(deletes).toEqual([]);
    expect(response.Status).toBe('SUCCESS');
  });

  test.each<[string, object, RegExp]>([
    ['bucket name', { BucketName: 'Not_A_Bucket' }, /BucketName 'Not_A_Bucket' is not an S3 bucket name/],
    ['key ARN', { KmsKeyArn: 'alias/aws/s3' }, /KmsKeyArn 'alias\/aws\/s3' is not a KMS key ARN/],
    ['region', { Region: 'mars' }, /Region 'mars' is not an AWS region name/],
    ['validity 0', { ValidityDays: '0' }, /ValidityDays '0' must be a whole number from 1 to 825/],
    ['validity 10 years', { ValidityDays: '3650' }, /ValidityDays '3650'/],
    ['absolute prefix', { ObjectKeyPrefix: '/etc' }, /ObjectKeyPrefix '\/etc' must be a relative key prefix/],
  ])('bad input (%s): FAILED with the reason, nothing stored', async (_name, bad, reason) => {
    const { handler, puts, responses } = fakeDeps();
    await handler(event({ ResourceProperties: { ...props, ...bad } }));
    expect(puts).toHaveLength(0);
    expect(responses).toHaveLength(1);
    expect(responses[0].Status).toBe('FAILED');
    expect(responses[0].Reason).toMatch(reason);
    expect(responses[0].PhysicalResourceId).toBe('cdk-hipaa-emr-certificate-not-created');
  });

  test('S3 errors become a FAILED answer instead of a CloudFormation timeout', async () => {
    const { handler, responses } = fakeDeps({ failPut: true });
    await handler(event());
    expect(responses[0]).toMatchObject({ Status: 'FAILED', Reason: 'AccessDenied: not allowed' });
    const del = fakeDeps({ failDelete: true });
    await del.handler(event({ RequestType: 'Delete', PhysicalResourceId: 's3://b-bucket/k.zip' }));
    expect(del.responses[0]).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 's3://b-bucket/k.zip' });
  });
});
