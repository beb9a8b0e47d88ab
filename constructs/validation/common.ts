import * as s3 from 'aws-cdk-lib/aws-s3';
import { Check, duration, hasMembers, oneOf, required, shape, str } from './checks';

/** An ec2.IVpc. */
export const vpcCheck = (): Check => hasMembers("an ec2.IVpc, e.g. new HipaaVpc(this, 'Network').vpc", 'selectSubnets', 'vpcId');
/** An ec2.SubnetSelection (an object such as `net.privateSubnets()` or `{ subnetType: ... }`). */
export const subnetSelection = (): Check => shape({});
/** An ec2.InstanceType. */
export const instanceTypeCheck = (): Check => hasMembers("an ec2.InstanceType, e.g. new ec2.InstanceType('m7g.large')", 'sameInstanceClassAs');
/** An s3.IBucket. */
export const bucketCheck = (): Check => hasMembers('an s3.IBucket', 'bucketArn', 'bucketName');
/** An sns.ITopic. */
export const topicCheck = (): Check => hasMembers('an sns.ITopic', 'topicArn');

/** An S3 Object Lock setting: a mode of s3.ObjectLockMode (a string such as 'WORM' would silently become the weaker GOVERNANCE) and a retention. */
export const objectLockCheck = (minDays: number, safeguard?: string): Check => shape<{ mode: unknown; retention: unknown }>({
  mode: required(oneOf([s3.ObjectLockMode.GOVERNANCE, s3.ObjectLockMode.COMPLIANCE], 's3.ObjectLockMode.GOVERNANCE or s3.ObjectLockMode.COMPLIANCE')),
  // S3 Object Lock default retention: 1 to 36500 days (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DefaultRetention.html).
  retention: required(duration({ unit: 'days', min: minDays, max: 36500, whole: true, safeguard })),
});

/** An email address (the topic subscription AWS sends a confirmation to). */
export const emailCheck = (): Check => str({ pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, rule: 'an email address', example: 'security@clinic.example' });
