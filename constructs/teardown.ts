import { Annotations } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { HipaaValidationError } from '../lib/errors';
import { MIN_REASON_LENGTH } from '../lib/compliance/reason';
import { suppress } from '../lib/compliance/suppress';

/**
 * Lets `cdk destroy` (and the rollback of a failed first create) remove a protected resource of a
 * non-production deployment: a load balancer without deletion protection, a database without
 * deletion protection (its final snapshot is still taken), an EMR cluster without termination
 * protection. Never set it where PHI lives: protection is what stops one mistaken delete from
 * removing it.
 */
export interface HipaaTeardown {
  /**
   * Why this deployment may be destroyed, for an auditor (e.g. 'CI environment with synthetic data
   * only, destroyed after every run'): at least 30 characters. It becomes the acknowledgement of
   * every finding the missing protection raises, and an info note at synth.
   */
  readonly reason: string;
}

/** Checks the teardown prop of `scope` and returns it, or undefined when protection stays on. */
export function validateTeardown(scope: Construct, propName: string, teardown: HipaaTeardown | undefined): HipaaTeardown | undefined {
  if (teardown === undefined) return undefined;
  const reason = (teardown.reason ?? '').trim();
  if (reason.length < MIN_REASON_LENGTH) {
    throw new HipaaValidationError(scope, `${propName}.reason`, 'WEAKENS_SAFEGUARD', `${propName}.reason is '${reason}' (${reason.length} characters); ` +
      `say in at least ${MIN_REASON_LENGTH} characters why this deployment may be destroyed (it turns deletion protection off), or remove ${propName}.`);
  }
  return { reason };
}

/**
 * Records that `resource`'s protection is off for teardown: each finding it raises is acknowledged
 * with the user's reason, and an info note names what can now be deleted.
 */
export function acknowledgeTeardown(scope: Construct, resource: IConstruct, what: string, ruleIds: string[], teardown: HipaaTeardown): void {
  const reason = `Non-production teardown (${what} can be deleted by the stack): ${teardown.reason}`;
  for (const ruleId of ruleIds) suppress(resource, ruleId, reason);
  // Info, not a warning: a warning fails a gated synth, and the acknowledgements above already carry the reason.
  Annotations.of(scope).addInfo(`teardown is set: ${what} has no deletion protection, so cdk destroy deletes it. ${teardown.reason}`);
}
