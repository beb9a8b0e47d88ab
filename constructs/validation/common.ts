import { Check, hasMembers, shape } from './checks';

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
