import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CustomResourceEvent as CfnEvent, CustomResourceResponse, putResponse } from '../internal/cfn-response';
import { MAX_VALIDITY_DAYS, REMINDER_DAYS } from './limits';
import { createSelfSignedCertificate } from './x509';
import { zip } from './zip';

/** The custom resource's properties, as CloudFormation passes them (all strings). */
export interface CertificateResourceProperties {
  readonly BucketName: string;
  readonly ObjectKeyPrefix: string;
  readonly KmsKeyArn: string;
  readonly Region: string;
  readonly ValidityDays: string;
  /** Days before expiry the notice is due (the schedule's time is returned as WarnAt). */
  readonly WarningDays?: string;
  /** Days before expiry of the final reminder (returned as RemindAt), at most half the warning lead. */
  readonly ReminderDays?: string;
  /** Bumped by the construct's certificateGeneration to renew; only its change matters here. */
  readonly Generation?: string;
}

/** A certificate request from CloudFormation. */
export type CustomResourceEvent = CfnEvent<CertificateResourceProperties>;
export type { CustomResourceResponse };

/** What the handler does to the outside world (injected, so tests need no AWS). */
export interface CertificateHandlerDeps {
  putObject(bucket: string, key: string, body: Buffer, kmsKeyArn: string): Promise<void>;
  deleteObject(bucket: string, key: string): Promise<void>;
  respond(url: string, response: CustomResourceResponse): Promise<void>;
  now(): Date;
}

export { MAX_VALIDITY_DAYS };
const FAILED_CREATE_ID = 'cdk-hipaa-emr-certificate-not-created';

/**
 * Custom resource handler: generates a private key and a self-signed
 * certificate for EMR in-transit encryption, zips the PEM files EMR expects
 * and stores them SSE-KMS in the bucket. Every update issues a new object (a
 * new physical id), so CloudFormation deletes the old one after the
 * replacement succeeds. It always answers CloudFormation, never with key material.
 */
export function createCertificateHandler(deps: CertificateHandlerDeps): (event: CustomResourceEvent) => Promise<CustomResourceResponse> {
  return async (event) => {
    const base = { StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
    let response: CustomResourceResponse;
    try {
      if (event.RequestType === 'Delete') {
        const location = parseS3Uri(event.PhysicalResourceId);
        if (location) await deps.deleteObject(location.bucket, location.key);
        response = { ...base, Status: 'SUCCESS', PhysicalResourceId: event.PhysicalResourceId ?? FAILED_CREATE_ID };
      } else {
        const props = validate(event.ResourceProperties);
        const now = deps.now();
        const certificate = createSelfSignedCertificate({ commonName: clusterDomain(props.region), validityDays: props.validityDays, now });
        const pem = (s: string) => Buffer.from(s, 'utf8');
        const archive = zip([
          { name: 'privateKey.pem', content: pem(certificate.privateKeyPem) },
          { name: 'certificateChain.pem', content: pem(certificate.certificatePem) },
          { name: 'trustedCertificates.pem', content: pem(certificate.certificatePem) },
        ], now);
        const key = `${props.prefix}${event.RequestId}.zip`;
        await deps.putObject(props.bucket, key, archive, props.kmsKeyArn);
        const uri = `s3://${props.bucket}/${key}`;
        const { warnAt, remindAt } = noticeTimes(certificate.notAfter, props, now);
        response = {
          ...base, Status: 'SUCCESS', PhysicalResourceId: uri,
          Data: { S3Object: uri, NotAfter: certificate.notAfter.toISOString(), WarnAt: warnAt, RemindAt: remindAt },
        };
      }
    } catch (e) {
      response = {
        ...base,
        Status: 'FAILED',
        Reason: `${(e as Error).message}`.slice(0, 1000),
        // A failed Create must not reuse an existing id, or CloudFormation would delete a live object.
        PhysicalResourceId: event.PhysicalResourceId ?? FAILED_CREATE_ID,
      };
    }
    await deps.respond(event.ResponseURL, response);
    return response;
  };
}

interface ValidProps { bucket: string; prefix: string; kmsKeyArn: string; region: string; validityDays: number; warningDays: number; reminderDays: number }

/**
 * When the expiry notices are due, as EventBridge Scheduler's `at()` wants them (`yyyy-mm-ddThh:mm:ss`, UTC).
 * The first notice: `warningDays` before expiry, but never earlier than half the validity (a short-lived
 * certificate is not announced at birth) and never less than an hour from now (a time in the past would
 * never fire). The final reminder: `reminderDays` before expiry, but at most half the first notice's lead
 * and at least an hour after it, so it always comes second and before expiry.
 */
export function noticeTimes(notAfter: Date, lead: { validityDays: number; warningDays: number; reminderDays: number }, now: Date): { warnAt: string; remindAt: string } {
  const dayMs = 24 * 3600 * 1000;
  const hourMs = 3600 * 1000;
  const warnLeadDays = Math.min(lead.warningDays, lead.validityDays / 2);
  const warn = Math.max(notAfter.getTime() - warnLeadDays * dayMs, now.getTime() + hourMs);
  const remind = Math.max(notAfter.getTime() - Math.min(lead.reminderDays, warnLeadDays / 2) * dayMs, warn + hourMs);
  const at = (t: number) => new Date(t).toISOString().slice(0, 19);
  return { warnAt: at(warn), remindAt: at(remind) };
}

function validate(p: Partial<CertificateResourceProperties> | undefined): ValidProps {
  if (!p || typeof p.BucketName !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(p.BucketName)) {
    throw new Error(`BucketName '${p?.BucketName}' is not an S3 bucket name.`);
  }
  if (typeof p.KmsKeyArn !== 'string' || !p.KmsKeyArn.startsWith('arn:')) {
    throw new Error(`KmsKeyArn '${p.KmsKeyArn}' is not a KMS key ARN; the PEM zip must be stored SSE-KMS.`);
  }
  if (typeof p.Region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(p.Region)) {
    throw new Error(`Region '${p.Region}' is not an AWS region name.`);
  }
  const days = Number(p.ValidityDays);
  if (!Number.isInteger(days) || days < 1 || days > MAX_VALIDITY_DAYS) {
    throw new Error(`ValidityDays '${p.ValidityDays}' must be a whole number from 1 to ${MAX_VALIDITY_DAYS}.`);
  }
  const prefix = typeof p.ObjectKeyPrefix === 'string' ? p.ObjectKeyPrefix : '';
  if (prefix.startsWith('/') || prefix.includes('..')) {
    throw new Error(`ObjectKeyPrefix '${prefix}' must be a relative key prefix.`);
  }
  const warningDays = p.WarningDays === undefined ? 30 : Number(p.WarningDays);
  if (!Number.isInteger(warningDays) || warningDays < 1 || warningDays > MAX_VALIDITY_DAYS) {
    throw new Error(`WarningDays '${p.WarningDays}' must be a whole number from 1 to ${MAX_VALIDITY_DAYS}.`);
  }
  const reminderDays = p.ReminderDays === undefined ? REMINDER_DAYS : Number(p.ReminderDays);
  if (!Number.isInteger(reminderDays) || reminderDays < 1 || reminderDays > MAX_VALIDITY_DAYS) {
    throw new Error(`ReminderDays '${p.ReminderDays}' must be a whole number from 1 to ${MAX_VALIDITY_DAYS}.`);
  }
  return {
    bucket: p.BucketName, prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix, kmsKeyArn: p.KmsKeyArn, region: p.Region,
    validityDays: days, warningDays, reminderDays,
  };
}

/** EC2 private DNS names of cluster nodes: `*.ec2.internal` in us-east-1, `*.<region>.compute.internal` elsewhere. */
export function clusterDomain(region: string): string {
  return region === 'us-east-1' ? '*.ec2.internal' : `*.${region}.compute.internal`;
}

function parseS3Uri(uri: string | undefined): { bucket: string; key: string } | undefined {
  const m = uri?.match(/^s3:\/\/([^/]+)\/(.+)$/);
  return m ? { bucket: m[1], key: m[2] } : undefined;
}

function awsDeps(): CertificateHandlerDeps {
  const s3 = new S3Client({});
  return {
    async putObject(bucket, key, body, kmsKeyArn) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyArn, ContentType: 'application/zip' }));
    },
    async deleteObject(bucket, key) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    respond: putResponse,
    now: () => new Date(),
  };
}

let live: ((event: CustomResourceEvent) => Promise<CustomResourceResponse>) | undefined;

/** The Lambda entry point. */
export async function handler(event: CustomResourceEvent): Promise<void> {
  live ??= createCertificateHandler(awsDeps());
  await live(event);
}
