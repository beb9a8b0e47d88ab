import { CfnTemplateResource } from '../template';

/** The resource types of a DynamoDB table: a single-region table and a global table. */
export const TABLE_TYPES = ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'];

export const isTrue = (v: unknown): boolean => v === true || v === 'true';

/** The per-replica settings of a global table (each replica is a table of its region), or the table itself. */
export function replicasOf(resource: CfnTemplateResource): Array<Record<string, any>> {
  const props = resource.Properties ?? {};
  return resource.Type === 'AWS::DynamoDB::GlobalTable' ? (Array.isArray(props.Replicas) ? props.Replicas : []) : [props];
}
