import { StringRule } from './checks';

/**
 * AWS naming rules of the names cdk-hipaa constructs take, in one place, so a
 * bad name fails at synth with the rule instead of at deploy with AWS's error.
 */
export const NAME_RULES = {
  /** https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html */
  s3Bucket: {
    // awsbackup-restore- is kept for the buckets AWS Backup restores create, where the backup role may turn versioning on
    // (RESTORE_BUCKET_PREFIX, lib/policies/backup-restore.ts): no bucket of the library may carry it.
    pattern: /^(?!xn--|sthree-|amzn-s3-demo-|awsbackup-restore-)(?!.*\.\.)(?!.*(-s3alias|--ol-s3|--x-s3|--table-s3)$)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    rule: 'an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit, no spaces, ' +
      'not starting with awsbackup-restore- (kept for the buckets AWS Backup restores create)',
    example: 'clinic-patient-records',
  },
  /** https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html */
  dynamoDbTable: { pattern: /^[a-zA-Z0-9_.-]{3,255}$/, rule: 'a DynamoDB table name: 3 to 255 letters, digits, _ . -', example: 'patient-visits' },
  /** RDS CreateDBInstance / CreateDBCluster MasterUsername: 1 to 16 letters, numbers or underscores, a letter first (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html). */
  rdsMasterUsername: {
    pattern: /^[A-Za-z][A-Za-z0-9_]{0,15}$/,
    rule: 'a database user name: 1 to 16 letters, digits or underscores, starting with a letter (no spaces)',
    example: 'hipaa_admin',
  },
  rdsDatabaseName: {
    pattern: /^[A-Za-z][A-Za-z0-9_]{0,62}$/,
    rule: 'a database name: 1 to 63 letters, digits or underscores, starting with a letter',
    example: 'clinic',
  },
  /** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html */
  logGroup: { pattern: /^[.\-_/#A-Za-z0-9]{1,512}$/, rule: 'a log group name: 1 to 512 letters, digits and . - _ / #', example: '/clinic/app' },
  /** https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html */
  backupVault: { pattern: /^[a-zA-Z0-9_-]{2,50}$/, rule: 'a backup vault name: 2 to 50 letters, digits, - and _', example: 'clinic-vault' },
  /** https://docs.aws.amazon.com/emr/latest/APIReference/API_RunJobFlow.html (Name: up to 256 printable characters) */
  emrCluster: { pattern: /^[\x20-\x7e]{1,256}$/, rule: 'an EMR cluster name: 1 to 256 printable ASCII characters', example: 'phi-analytics' },
  /** https://docs.aws.amazon.com/emr/latest/ReleaseGuide/emr-release-components.html */
  emrRelease: { pattern: /^emr-\d+\.\d+\.\d+$/, rule: "an EMR release label such as 'emr-7.9.0'", example: 'emr-7.9.0' },
  emrApplication: { pattern: /^[A-Za-z][A-Za-z0-9-]{0,63}$/, rule: "an EMR application name such as 'Spark' or 'Hadoop'", example: 'Spark' },
  /** https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html (path: 1 to 1024 characters, starting with /) */
  healthCheckPath: { pattern: /^\/[\x21-\x7e]{0,1023}$/, rule: "a path starting with '/' (at most 1024 characters, no spaces)", example: '/health' },
  /** https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#path-conditions */
  pathPattern: { pattern: /^[A-Za-z0-9_\-.$/~"'@:+&*?]{1,128}$/, rule: "a path pattern of at most 128 characters (letters, digits, _-.$/~\"'@:+&*?)", example: '/api/*' },
} as const satisfies Record<string, StringRule>;
