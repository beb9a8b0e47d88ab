/** What both DynamoDB rules read: the table types and the settings of each replica. */

/** The table types the DynamoDB rules judge. */
export const TABLE_TYPES = ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'];

/** A CloudFormation boolean: `true` or the string `'true'`. */
export const isTrue = (v: unknown): boolean => v === true || v === 'true';

/** The per-replica settings of a global table, or the table itself. */
export function replicasOf(resource: { Type: string; Properties?: Record<string, any> }): Array<Record<string, any>> {
  const props = resource.Properties ?? {};
  return resource.Type === 'AWS::DynamoDB::GlobalTable' ? (Array.isArray(props.Replicas) ? props.Replicas : []) : [props];
}
