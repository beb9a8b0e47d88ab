import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { HipaaValidationError } from '../../lib/errors';

/**
 * The interface endpoints a HipaaVpc keeps whatever the user adds: without
 * them instances lose Session Manager (SSM, SSM messages, EC2 messages), their
 * logs (CloudWatch Logs), KMS and the database secret rotation (Secrets
 * Manager), or reach them over the internet. Extra endpoints are welcome;
 * leaving one of these out (`interfaceEndpoints: []`) is rejected.
 */
export function requireInterfaceEndpoints(scope: IConstruct, given: readonly ec2.InterfaceVpcEndpointAwsService[] | undefined,
  required: readonly ec2.InterfaceVpcEndpointAwsService[]): readonly ec2.InterfaceVpcEndpointAwsService[] {
  if (given === undefined) return required;
  const names = new Set(given.map((s) => s.shortName));
  const missing = required.filter((s) => !names.has(s.shortName)).map((s) => s.shortName);
  if (missing.length > 0) {
    throw new HipaaValidationError(scope, 'interfaceEndpoints', 'WEAKENS_SAFEGUARD', `interfaceEndpoints is [${given.map((s) => s.shortName).join(', ')}], ` +
      `without ${missing.join(', ')}; instances would lose Session Manager, their logs, KMS or secret rotation, or reach them outside the VPC. ` +
      'Keep DEFAULT_INTERFACE_ENDPOINTS and add yours: [...DEFAULT_INTERFACE_ENDPOINTS, ec2.InterfaceVpcEndpointAwsService.X].');
  }
  return given;
}
