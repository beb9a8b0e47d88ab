import { GapRule, RuleVerdict } from '../rule';
import { redshiftParameterValue } from './parameter-group';

const LOG_TYPES = ['connectionlog', 'userlog', 'useractivitylog'];

/**
 * All three audit logs reach their destination: `LoggingProperties` with a destination
 * (an S3 bucket, or CloudWatch Logs) that exports connection, user and user-activity logs,
 * and a parameter group of the template with `enable_user_activity_logging=true` (without
 * it the user activity log stays empty, https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html#db-auditing-enable-logging).
 * The packs accept any `LoggingProperties`, even one exporting a single log type, and read
 * the parameter group from the construct, not the final template.
 */
export const RedshiftAuditLogging: GapRule = {
  id: 'RedshiftAuditLogging',
  resourceTypes: ['AWS::Redshift::Cluster'],
  description: 'The Redshift cluster does not export all three audit logs (connectionlog, userlog, useractivitylog) or its parameter group ' +
    'does not set enable_user_activity_logging=true, so queries or connections go unrecorded.',
  fix: 'Use HipaaRedshiftCluster, or set LoggingProperties (LogDestinationType cloudwatch with all three LogExports, or an S3 BucketName) ' +
    'and enable_user_activity_logging=true in a parameter group of this template.',
  safeguard: '164.312(b) audit controls',
  evaluate({ resource, template }) {
    const props = resource.Properties ?? {};
    const logging = props.LoggingProperties;
    if (!logging || typeof logging !== 'object') return RuleVerdict.NON_COMPLIANT;
    const destination = String(logging.LogDestinationType ?? (logging.BucketName !== undefined ? 's3' : '')).toLowerCase();
    if (destination === 's3' && logging.BucketName === undefined) return RuleVerdict.NON_COMPLIANT;
    if (destination !== 's3' && destination !== 'cloudwatch') return RuleVerdict.NON_COMPLIANT;
    // CloudWatch exports only the listed types; S3 writes all three unless LogExports narrows them.
    const exports: unknown = logging.LogExports;
    if (destination === 'cloudwatch' || exports !== undefined) {
      if (!Array.isArray(exports) || !LOG_TYPES.every((t) => exports.includes(t))) return RuleVerdict.NON_COMPLIANT;
    }
    const activity = redshiftParameterValue(template, props.ClusterParameterGroupName, 'enable_user_activity_logging');
    return activity === 'true' ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
