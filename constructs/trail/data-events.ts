import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HipaaValidationError } from '../../lib/errors';

/** A narrower selection of the resources whose data-plane reads and writes a trail records. */
export interface TrailDataEventSelection {
  /**
   * Buckets whose object reads and writes are recorded.
   * @default - none
   */
  readonly buckets?: s3.IBucket[];
  /**
   * Object ARN prefixes recorded, e.g. `arn:aws:s3:::my-bucket/patients/`.
   * @default - none
   */
  readonly s3ObjectArnPrefixes?: string[];
  /**
   * Tables whose item reads and writes are recorded, and the reads of their streams
   * (`<table ARN>/stream/`: a stream record holds the item, so reading it is reading PHI).
   * @default - none
   */
  readonly tables?: dynamodb.ITable[];
  /**
   * Table ARN prefixes recorded (items, and reads of the tables' streams), e.g.
   * `arn:aws:dynamodb:eu-west-1:<account>:table/patients-`.
   * @default - none
   */
  readonly tableArnPrefixes?: string[];
}

/**
 * Which S3 objects and DynamoDB tables a {@link HipaaTrail} records data events
 * (reads and writes) for. §164.312(b): who read or changed which PHI record.
 */
export class TrailDataEvents {
  /**
   * Every bucket, every table and every DynamoDB stream of the account, in every region the trail covers,
   * except the trail's own log bucket (recording CloudTrail's deliveries into it would
   * make each delivery an event of the next one). Its object access is recorded by its
   * S3 server access logs instead.
   */
  public static allBucketsAndTables(): TrailDataEvents {
    return new TrailDataEvents(undefined);
  }

  /** Only the given buckets, tables and ARN prefixes (at least one). */
  public static of(selection: TrailDataEventSelection): TrailDataEvents {
    return new TrailDataEvents(selection);
  }

  private constructor(private readonly selection: TrailDataEventSelection | undefined) {}

  /** True when every bucket and table of the account is recorded. */
  public get coversAll(): boolean {
    return this.selection === undefined;
  }

  /**
   * The advanced event selectors: management events (reads and writes) and the data events.
   * @internal
   */
  public _selectors(scope: Construct, ownLogBucket: s3.IBucket): cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] {
    const management: cloudtrail.CfnTrail.AdvancedEventSelectorProperty = {
      name: 'Management events, reads and writes',
      fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }],
    };
    const data = (name: string, type: string, arn?: cloudtrail.CfnTrail.AdvancedFieldSelectorProperty): cloudtrail.CfnTrail.AdvancedEventSelectorProperty => ({
      name,
      fieldSelectors: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: [type] },
        ...(arn ? [arn] : []),
      ],
    });
    if (!this.selection) {
      return [
        management,
        data('S3 object reads and writes, every bucket but the trail bucket', S3_OBJECT,
          { field: 'resources.ARN', notStartsWith: [`${ownLogBucket.bucketArn}/`] }),
        data('DynamoDB item reads and writes, every table', DYNAMODB_TABLE),
        data('DynamoDB stream reads, every table', DYNAMODB_STREAM),
      ];
    }
    const s = this.selection;
    const objectPrefixes = [...(s.buckets ?? []).map((b) => `${b.bucketArn}/`), ...(s.s3ObjectArnPrefixes ?? [])];
    const tableArns = (s.tables ?? []).map((t) => t.tableArn);
    const tablePrefixes = s.tableArnPrefixes ?? [];
    validatePrefixes(scope, 'dataEvents.s3ObjectArnPrefixes', s.s3ObjectArnPrefixes ?? [], /^arn:[a-z-]+:s3:::[a-z0-9.-]{3,63}\//,
      'give an object ARN prefix that names the bucket and ends in / or a key prefix, e.g. arn:aws:s3:::my-bucket/');
    validatePrefixes(scope, 'dataEvents.tableArnPrefixes', tablePrefixes, /^arn:[a-z-]+:dynamodb:[a-z0-9-]*:[0-9]{12}:table\//,
      'give a table ARN prefix with region and account, e.g. arn:aws:dynamodb:eu-west-1:111122223333:table/patients-');
    if (objectPrefixes.length + tableArns.length + tablePrefixes.length === 0) {
      throw new HipaaValidationError(scope, 'dataEvents', 'REQUIRED', 'dataEvents selects no bucket and no table; ' +
        'name the PHI stores (buckets, tables or ARN prefixes) or use TrailDataEvents.allBucketsAndTables() (the default).');
    }
    const selectors = [management];
    if (objectPrefixes.length > 0) {
      selectors.push(data('S3 object reads and writes, selected buckets', S3_OBJECT, { field: 'resources.ARN', startsWith: objectPrefixes }));
    }
    if (tableArns.length > 0) {
      selectors.push(data('DynamoDB item reads and writes, selected tables', DYNAMODB_TABLE, { field: 'resources.ARN', equalTo: tableArns }));
    }
    if (tablePrefixes.length > 0) {
      selectors.push(data('DynamoDB item reads and writes, selected table prefixes', DYNAMODB_TABLE, { field: 'resources.ARN', startsWith: tablePrefixes }));
    }
    // A stream's ARN is its table's ARN + /stream/<label>: the prefix covers the current stream and any later one.
    const streamPrefixes = [...tableArns.map((arn) => `${arn}/stream/`), ...tablePrefixes];
    if (streamPrefixes.length > 0) {
      selectors.push(data('DynamoDB stream reads, selected tables', DYNAMODB_STREAM, { field: 'resources.ARN', startsWith: streamPrefixes }));
    }
    return selectors;
  }
}

const S3_OBJECT = 'AWS::S3::Object';
const DYNAMODB_TABLE = 'AWS::DynamoDB::Table';
/**
 * DynamoDB Streams reads (GetRecords, GetShardIterator, DescribeStream) are data events of their
 * own resource type, recorded only with advanced event selectors
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html,
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html).
 */
const DYNAMODB_STREAM = 'AWS::DynamoDB::Stream';

function validatePrefixes(scope: Construct, prop: string, values: string[], pattern: RegExp, fix: string): void {
  for (const value of values) {
    if (Token.isUnresolved(value)) continue;
    if (!pattern.test(value)) {
      throw new HipaaValidationError(scope, prop, 'INVALID_VALUE', `${prop} has '${value}'; ${fix}.`);
    }
  }
}
