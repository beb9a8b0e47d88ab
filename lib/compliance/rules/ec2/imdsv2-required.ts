import { GapRule, RuleVerdict } from '../rule';

/**
 * Instance metadata requires session tokens (IMDSv2), which blocks the SSRF
 * path to the instance role's credentials. Judged where the setting lives:
 * launch templates and launch configurations; an instance without a launch
 * template cannot require IMDSv2 in CloudFormation.
 */
export const Imdsv2Required: GapRule = {
  id: 'Imdsv2Required',
  resourceTypes: ['AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration', 'AWS::EC2::Instance'],
  description: 'Instance metadata accepts IMDSv1 requests (HttpTokens is not "required").',
  fix: 'Use HipaaAutoScalingGroup, or set requireImdsv2 / httpTokens REQUIRED on the launch template; do not override MetadataOptions.',
  safeguard: '164.312(a)(1) access control',
  evaluate({ resource, template }) {
    const props = resource.Properties ?? {};
    let options: Record<string, unknown> | undefined;
    if (resource.Type === 'AWS::EC2::LaunchTemplate') {
      options = props.LaunchTemplateData?.MetadataOptions;
    } else if (resource.Type === 'AWS::AutoScaling::LaunchConfiguration') {
      options = props.MetadataOptions;
    } else {
      const ltId = props.LaunchTemplate?.LaunchTemplateId?.Ref ?? props.LaunchTemplate?.LaunchTemplateName?.Ref;
      const lt = typeof ltId === 'string' ? template.Resources?.[ltId] : undefined;
      options = lt?.Properties?.LaunchTemplateData?.MetadataOptions;
    }
    if (options?.HttpEndpoint === 'disabled') return RuleVerdict.COMPLIANT;
    return options?.HttpTokens === 'required' ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
