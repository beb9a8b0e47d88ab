import * as path from 'path';
import { CustomResource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HardenedFunction } from '../../../constructs/internal/hardened-function';
import { OrganizationAdminProperties } from './organization-admin-handler';

/**
 * Runs the organization calls CloudFormation has no resource for (delegated
 * administrators, GuardDuty auto-enable) through one hardened function per stack.
 */
export class OrganizationAdmin extends Construct {
  private readonly fn: HardenedFunction;

  constructor(scope: Construct, id: string, actions: string[]) {
    super(scope, id);
    this.fn = new HardenedFunction(this, 'Function', {
      entry: path.join(__dirname, 'organization-admin-handler'),
      description: 'cdk-hipaa: delegated administrators and organization auto-enable',
      outsideVpcReason: 'Runs only during deployment and calls only the Organizations and GuardDuty APIs over TLS; it handles no PHI.',
      invocationReason: 'Invoked only by CloudFormation during deployment, which waits for its answer and fails the deployment visibly on error.',
      accountLevelActions: {
        actions,
        reason: 'nor do Organizations delegated-administrator and GuardDuty organization calls, which act on the organization as a whole.',
      },
    });
  }

  /** One call, kept in the stack as a custom resource. */
  public call(id: string, properties: OrganizationAdminProperties): CustomResource {
    return new CustomResource(this, id, {
      serviceToken: this.fn.function.functionArn,
      resourceType: 'Custom::HipaaOrganizationAdmin',
      properties,
    });
  }
}
