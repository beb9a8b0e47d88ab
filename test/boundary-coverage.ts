/**
 * Whether each bounded role's boundary allows what the role is granted. A role can use an
 * action only if its identity policies and its permissions boundary both allow it: an action
 * the role is granted but the boundary does not allow fails with AccessDenied at run time,
 * after a deploy that succeeded. This reads the synthesized templates, so it sees what
 * CloudFormation gets (aws-cdk-lib grants, escape hatches, AWS managed policies by name).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CfnTemplate, asArray, statementsOf } from '../lib/compliance/rules';
import { rolePolicies } from '../lib/compliance/rules/iam/role-policies';
import { actionPatternMatches } from '../lib/policies/audit-tamper';

/** One action a bounded role is granted that its boundary does not allow. */
export interface BoundaryGap {
  readonly template: string;
  readonly role: string;
  readonly boundary: string;
  readonly action: string;
  /** `inline or customer managed`, or the AWS managed policy's name. */
  readonly source: string;
}

interface PinnedPolicies { readonly policies: Record<string, { readonly version: string; readonly actions: readonly string[] }> }

/** The pinned allow actions of the AWS managed policies the library's bounded roles attach. */
export const AWS_MANAGED_POLICY_ACTIONS: PinnedPolicies['policies'] = (JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'aws-managed-policy-actions.json'), 'utf8')) as PinnedPolicies).policies;

/**
 * True when the boundary pattern allows every action the granted pattern can name: a granted
 * `s3:GetObject*` needs a boundary `s3:GetObject*` or `s3:Get*`, not `s3:GetObject`. The
 * granted pattern is matched as text against the boundary's glob (its `*` only matched by a
 * `*` of the boundary); IAM compares actions case-insensitively.
 */
export function boundaryAllows(boundaryPatterns: readonly string[], granted: string): boolean {
  return boundaryPatterns.some((pattern) => actionPatternMatches(pattern, granted) && (!/[*?]/.test(granted) || /[*?]/.test(pattern)));
}

/** Every action some bounded role of the templates is granted that its boundary does not allow. */
export function boundaryGaps(templates: ReadonlyArray<{ readonly path: string; readonly template: CfnTemplate }>,
  awsManaged: PinnedPolicies['policies'] = AWS_MANAGED_POLICY_ACTIONS): BoundaryGap[] {
  const gaps: BoundaryGap[] = [];
  for (const { path: file, template } of templates) {
    const resources = template.Resources ?? {};
    for (const [role, resource] of Object.entries(resources)) {
      if (resource.Type !== 'AWS::IAM::Role') continue;
      const boundary = (resource.Properties?.PermissionsBoundary as { Ref?: string } | undefined)?.Ref;
      if (boundary === undefined || resources[boundary]?.Type !== 'AWS::IAM::ManagedPolicy') continue;
      const allowed = statementsOf(resources[boundary].Properties?.PolicyDocument)
        .filter((s) => s.Effect === 'Allow').flatMap((s) => asArray<unknown>(s.Action)).filter((a): a is string => typeof a === 'string');
      const gap = (action: string, source: string) => gaps.push({ template: file, role, boundary, action, source });
      const { statements, awsManaged: names } = rolePolicies(template, role);
      for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
        if (statement.NotAction !== undefined) gap(`NotAction ${JSON.stringify(statement.NotAction)}`, 'inline or customer managed');
        for (const action of asArray<unknown>(statement.Action)) {
          if (typeof action !== 'string' || !boundaryAllows(allowed, action)) gap(String(action), 'inline or customer managed');
        }
      }
      for (const name of names) {
        const pinned = awsManaged[name.replace(/^service-role\//, '')];
        if (!pinned) {
          gap('(unknown)', `AWS managed policy ${name}: no pinned document in test/fixtures/aws-managed-policy-actions.json`);
          continue;
        }
        for (const action of pinned.actions) if (!boundaryAllows(allowed, action)) gap(action, `AWS managed policy ${name} ${pinned.version}`);
      }
    }
  }
  return gaps;
}
