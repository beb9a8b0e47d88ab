import { CfnParameter, Duration, Stack, StackProps, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { suppress, suppressHipaaAndNist } from '../../compliance/suppress';
import { HipaaValidationError } from '../../errors';
import { ACCOUNT_ID_PATTERN } from './ids';

/** Props of {@link HipaaBreakGlassStack}. */
export interface HipaaBreakGlassStackProps extends StackProps {
  /**
   * Name of the role; the guardrails (`breakGlassRoleName`) and the log archive's bucket
   * policies name the same role.
   * @default 'BreakGlass'
   */
  readonly roleName?: string;
  /**
   * The account whose IAM principals may assume the role (with MFA, and only if their own
   * policies allow it), e.g. the security or an identity account.
   * @default - a CloudFormation parameter `TrustedAccountId` (what the StackSet passes)
   */
  readonly trustedAccountId?: string;
}

/**
 * The break-glass role of one account: the emergency access path of §164.312(a)(2)(ii).
 * The guardrails exempt it (the only principal that may schedule KMS key deletion, delete
 * archived evidence or change the audit controls) and protect it (no one else may create or
 * re-permission a role of that name), so it has to exist before they attach, and in every
 * account that joins later: {@link OrganizationManagementStack} deploys this stack to every
 * member account with a service-managed StackSet in one Region (IAM is global). The trust
 * is MFA-only, from one named account, for sessions of at most one hour; every use is in
 * the organization trail.
 */
export class HipaaBreakGlassStack extends Stack {
  /** The role. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: HipaaBreakGlassStackProps = {}) {
    super(scope, id, props);
    const roleName = props.roleName ?? 'BreakGlass';
    if (Token.isUnresolved(roleName) || !/^[\w+=,.@-]{1,64}$/.test(roleName)) {
      throw new HipaaValidationError(this, 'roleName', 'INVALID_VALUE', `roleName is '${String(roleName).slice(0, 80)}'; use a literal IAM role name (1 to 64 letters, digits and + = , . @ - _), the guardrails' breakGlassRoleName.`);
    }
    if (props.trustedAccountId !== undefined && !Token.isUnresolved(props.trustedAccountId) && !new RegExp(`^${ACCOUNT_ID_PATTERN}$`).test(props.trustedAccountId)) {
      throw new HipaaValidationError(this, 'trustedAccountId', 'INVALID_VALUE', `trustedAccountId is '${String(props.trustedAccountId).slice(0, 40)}'; pass the 12-digit id of the account whose people may break the glass.`);
    }
    const trusted = props.trustedAccountId ?? new CfnParameter(this, 'TrustedAccountId', {
      type: 'String', allowedPattern: ACCOUNT_ID_PATTERN, description: 'The account whose IAM principals may assume the break-glass role, with MFA',
    }).valueAsString;

    // MFA within the last hour, and only principals whose own policies allow the assumption:
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
    this.role = new iam.Role(this, 'Role', {
      roleName,
      assumedBy: new iam.AccountPrincipal(trusted).withConditions({
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
        NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
      }),
      maxSessionDuration: Duration.hours(1),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
      description: 'cdk-hipaa break-glass: emergency access (MFA only, one hour); the only principal the guardrails let delete keys and archived evidence',
    });
    suppress(this.role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]',
      'The break-glass role is the emergency access procedure of §164.312(a)(2)(ii): it must be able to repair anything. It is assumable only with MFA from one named account, for one hour, and every call is in the organization trail.');
    suppressHipaaAndNist(this.role, 'IAMPolicyNoStatementsWithAdminAccess',
      'The break-glass role is the emergency access procedure of §164.312(a)(2)(ii): full access by design, MFA-only trust from one named account, one-hour sessions, every call in the organization trail.');
  }
}
