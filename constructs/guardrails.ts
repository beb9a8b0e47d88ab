import { Token } from 'aws-cdk-lib';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { HipaaValidationError } from '../lib/errors';
import { reasonProblem } from '../lib/compliance/reason';
import { MIN_REASON_LENGTH } from '../lib/compliance/suppress';
import { KEY_DELETION_ROLE_PREFIX } from '../lib/policies/key-deletion';
import { Guardrail, GUARDRAILS, GuardrailContext } from './guardrails/statements';

export { GUARDRAILS, GLOBAL_SERVICE_ACTIONS, AUDIT_TAMPER_ACTIONS, AUDIT_RECONFIGURE_ACTIONS } from './guardrails/statements';
export type { Guardrail, GuardrailContext } from './guardrails/statements';

/**
 * Largest SCP document AWS Organizations accepts, in characters.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
export const SCP_MAX_CHARACTERS = 5120;

/**
 * At most five SCPs attach to one root, OU or account, and FullAWSAccess (or the
 * organization's allow list) takes one: two for the organization-wide guardrails and two
 * for the PHI ones leaves room for one of the user's.
 */
const MAX_POLICIES_PER_SCOPE = 2;

/** Name prefix of roles the guardrails exempt and protect (the account baseline's own roles). */
export const GUARDRAIL_ROLE_PREFIX = 'cdk-hipaa-guardrail-';

/** Props of {@link HipaaGuardrails}. */
export interface HipaaGuardrailsProps {
  /**
   * Roots, OUs or accounts the organization-wide guardrails attach to (ids from context or
   * CfnParameter values; tokens are fine).
   */
  readonly targetIds: string[];
  /**
   * OUs or accounts that hold PHI: the EC2 tenancy, IMDSv2 and EBS guardrails attach here.
   * @default - the same as targetIds
   */
  readonly phiTargetIds?: string[];
  /** Regions the organization uses; everything else is denied except global services. */
  readonly allowedRegions: string[];
  /**
   * Name of the break-glass role: the only principal allowed to schedule KMS key deletion,
   * and exempt from the tamper denies. Create it in each account with MFA-only trust.
   */
  readonly breakGlassRoleName: string;
  /**
   * More role-name patterns exempt from the tamper denies (e.g. a landing zone's execution
   * role such as `AWSControlTowerExecution`). They are protected like the library's roles.
   * @default - none beyond the break-glass role, `stacksets-exec-*` and `cdk-hipaa-guardrail-*`
   */
  readonly exemptRoleNames?: string[];
  /**
   * Guardrails to leave out, by statement id, each with the reason (at least 30 characters),
   * which is written into the policy description for the auditor.
   * @default - every guardrail
   */
  readonly disabledGuardrails?: Record<string, string>;
  /**
   * Prefix of the policy names.
   * @default 'cdk-hipaa-guardrails'
   */
  readonly policyNamePrefix?: string;
}

/**
 * Service control policies for an AWS Organization that holds PHI: no leaving the
 * organization, no root user, no tampering with CloudTrail / Config / GuardDuty /
 * Security Hub / Access Analyzer, no KMS key deletion but by a break-glass role, no
 * Regions outside an allow list, no downgrade of EBS default encryption or the S3
 * account public access block, and in PHI OUs no shared-tenancy instances, no IMDSv1
 * and no unencrypted volumes. Statements are packed into as few policies as fit the
 * SCP size limit. §164.308(a)(3), (a)(4), §164.312(a)(1), (b).
 */
export class HipaaGuardrails extends Construct {
  /** The policies created, organization-wide first. */
  public readonly policies: organizations.CfnPolicy[] = [];

  constructor(scope: Construct, id: string, props: HipaaGuardrailsProps) {
    super(scope, id);
    const context = this.contextOf(props);
    const disabled = this.validateDisabled(props.disabledGuardrails ?? {});
    const active = GUARDRAILS.filter((g) => !(g.sid in disabled));
    const prefix = props.policyNamePrefix ?? 'cdk-hipaa-guardrails';
    if (!/^[\w+=,.@-]{1,100}$/.test(prefix)) {
      throw new HipaaValidationError(this, 'policyNamePrefix', 'INVALID_VALUE', `policyNamePrefix '${prefix}' is not a valid policy name start; use up to 100 letters, digits and + = , . @ - _.`);
    }
    const note = Object.keys(disabled).length > 0
      ? ` Disabled: ${Object.entries(disabled).map(([sid, why]) => `${sid} (${why})`).join('; ')}`
      : '';
    const groups: Array<[Guardrail['scope'], string[]]> = [
      ['organization', requireIds(this, 'targetIds', props.targetIds)],
      ['phi', requireIds(this, 'phiTargetIds', props.phiTargetIds ?? props.targetIds)],
    ];
    for (const [scopeName, targets] of groups) {
      const documents = pack(this, active.filter((g) => g.scope === scopeName), context);
      if (documents.length > MAX_POLICIES_PER_SCOPE) {
        throw new HipaaValidationError(this, 'allowedRegions', 'OUT_OF_RANGE', `the ${scopeName} guardrails need ${documents.length} policies; ` +
          `at most ${MAX_POLICIES_PER_SCOPE} fit beside FullAWSAccess and one of yours. Shorten allowedRegions or exemptRoleNames.`);
      }
      documents.forEach((document, index) => {
        const sids = document.Statement.map((s) => s.Sid).join(', ');
        this.policies.push(new organizations.CfnPolicy(this, `${scopeName === 'phi' ? 'Phi' : 'Organization'}${index + 1}`, {
          name: `${prefix}-${scopeName}-${index + 1}`,
          type: 'SERVICE_CONTROL_POLICY',
          description: `cdk-hipaa HIPAA guardrails (${scopeName}): ${sids}.${note}`.slice(0, 512),
          content: document,
          targetIds: targets,
        }));
      });
    }
  }

  private contextOf(props: HipaaGuardrailsProps): GuardrailContext {
    const regions = props.allowedRegions;
    if (!Array.isArray(regions) || regions.length === 0) {
      throw new HipaaValidationError(this, 'allowedRegions', 'REQUIRED', `allowedRegions is ${JSON.stringify(regions)}; list the Regions the organization uses, e.g. ['us-east-1', 'us-west-2'].`);
    }
    for (const region of regions) {
      if (typeof region !== 'string' || Token.isUnresolved(region) || !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) {
        throw new HipaaValidationError(this, 'allowedRegions', 'INVALID_VALUE', `allowedRegions has ${describe(region)}, which is not a literal Region name such as 'us-east-1' ` +
          '(the policy size is checked at synth, so Regions cannot be tokens).');
      }
    }
    const names = [props.breakGlassRoleName, ...(props.exemptRoleNames ?? [])];
    names.forEach((name, i) => {
      const prop = i === 0 ? 'breakGlassRoleName' : 'exemptRoleNames';
      if (typeof name !== 'string' || Token.isUnresolved(name) || !/^[\w+=,.@*-]{1,64}$/.test(name)) {
        throw new HipaaValidationError(this, prop, 'INVALID_VALUE', `${prop} has ${describe(name)}; use a literal IAM role name (1 to 64 letters, digits and + = , . @ - _, '*' as a wildcard).`);
      }
    });
    if (props.breakGlassRoleName.includes('*')) {
      throw new HipaaValidationError(this, 'breakGlassRoleName', 'WEAKENS_SAFEGUARD', `breakGlassRoleName '${props.breakGlassRoleName}' has a wildcard; name exactly one role.`);
    }
    // SCP conditions take no partition variable: the partition comes from the (literal) Regions.
    const partition = regions.every((r) => /-gov-/.test(r)) ? 'aws-us-gov' : 'aws';
    const role = (name: string) => `arn:${partition}:iam::*:role/${name}`;
    const exemptNames = [props.breakGlassRoleName, 'stacksets-exec-*', `${GUARDRAIL_ROLE_PREFIX}*`, ...(props.exemptRoleNames ?? [])];
    // The audit and backup keys' own policies allow deletion only by the per-Region role
    // HipaaBaselineStack creates (lib/policies/key-deletion.ts); both must stay possible.
    const keyDeletionNames = [props.breakGlassRoleName, `${KEY_DELETION_ROLE_PREFIX}-*`];
    return {
      allowedRegions: [...new Set(regions)],
      exemptPrincipalArns: exemptNames.map(role),
      keyDeletionRoleArns: keyDeletionNames.map(role),
      deploymentRoleArn: role('cdk-*-cfn-exec-role-*'),
      protectedRoleArns: [...exemptNames, `${KEY_DELETION_ROLE_PREFIX}-*`].map(role),
    };
  }

  private validateDisabled(disabled: Record<string, string>): Record<string, string> {
    const known = new Set(GUARDRAILS.map((g) => g.sid));
    for (const [sid, reason] of Object.entries(disabled)) {
      if (!known.has(sid)) {
        throw new HipaaValidationError(this, 'disabledGuardrails', 'INVALID_VALUE', `disabledGuardrails has '${sid}', which is not a guardrail; use one of ${[...known].join(', ')}.`);
      }
      // Judged like an acknowledgement reason: punctuation, spaces and the guardrail's id do not count.
      if (typeof reason !== 'string' || reasonProblem(sid, reason) !== undefined) {
        throw new HipaaValidationError(this, 'disabledGuardrails', 'WEAKENS_SAFEGUARD', `disabledGuardrails['${sid}'] needs a reason of at least ${MIN_REASON_LENGTH} characters that tells an auditor why.`);
      }
    }
    return disabled;
  }
}

interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: Array<Record<string, unknown> & { Sid: string }>;
}

/** Greedy packing of statements into documents whose compact JSON fits the SCP limit. */
function pack(scope: Construct, guardrails: readonly Guardrail[], context: GuardrailContext): PolicyDocument[] {
  const documents: PolicyDocument[] = [];
  let current: PolicyDocument | undefined;
  for (const g of guardrails) {
    const statement = { Sid: g.sid, ...g.statement(context) };
    if (current && policySize({ ...current, Statement: [...current.Statement, statement] }) <= SCP_MAX_CHARACTERS) {
      current.Statement.push(statement);
      continue;
    }
    current = { Version: '2012-10-17', Statement: [statement] };
    if (policySize(current) > SCP_MAX_CHARACTERS) {
      throw new HipaaValidationError(scope, 'allowedRegions', 'OUT_OF_RANGE', `guardrail ${g.sid} alone is ${policySize(current)} characters, ` +
        `over the ${SCP_MAX_CHARACTERS}-character SCP limit; shorten allowedRegions or exemptRoleNames.`);
    }
    documents.push(current);
  }
  return documents;
}

/** Characters the document takes as Organizations counts them (whitespace removed). */
export function policySize(document: unknown): number {
  return JSON.stringify(document).length;
}

function requireIds(scope: Construct, prop: string, ids: string[]): string[] {
  if (!Array.isArray(ids) || ids.length === 0) {
    throw new HipaaValidationError(scope, prop, 'REQUIRED', `${prop} is ${JSON.stringify(ids)}; pass the root, OU or account ids (from context or a CfnParameter).`);
  }
  for (const id of ids) {
    if (typeof id !== 'string' || (!Token.isUnresolved(id) && !/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/.test(id))) {
      throw new HipaaValidationError(scope, prop, 'INVALID_VALUE', `${prop} has ${describe(id)}, which is not a root ('r-…'), OU ('ou-…-…') or 12-digit account id.`);
    }
  }
  return ids;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return Token.isUnresolved(value) ? 'a token' : `'${value.slice(0, 80)}'`;
  return `a ${value === null ? 'null' : typeof value}`;
}
