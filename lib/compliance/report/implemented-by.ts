/**
 * What each construct (or stack) implements by default, the HIPAA Security Rule
 * citations it serves, and the tests that fail if it is removed. This is the data the
 * traceability matrix reads for "implemented by" and "tests"; a test checks that every
 * listed test still exists and that every citation here has a row in the matrix.
 */
export interface ImplementedSafeguard {
  /** The construct, stack or module, by its public name. */
  readonly construct: string;
  /** The default that implements the control, as the README states it. */
  readonly safeguard: string;
  /** Citations it serves, e.g. `164.312(a)(2)(iv)`. */
  readonly controls: readonly string[];
  /** Tests that fail when the default is removed: file from the repository root, and the test's title. */
  readonly tests: ReadonlyArray<{ readonly file: string; readonly name: string }>;
}

const t = (file: string, ...names: string[]) => names.map((name) => ({ file: `test/${file}`, name }));

export const IMPLEMENTED_SAFEGUARDS: readonly ImplementedSafeguard[] = [
  // HipaaKey
  { construct: 'HipaaKey', safeguard: 'customer-managed symmetric key with automatic rotation', controls: ['164.312(a)(2)(iv)'],
    tests: t('constructs/key.test.ts', 'is a symmetric customer-managed key with automatic rotation every 365 days') },
  { construct: 'HipaaKey', safeguard: 'key policy: account root through IAM (no lock-out), named admins manage but cannot use the key', controls: ['164.312(a)(1)', '164.312(a)(2)(ii)', '164.308(a)(4)(ii)(B)'],
    tests: t('constructs/key.test.ts', 'key policy: account root through IAM, named admins manage without using the key') },
  { construct: 'HipaaKey', safeguard: 'CloudWatch Logs may use the key for one named log group only; grants only for AWS resources', controls: ['164.312(a)(1)'],
    tests: t('constructs/key.test.ts', 'allowCloudWatchLogs admits CloudWatch Logs for the one named log group of this account and region', 'grants are denied unless they are for AWS resources or to AWS services (CT.KMS.PR.3)') },
  // HipaaBucket
  { construct: 'HipaaBucket', safeguard: 'SSE-KMS with a customer-managed key and bucket key', controls: ['164.312(a)(2)(iv)'],
    tests: t('constructs/bucket.test.ts', 'encrypts with SSE-KMS under its customer-managed key, with a bucket key', 'denies uploads that ask for another encryption type or key, only when the header is present') },
  { construct: 'HipaaBucket', safeguard: 'Block Public Access (all four) and bucket owner enforced', controls: ['164.312(a)(1)', '164.308(a)(4)(ii)(B)'],
    tests: t('constructs/bucket.test.ts', 'blocks all public access and enforces bucket ownership') },
  { construct: 'HipaaBucket', safeguard: 'bucket policy denies plain HTTP and TLS older than 1.2', controls: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
    tests: t('constructs/bucket.test.ts', 'denies plain HTTP and TLS older than 1.2 for every action') },
  { construct: 'HipaaBucket', safeguard: 'versioning and RETAIN; optional Object Lock', controls: ['164.312(c)(1)', '164.312(c)(2)'],
    tests: t('constructs/bucket.test.ts', 'is versioned and retained', 'turns on Object Lock with a default retention') },
  { construct: 'HipaaBucket', safeguard: 'server access logs to a HipaaLogBucket', controls: ['164.312(b)'],
    tests: t('constructs/bucket.test.ts', 'writes server access logs to the log bucket, which allows the S3 logging service of this account for this bucket only') },
  { construct: 'HipaaBucket', safeguard: 'lifecycle never deletes before six years', controls: ['164.308(a)(7)(ii)(A)'],
    tests: t('constructs/bucket.test.ts', 'archives to Glacier and never expires objects') },
  // HipaaLogBucket
  { construct: 'HipaaLogBucket', safeguard: 'service logs: TLS 1.2+ only, versioned, never expired before six years', controls: ['164.312(b)', '164.312(e)(1)'],
    tests: t('constructs/log-bucket.test.ts', 'denies plain HTTP and TLS older than 1.2', 'archives to Glacier after 90 days and never expires by default') },
  // HipaaVpc
  { construct: 'HipaaVpc', safeguard: 'tiers public / private / isolated with NACLs per tier, default security group stripped', controls: ['164.312(a)(1)', '164.308(a)(4)(ii)(A)'],
    tests: t('constructs/vpc.test.ts', 'data NACL: only the database ports from the private subnets, replies only to them', 'the default security group is stripped of its rules',
      'no NACL admits SSH (22) or RDP (3389) from the internet (Control Tower CT.EC2.PR.5), and none is acknowledged') },
  { construct: 'HipaaVpc', safeguard: 'flow logs of ALL traffic to an encrypted log group kept six years', controls: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
    tests: t('constructs/vpc.test.ts', 'flow logs of ALL traffic to a KMS-encrypted log group kept six years, through a scoped role') },
  { construct: 'HipaaVpc', safeguard: 'interface endpoints accept only HTTPS from inside the VPC', controls: ['164.312(e)(1)'],
    tests: t('constructs/vpc.test.ts', 'interface endpoints accept only HTTPS from inside the VPC') },
  // HipaaLoadBalancer
  { construct: 'HipaaLoadBalancer', safeguard: 'HTTPS only, on 443 with a TLS 1.2+ policy; port 80 only with httpRedirect, and then it only redirects', controls: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
    tests: t('constructs/load-balancer.test.ts', 'HTTPS on 443 with the TLS 1.2+ policy and the certificate', 'HTTPS only by default: no port-80 listener, nothing certificate-less to acknowledge', 'port 80 only redirects to HTTPS') },
  { construct: 'HipaaLoadBalancer', safeguard: 'targets and health checks over HTTPS', controls: ['164.312(e)(1)', '164.312(e)(2)(i)'],
    tests: t('constructs/load-balancer.test.ts', 'targets and health checks use HTTPS') },
  { construct: 'HipaaLoadBalancer', safeguard: 'WAFv2 web ACL with rate limit and managed rule groups, logged', controls: ['164.312(a)(1)', '164.308(a)(5)(ii)(B)'],
    tests: t('constructs/load-balancer.test.ts', 'WAF web ACL (REGIONAL) with rate limit and the managed rule groups, associated and logging') },
  { construct: 'HipaaLoadBalancer', safeguard: 'access logs; deletion protection, invalid headers dropped', controls: ['164.312(b)', '164.312(c)(1)'],
    tests: t('constructs/load-balancer.test.ts', 'access logs bucket lets ELB log delivery write under the prefix', 'is internet-facing in the public subnets, with deletion protection, invalid headers dropped and strictest desync mitigation') },
  // HipaaDatabase
  { construct: 'HipaaDatabase', safeguard: 'storage, secret and Performance Insights encrypted with the customer-managed key; Multi-AZ; not public', controls: ['164.312(a)(2)(iv)', '164.312(a)(1)', '164.308(a)(7)(ii)(B)'],
    tests: t('constructs/database.test.ts', 'Multi-AZ, not public, storage encrypted with the customer-managed key, gp3 with autoscaling', 'Performance Insights encrypted with the key') },
  { construct: 'HipaaDatabase', safeguard: 'TLS forced by the engine family parameter group', controls: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
    tests: t('constructs/database.test.ts', 'TLS forced by a parameter group of the engine family') },
  { construct: 'HipaaDatabase', safeguard: 'IAM database authentication (one identity per user); master secret rotated every 30 days', controls: ['164.312(d)', '164.312(a)(2)(i)', '164.308(a)(5)(ii)(D)'],
    tests: t('constructs/database.test.ts', 'IAM authentication, 35 days of backups, deletion protection, SNAPSHOT on removal, tags copied, minor upgrades',
      'master secret encrypted with the key and rotated every 30 days by hosted rotation in the private tier') },
  { construct: 'HipaaDatabase', safeguard: '35 days of backups, deletion protection, snapshot on removal', controls: ['164.308(a)(7)(ii)(A)', '164.312(c)(1)'],
    tests: t('constructs/database.test.ts', 'IAM authentication, 35 days of backups, deletion protection, SNAPSHOT on removal, tags copied, minor upgrades') },
  { construct: 'HipaaDatabase', safeguard: 'every log type exported to encrypted log groups kept six years', controls: ['164.312(b)'],
    tests: t('constructs/database.test.ts', 'every log type exported to a log group created first, encrypted with its own log key and kept six years') },
  // HipaaTable
  { construct: 'HipaaTable', safeguard: 'SSE with the customer-managed key', controls: ['164.312(a)(2)(iv)'],
    tests: t('constructs/table.test.ts', 'SSE with the customer-managed key') },
  { construct: 'HipaaTable', safeguard: '35 days of point-in-time recovery, deletion protection', controls: ['164.308(a)(7)(ii)(A)', '164.312(c)(1)'],
    tests: t('constructs/table.test.ts', '35 days of point-in-time recovery, deletion protection, RETAIN') },
  { construct: 'HipaaTable', safeguard: '`replicas`: a global table, every replica with a customer-managed key of its region, PITR and deletion protection',
    controls: ['164.308(a)(7)(ii)(B)', '164.312(a)(2)(iv)', '164.308(a)(7)(ii)(A)'],
    tests: t('constructs/table.test.ts', 'one replica in the stack region with the table key, one per requested region with its key',
      'every replica: 35 days of PITR, deletion protection, tagged PHI') },
  // HipaaBackupPlan
  { construct: 'HipaaBackupPlan', safeguard: 'daily 35 days, monthly six years with cold storage', controls: ['164.308(a)(7)(ii)(A)', '164.308(a)(7)(ii)(B)', '164.308(a)(7)(i)'],
    tests: t('constructs/backup-plan.test.ts', 'daily rule kept 35 days, monthly kept six years with cold storage after 90 days') },
  { construct: 'HipaaBackupPlan', safeguard: 'vault encrypted with a customer-managed key; deleting recovery points denied to everyone', controls: ['164.312(a)(2)(iv)', '164.312(c)(1)', '164.312(a)(2)(ii)'],
    tests: t('constructs/backup-plan.test.ts', 'vault encrypted with a customer-managed key, retained, deleting recovery points denied to everyone') },
  { construct: 'HipaaBackupPlan', safeguard: 'its role can restore S3 data into a new bucket (restore tests): the boundary allows versioning only on awsbackup-restore-* buckets, audit buckets stay protected',
    controls: ['164.308(a)(7)(ii)(A)', '164.308(a)(7)(ii)(D)', '164.312(b)'],
    tests: [...t('constructs/permissions-boundary.test.ts', 'every action of the S3 restore policy is allowed on the bucket a restore test creates',
      'only s3:PutBucketVersioning is carved out, only on awsbackup-restore-* buckets'),
    ...t('constructs/restore-testing.test.ts', 'that role may restore into the new bucket: HipaaGap-BackupS3RestorePermitted holds on it')] },
  // HipaaAutoScalingGroup
  { construct: 'HipaaAutoScalingGroup', safeguard: 'dedicated tenancy, IMDSv2 (hop limit 1), no key pair, no public IP', controls: ['164.312(a)(1)', '164.308(a)(4)(ii)(A)'],
    tests: t('constructs/auto-scaling-group.test.ts', 'launch template: dedicated tenancy, IMDSv2 with hop limit 1, detailed monitoring, no key pair, no public IP') },
  { construct: 'HipaaAutoScalingGroup', safeguard: 'EBS volumes encrypted with the customer-managed key', controls: ['164.312(a)(2)(iv)'],
    tests: t('constructs/auto-scaling-group.test.ts', 'root volume encrypted with the customer-managed key, gp3, deleted with the instance') },
  { construct: 'HipaaAutoScalingGroup', safeguard: 'instance role: customer-managed policy bounded by HipaaPermissionsBoundary; access only through Session Manager (per-user, logged sessions)', controls: ['164.312(a)(2)(i)', '164.308(a)(4)(ii)(C)', '164.312(a)(1)'],
    tests: t('constructs/auto-scaling-group.test.ts', 'instance role: no AWS managed policy, a customer-managed policy, bounded by HipaaPermissionsBoundary',
      'Session Manager: register, open channels, log to the session log group, decrypt with the session key only') },
  { construct: 'HipaaPermissionsBoundary', safeguard: 'every library role capped to the actions its profile lists (no * or service:*) and denied every audit-tamper action', controls: ['164.312(a)(1)', '164.308(a)(4)(ii)(B)', '164.312(b)'],
    tests: [...t('constructs/permissions-boundary.test.ts', 'denies every audit-tamper action, unconditionally', 'its one allow statement caps to a list: no *, no service:*, no NotAction'),
      ...t('app.test.ts', 'every action a bounded role is granted is allowed by its permissions boundary (no AccessDenied after deploy)')] },
  { construct: 'HipaaAutoScalingGroup', safeguard: 'ELB health checks and rolling updates across at least two AZs', controls: ['164.308(a)(7)(ii)(B)', '164.312(c)(1)'],
    tests: t('constructs/auto-scaling-group.test.ts', 'private subnets, 2 to 4 instances, load balancer health checks, rolling updates, group metrics, scaling events to an encrypted topic') },
  // HipaaEmrCluster
  { construct: 'HipaaEmrCluster', safeguard: 'at-rest encryption of EMRFS, local disks and EBS with the customer-managed key', controls: ['164.312(a)(2)(iv)'],
    tests: t('constructs/emr-cluster.test.ts', 'at-rest encryption: EMRFS SSE-KMS, local disks and EBS with the customer-managed key') },
  { construct: 'HipaaEmrCluster', safeguard: 'in-transit TLS between nodes with generated certificates', controls: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
    tests: t('constructs/emr-cluster.test.ts', 'in-transit TLS with PEM certificates from the custom resource; IMDSv2 on the nodes') },
  { construct: 'HipaaEmrCluster', safeguard: 'dedicated-tenancy VPC, private subnet, no outside ingress', controls: ['164.312(a)(1)'],
    tests: t('constructs/emr-cluster.test.ts', 'runs in a dedicated-tenancy VPC, in a private subnet, without key pair or public IP') },
  { construct: 'HipaaEmrCluster', safeguard: 'applications from an allow-list; interactive ones only with Kerberos and a written reason', controls: ['164.312(a)(1)', '164.312(d)'],
    tests: t('constructs/emr-cluster.test.ts', 'applications in EMR\'s spelling; the interactive one acknowledged with the reason and the Kerberos fact',
      'Kerberos is acknowledged with the IAM-based access reason when not configured, true as built') },
  { construct: 'HipaaEmrCluster', safeguard: 'Kerberos KDC password generated into Secrets Manager (cluster key), passed only by dynamic reference', controls: ['164.312(d)', '164.312(a)(2)(iv)'],
    tests: t('constructs/emr-cluster.test.ts', 'the password is generated into Secrets Manager, encrypted with the cluster key', 'EMR gets it by dynamic reference: never plain text in the template') },
  { construct: 'HipaaEmrCluster', safeguard: 'node certificates renewed on redeploy; the alarm topic told before they expire', controls: ['164.312(e)(1)', '164.308(a)(6)(ii)'],
    tests: t('constructs/emr-cluster.test.ts', 'certificates: renewal counter, expiry warning and final reminder passed to the custom resource', 'before the certificates expire, two one-time schedules (notice, final reminder) tell the alarm topic; nothing runs but Scheduler',
      'the notice role: trusted by Scheduler of this account for the default group only, publishes to the topic only, bounded') },
  { construct: 'EmrStack', safeguard: 'the reference cluster runs with a cluster-dedicated KDC', controls: ['164.312(d)'],
    tests: t('stacks/emr-stack.test.ts', 'the reference cluster runs with a cluster-dedicated KDC whose password comes from Secrets Manager by dynamic reference') },
  // HipaaTrail
  { construct: 'HipaaTrail', safeguard: 'multi-region trail, management events read and write, KMS-encrypted', controls: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
    tests: t('constructs/trail.test.ts', 'multi-region, global events, log file validation, KMS, CloudWatch Logs, management events read and write') },
  { construct: 'HipaaTrail', safeguard: 'log file validation (digest files)', controls: ['164.312(c)(2)', '164.312(c)(1)'],
    tests: t('constructs/trail.test.ts', 'multi-region, global events, log file validation, KMS, CloudWatch Logs, management events read and write') },
  { construct: 'HipaaTrail', safeguard: 'CIS metric filters and alarms (root use, sign-in without MFA, unauthorized calls, policy changes) to an encrypted topic', controls: ['164.308(a)(6)(ii)', '164.308(a)(5)(ii)(C)', '164.308(a)(1)(ii)(D)'],
    tests: t('constructs/trail.test.ts', 'one metric filter and one alarm per CIS monitoring control, each notifying the encrypted topic') },
  // HipaaConfigRules
  { construct: 'HipaaConfigRules', safeguard: 'all 129 managed rules of the HIPAA conformance pack with its parameters', controls: ['164.312(b)', '164.308(a)(1)(ii)(D)', '164.308(a)(8)'],
    tests: t('constructs/config-rules.test.ts', 'deploys all 129 managed rules with the prefix, the pack parameters, the pack scope and their safeguard') },
  { construct: 'HipaaConfigRules', safeguard: 'custom rules: PHI stores on rotating customer-managed keys, PHI instances dedicated, HTTPS target groups, six-year log retention', controls: ['164.312(a)(2)(iv)', '164.312(a)(1)', '164.312(e)(1)', '164.312(b)'],
    tests: [
      ...t('constructs/config-rules.test.ts', 'the custom rules: scope, trigger and a hardened function each, with only the calls its handler makes'),
      ...t('constructs/config-rules/phi-tenancy-rule-handler.test.ts', 'non-compliant: PHI instance on shared hardware, with the fix in the annotation'),
      ...t('constructs/config-rules/https-target-group-rule-handler.test.ts', 'judges every target group of every page and sends one evaluation each, by ARN, at the notification time'),
      ...t('constructs/config-rules/log-retention-rule-handler.test.ts', 'every log group of every page: six years or never-expire pass, shorter fails with the numbers'),
      ...t('constructs/config-rules/phi-key-rule-handler.test.ts', 'compliant: PHI database on an enabled, rotating customer-managed key; the evaluation is sent with the result token'),
    ] },
  // HipaaBaselineStack
  { construct: 'HipaaBaselineStack', safeguard: 'GuardDuty with the agentless protection plans', controls: ['164.308(a)(5)(ii)(B)', '164.308(a)(1)(ii)(D)', '164.308(a)(6)(ii)'],
    tests: t('stacks/baseline-stack.test.ts', 'GuardDuty with the agentless protection plans') },
  { construct: 'HipaaBaselineStack', safeguard: 'Security Hub (FSBP, CIS 3.0, NIST 800-53) and IAM Access Analyzer', controls: ['164.308(a)(1)(ii)(D)', '164.308(a)(8)', '164.308(a)(4)(ii)(B)'],
    tests: t('stacks/baseline-stack.test.ts', 'Security Hub with consolidated control findings and three standards', 'IAM Access Analyzer for the account') },
  { construct: 'HipaaBaselineStack', safeguard: 'account settings: IAM password policy (14+ characters, 90 days, 24 reused), EBS encryption by default, S3 account public access block', controls: ['164.308(a)(5)(ii)(D)', '164.312(d)', '164.312(a)(2)(iv)', '164.312(a)(1)'],
    tests: t('stacks/baseline-stack.test.ts', 'account settings through the custom resource: pack password policy, EBS default encryption, S3 account BPA', 'rejects a weaker password policy') },
  { construct: 'HipaaBaselineStack', safeguard: 'Session Manager preferences: sessions logged to an encrypted log group kept six years, idle timeout', controls: ['164.312(a)(2)(iii)', '164.312(b)'],
    tests: t('stacks/baseline-stack.test.ts', 'the account preferences document: sessions streamed to the encrypted log group, KMS-encrypted, idle timeout, no run-as') },
  // HipaaUserPool
  { construct: 'HipaaUserPool', safeguard: 'MFA required (TOTP, passkeys), 14+ character passwords, invitation only, threat protection', controls: ['164.312(d)', '164.312(a)(2)(i)', '164.308(a)(5)(ii)(D)'],
    tests: t('constructs/user-pool.test.ts', 'MFA required with TOTP only (no SMS), passkeys as a verified first factor',
      'passwords of 14+ characters with every class; invitation only; email-only recovery; protected and retained') },
  { construct: 'HipaaUserPool', safeguard: 'the load balancer signs people in before forwarding, with a bounded session; sign-in activity logged six years', controls: ['164.312(a)(2)(iii)', '164.308(a)(5)(ii)(C)', '164.312(b)'],
    tests: t('constructs/user-pool.test.ts', 'the load balancer signs people in before forwarding, with a bounded session', 'sign-in activity goes to an encrypted six-year log group') },
  // EnvelopeEncryptor
  { construct: 'EnvelopeEncryptor', safeguard: 'AES-256-GCM envelope encryption with key commitment: tampering and swapped keys are detected', controls: ['164.312(c)(2)', '164.312(a)(2)(iv)', '164.312(e)(2)(i)'],
    tests: t('envelope/encryptor.test.ts', 'every single-bit flip anywhere in a message is detected', 'a swapped commitment key (invisible-salamander style) is refused before any decryption') },
];
