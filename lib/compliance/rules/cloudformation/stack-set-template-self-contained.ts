import { GapRule, RuleVerdict } from '../rule';

/**
 * What a template refers to when it needs the CDK bootstrap of the account and Region it is
 * deployed in: the file-asset bucket, the container-asset repository, or the bootstrap
 * version parameter (`/cdk-bootstrap/<qualifier>/version`).
 */
const BOOTSTRAP_REFERENCE = /cdk-[a-z0-9]+-(assets|container-assets)-|\/cdk-bootstrap\//;

/**
 * A service-managed StackSet deploys its template into accounts and Regions nobody
 * bootstrapped (every account of an OU, including accounts created later): a template that
 * reads a Lambda bundle from the CDK asset bucket, or checks the bootstrap version, fails in
 * each of them, and the baseline (the Config recorder: the audit trail of configuration)
 * never reaches the account. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
 */
export const StackSetTemplateSelfContained: GapRule = {
  id: 'StackSetTemplateSelfContained',
  resourceTypes: ['AWS::CloudFormation::StackSet'],
  description: 'The StackSet template refers to the CDK bootstrap (asset bucket, container repository or bootstrap version) of the accounts it deploys to; member accounts and Regions are not bootstrapped, so the stack instances fail.',
  fix: 'Build the template without assets (HipaaBaselineStackSet refuses them and drops the bootstrap check): use AWS-owned runbooks or inline code instead of Lambda bundles.',
  safeguard: '164.312(b) audit controls',
  evaluate({ resource }) {
    const body = resource.Properties?.TemplateBody;
    if (body === undefined) return RuleVerdict.NOT_APPLICABLE;
    return BOOTSTRAP_REFERENCE.test(typeof body === 'string' ? body : JSON.stringify(body)) ? RuleVerdict.NON_COMPLIANT : RuleVerdict.COMPLIANT;
  },
};
