import { Lazy, Stack, TagManager, TagType, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { HipaaValidationError } from '../../lib/errors';

/**
 * A replica of a {@link HipaaTable} in another region: the table becomes a DynamoDB global table
 * (version 2019.11.21) whose every replica has a customer-managed key of its own region,
 * point-in-time recovery and deletion protection.
 */
export interface HipaaTableReplica {
  /** Region of the replica, a literal such as `us-west-2`, other than the stack's region. */
  readonly region: string;
  /**
   * ARN of the replica's customer-managed key in `region` (KMS keys are regional, so each replica
   * is encrypted with a key of its own region). A key ARN, or an alias ARN when another stack
   * creates the key under a known alias, such as `DisasterRecoveryNames.keyAliasArn` of the
   * reference app's DisasterRecoveryStack. Never an AWS managed key (`alias/aws/dynamodb`). A
   * token (an imported value, a parameter) is accepted and checked by DynamoDB at deployment.
   */
  readonly keyArn: string;
}

/** What the global table needs from HipaaTable. */
export interface GlobalTableSpec {
  readonly partitionKey: dynamodb.Attribute;
  readonly sortKey?: dynamodb.Attribute;
  readonly tableName?: string;
  readonly key: kms.IKey;
  readonly replicas: readonly HipaaTableReplica[];
  readonly pitrDays: number;
  readonly capacity?: { minRead: number; maxRead: number; minWrite: number; maxWrite: number; target: number };
  readonly contributorInsights: boolean;
  readonly stream?: dynamodb.StreamViewType;
  readonly timeToLiveAttribute?: string;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** A KMS key or alias ARN of one region and account; multi-Region keys have ids starting `mrk-`. */
const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z]{2}(?:-[a-z]+)+-\d):\d{12}:(?:key\/(?:mrk-)?[0-9a-f-]{32,36}|alias\/[A-Za-z0-9/_-]+)$/;

/**
 * Checks the replicas: literal regions, none twice, none the stack's own, and a key ARN of
 * the replica's region that is not an AWS managed key.
 */
export function validateReplicas(scope: Construct, replicas: unknown): readonly HipaaTableReplica[] {
  if (replicas === undefined) return [];
  if (!Array.isArray(replicas)) {
    throw new HipaaValidationError(scope, 'replicas', 'INVALID_VALUE', `replicas is ${String(replicas)}; give a list of { region, keyArn }.`);
  }
  const stackRegion = Stack.of(scope).region;
  const seen = new Set<string>();
  replicas.forEach((replica: Partial<HipaaTableReplica> | undefined, i) => {
    const prop = `replicas[${i}]`;
    const region = replica?.region;
    if (typeof region !== 'string' || Token.isUnresolved(region) || !REGION.test(region)) {
      throw new HipaaValidationError(scope, `${prop}.region`, typeof region === 'string' && Token.isUnresolved(region) ? 'UNRESOLVED_TOKEN' : 'INVALID_VALUE',
        `${prop}.region is ${JSON.stringify(region)}; give the replica's region as a literal, e.g. 'us-west-2' (CloudFormation lists every replica of a global table by region).`);
    }
    if (!Token.isUnresolved(stackRegion) && region === stackRegion) {
      throw new HipaaValidationError(scope, `${prop}.region`, 'INCONSISTENT',
        `${prop}.region is '${region}', the stack's own region, which holds the table already; a replica goes to another region.`);
    }
    if (seen.has(region)) {
      throw new HipaaValidationError(scope, `${prop}.region`, 'INCONSISTENT', `${prop}.region is '${region}' a second time; a global table has one replica per region.`);
    }
    seen.add(region);
    validateKeyArn(scope, `${prop}.keyArn`, replica?.keyArn, region);
  });
  return replicas as HipaaTableReplica[];
}

function validateKeyArn(scope: Construct, prop: string, keyArn: unknown, region: string): void {
  if (typeof keyArn !== 'string' || keyArn === '') {
    throw new HipaaValidationError(scope, prop, 'REQUIRED', `${prop} is ${JSON.stringify(keyArn)}; give the ARN of the replica's customer-managed key in ${region}.`);
  }
  // The literal parts of the value (a token-built ARN such as the DR alias ARN keeps its region and alias literal).
  if (/(^|[:/])alias\/aws\//.test(keyArn)) {
    throw new HipaaValidationError(scope, prop, 'WEAKENS_SAFEGUARD', `${prop} is '${keyArn}', an AWS managed key; a PHI replica needs a ` +
      'customer-managed key whose policy the account controls. Create one in that region (the DisasterRecoveryStack does) and pass its ARN.');
  }
  if (!Token.isUnresolved(keyArn)) {
    const m = KEY_ARN.exec(keyArn);
    if (!m) {
      throw new HipaaValidationError(scope, prop, 'INVALID_VALUE', `${prop} is '${keyArn}'; give the full ARN of a KMS key ` +
        `(arn:aws:kms:${region}:<account>:key/<id>) or of its alias (…:alias/<name>), not a key id or alias name: the key lives in another region.`);
    }
    if (m[1] !== region) {
      throw new HipaaValidationError(scope, prop, 'INCONSISTENT', `${prop} is a key of '${m[1]}' but the replica is in '${region}'; ` +
        'DynamoDB encrypts a replica only with a key of the replica\'s region.');
    }
    return;
  }
  const literalRegion = /:kms:([a-z]{2}(?:-[a-z]+)+-\d):/.exec(keyArn)?.[1];
  if (literalRegion !== undefined && literalRegion !== region) {
    throw new HipaaValidationError(scope, prop, 'INCONSISTENT', `${prop} is a key of '${literalRegion}' but the replica is in '${region}'; ` +
      'DynamoDB encrypts a replica only with a key of the replica\'s region.');
  }
}

/** Tags of the global table: CloudFormation takes them per replica, so `Tags.of()` lands here and every replica renders them. */
class ReplicaTags extends Construct {
  public readonly tags = new TagManager(TagType.STANDARD, 'AWS::DynamoDB::GlobalTable');
}

/**
 * The `AWS::DynamoDB::GlobalTable` of a HipaaTable with replicas: the stack's region (with the
 * table's own key) and each replica, every one with its customer-managed key, point-in-time
 * recovery, deletion protection, the same contributor-insights choice and the same tags.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-globaltable.html
 */
export function createGlobalTable(scope: Construct, id: string, spec: GlobalTableSpec): dynamodb.CfnGlobalTable {
  const tags = new ReplicaTags(scope, `${id}Tags`);
  const attributes = [spec.partitionKey, ...(spec.sortKey ? [spec.sortKey] : [])];
  const autoScaling = (min: number, max: number): dynamodb.CfnGlobalTable.CapacityAutoScalingSettingsProperty => ({
    minCapacity: min, maxCapacity: max, targetTrackingScalingPolicyConfiguration: { targetValue: spec.capacity!.target },
  });
  const regions = [{ region: Stack.of(scope).region, keyArn: spec.key.keyArn }, ...spec.replicas];
  return new dynamodb.CfnGlobalTable(scope, id, {
    tableName: spec.tableName,
    attributeDefinitions: attributes.map((a) => ({ attributeName: a.name, attributeType: a.type })),
    keySchema: attributes.map((a, i) => ({ attributeName: a.name, keyType: i === 0 ? 'HASH' : 'RANGE' })),
    billingMode: spec.capacity ? 'PROVISIONED' : 'PAY_PER_REQUEST',
    writeProvisionedThroughputSettings: spec.capacity
      ? { writeCapacityAutoScalingSettings: autoScaling(spec.capacity.minWrite, spec.capacity.maxWrite) } : undefined,
    // The key of each replica is named in the replica; KMS here means a key that is not DynamoDB's own.
    sseSpecification: { sseEnabled: true, sseType: 'KMS' },
    // Required with more than one replica (multi-Region eventual consistency); both images, as AWS sets it by default:
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-dynamodb-globaltable-streamspecification.html
    streamSpecification: { streamViewType: spec.stream ?? dynamodb.StreamViewType.NEW_AND_OLD_IMAGES },
    timeToLiveSpecification: spec.timeToLiveAttribute ? { attributeName: spec.timeToLiveAttribute, enabled: true } : undefined,
    replicas: regions.map((r) => ({
      region: r.region,
      sseSpecification: { kmsMasterKeyId: r.keyArn },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: spec.pitrDays },
      // Deletion protection is per replica: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/globaltables-bestpractices.html
      deletionProtectionEnabled: true,
      contributorInsightsSpecification: spec.contributorInsights ? { enabled: true } : undefined,
      readProvisionedThroughputSettings: spec.capacity
        ? { readCapacityAutoScalingSettings: autoScaling(spec.capacity.minRead, spec.capacity.maxRead) } : undefined,
      tags: Lazy.any({ produce: () => tags.tags.renderTags() }) as any,
    })),
  });
}
