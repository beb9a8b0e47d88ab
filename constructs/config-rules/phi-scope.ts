/**
 * What the PHI key rule judges, shared by the construct (rule scope) and the
 * handler. No AWS SDK import here: the construct side must load without it.
 */
import { DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION } from '../../lib/vocabulary/data-classification';

export const PHI_DATA_STORE_TYPES = ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::EC2::Volume'] as const;
export const PHI_TAG_KEY = DATA_CLASSIFICATION_TAG;
export const PHI_TAG_VALUE = PHI_CLASSIFICATION;

/** Whether a configuration item carries the PHI tag (Config reports tags as a key-value map). */
export function isPhi(item: { readonly tags?: Record<string, string> }): boolean {
  return Object.entries(item.tags ?? {}).some(([k, v]) => k === PHI_TAG_KEY && v === PHI_TAG_VALUE);
}
