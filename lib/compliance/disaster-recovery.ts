import { Aspects, IAspect, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { HipaaValidationError } from '../errors';
import { DR_METADATA_KEY, DisasterRecoveryDeclaration } from '../vocabulary/disaster-recovery';

export { DR_METADATA_KEY };
export type { DisasterRecoveryDeclaration };

/**
 * Declares that the app keeps a disaster-recovery copy of its PHI in `drRegion`. Every stack of
 * the app gets the declaration in its template metadata (`cdk-hipaa:DisasterRecovery`: the DR
 * region, and the stack's role: `recovery` for stacks of that region, `primary` for the others),
 * so the gate can judge each template on its own: in a primary stack every PHI bucket must
 * replicate to the DR region (HipaaGap-S3PhiBucketReplication) and every backup rule must copy
 * its recovery points there (HipaaGap-BackupCrossRegionCopy).
 *
 * @param scope the App (or Stage) whose stacks the declaration covers
 * @param drRegion the disaster-recovery region, a literal such as `us-west-2`
 */
export function declareDisasterRecoveryRegion(scope: IConstruct, drRegion: string): void {
  if (Token.isUnresolved(drRegion) || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(drRegion)) {
    throw new HipaaValidationError(scope, 'drRegion', Token.isUnresolved(drRegion) ? 'UNRESOLVED_TOKEN' : 'INVALID_VALUE',
      `drRegion is '${drRegion}'; give the disaster-recovery region as a literal region name, e.g. 'us-west-2'.`);
  }
  Aspects.of(scope).add(new DeclareDisasterRecovery(drRegion));
}

class DeclareDisasterRecovery implements IAspect {
  constructor(private readonly drRegion: string) {}

  public visit(node: IConstruct): void {
    if (!Stack.isStack(node)) return;
    const declaration: DisasterRecoveryDeclaration = {
      Region: this.drRegion,
      // An environment-agnostic stack deploys wherever it is sent; the DR stacks are pinned to the DR region.
      Role: !Token.isUnresolved(node.region) && node.region === this.drRegion ? 'recovery' : 'primary',
    };
    node.templateOptions.metadata = { ...node.templateOptions.metadata, [DR_METADATA_KEY]: declaration };
  }
}
