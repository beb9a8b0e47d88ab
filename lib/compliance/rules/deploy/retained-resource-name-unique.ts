import { GapRule, RuleVerdict } from '../rule';
import { refersToStackId } from '../template';

/** The name property of each resource type whose name is unique in the account and region. */
export const NAME_PROPERTIES: Readonly<Record<string, string>> = {
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::Backup::BackupVault': 'BackupVaultName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::KMS::Alias': 'AliasName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
  'AWS::RDS::DBCluster': 'DBClusterIdentifier',
};

/**
 * A retained resource (DeletionPolicy Retain or RetainExceptOnCreate) has no name, or a name that
 * contains this stack instance's id. A retained resource outlives its stack; with a name shared by every
 * instance of the stack, creating the stack again after a teardown (or after a failed first create,
 * which keeps Retain resources) fails with "already exists".
 */
export const RetainedResourceNameUnique: GapRule = {
  id: 'RetainedResourceNameUnique',
  resourceTypes: Object.keys(NAME_PROPERTIES),
  description: 'The resource is retained when its stack is deleted and its name is the same for every instance of the stack: redeploying after a teardown fails with "already exists".',
  fix: 'Leave the name to CloudFormation, or end it in the stack instance id (cdk-hipaa constructs use Fn.select(2, Fn.split("/", Aws.STACK_ID)) for their defaults).',
  safeguard: '164.308(a)(7)(ii)(B) disaster recovery plan',
  evaluate({ resource }) {
    const policy = resource.DeletionPolicy;
    if (policy !== 'Retain' && policy !== 'RetainExceptOnCreate') return RuleVerdict.NOT_APPLICABLE;
    const name = resource.Properties?.[NAME_PROPERTIES[resource.Type]];
    return name === undefined || refersToStackId(name) ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
