/**
 * EMR applications HipaaEmrCluster installs: batch engines that take work only through the EMR
 * API (steps) and the cluster's own services, and interactive ones that open a notebook, a web
 * login page, a REST session service or an interactive SQL endpoint on the primary node. An
 * interactive application lets a person work with PHI on the cluster, so it is accepted only
 * with Kerberos (each person authenticates to the cluster-dedicated KDC) and a written reason.
 * Names as EMR spells them: https://docs.aws.amazon.com/emr/latest/ReleaseGuide/emr-release-components.html
 */
export const EMR_BATCH_APPLICATIONS = [
  'Hadoop', 'Spark', 'Hive', 'Tez', 'Pig', 'HCatalog', 'Sqoop', 'Flink', 'HBase', 'Phoenix', 'ZooKeeper', 'Oozie',
] as const;

/** Applications that give a person an interactive session on the cluster. */
export const EMR_INTERACTIVE_APPLICATIONS = [
  'JupyterHub', 'JupyterEnterpriseGateway', 'Hue', 'Livy', 'Zeppelin', 'Presto', 'Trino',
] as const;

/** Which list an application name belongs to (case-insensitive, as EMR accepts it), or undefined. */
export function applicationKind(name: string): { kind: 'batch' | 'interactive'; canonical: string } | undefined {
  const lower = name.trim().toLowerCase();
  const batch = EMR_BATCH_APPLICATIONS.find((a) => a.toLowerCase() === lower);
  if (batch) return { kind: 'batch', canonical: batch };
  const interactive = EMR_INTERACTIVE_APPLICATIONS.find((a) => a.toLowerCase() === lower);
  return interactive ? { kind: 'interactive', canonical: interactive } : undefined;
}
