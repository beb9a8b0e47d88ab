import { GapRule, RuleVerdict } from '../rule';
import { refersTo, resourcesOfType } from '../template';

/** Every VPC in the template has a flow log capturing ALL traffic. */
export const VpcFlowLogsAll: GapRule = {
  id: 'VpcFlowLogsAll',
  resourceTypes: ['AWS::EC2::VPC'],
  description: 'The VPC has no flow log that captures ALL traffic (accepted and rejected).',
  fix: 'Use HipaaVpc, or add a flow log with trafficType ALL to an encrypted log group.',
  safeguard: '164.312(b) audit controls',
  evaluate({ logicalId, template }) {
    const logged = resourcesOfType(template, 'AWS::EC2::FlowLog').some(([, flowLog]) =>
      flowLog.Properties?.ResourceType === 'VPC'
      && refersTo(flowLog.Properties?.ResourceId, logicalId)
      && flowLog.Properties?.TrafficType === 'ALL');
    return logged ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
