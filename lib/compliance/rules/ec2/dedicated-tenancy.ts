import { GapRule, RuleVerdict } from '../rule';
import { CfnTemplate, CfnTemplateResource } from '../template';

const DEDICATED = ['dedicated', 'host'];

function resolve(template: CfnTemplate, ref: unknown): CfnTemplateResource | undefined {
  const id = ref && typeof ref === 'object' ? (ref as { Ref?: unknown }).Ref : undefined;
  return typeof id === 'string' ? template.Resources?.[id] : undefined;
}

/** The tenancy of the VPC a subnet belongs to, when both are in the template. */
function vpcTenancyOfSubnet(template: CfnTemplate, subnetRef: unknown): string | undefined {
  const subnet = resolve(template, subnetRef);
  const vpc = subnet?.Type === 'AWS::EC2::Subnet' ? resolve(template, subnet.Properties?.VpcId) : undefined;
  return vpc?.Type === 'AWS::EC2::VPC' ? (vpc.Properties?.InstanceTenancy ?? 'default') : undefined;
}

/** The tenancy a launch template referenced by `{ LaunchTemplateId: Ref }` sets. */
function launchTemplateTenancy(template: CfnTemplate, spec: Record<string, unknown> | undefined): string | undefined {
  const lt = resolve(template, spec?.LaunchTemplateId);
  return lt?.Type === 'AWS::EC2::LaunchTemplate' ? lt.Properties?.LaunchTemplateData?.Placement?.Tenancy : undefined;
}

/**
 * PHI workloads run on single-tenant hardware: Auto Scaling groups through
 * their launch template (or launch configuration), instances through their
 * tenancy, launch template or VPC, EMR clusters through a dedicated VPC.
 * What the template cannot show (a subnet of another stack) is not compliant.
 */
export const DedicatedTenancy: GapRule = {
  id: 'DedicatedTenancy',
  resourceTypes: ['AWS::AutoScaling::AutoScalingGroup', 'AWS::EC2::Instance', 'AWS::EMR::Cluster'],
  description: 'The compute resource is not on dedicated hardware (tenancy dedicated or host), or its tenancy cannot be verified from the template.',
  fix: 'Use HipaaAutoScalingGroup (launch template tenancy), HipaaEmrCluster in a HipaaVpc with instanceTenancy DEDICATED, ' +
    'or set Tenancy on the instance; keep the VPC or launch template in the same stack.',
  safeguard: '164.312(a)(1) access control',
  evaluate({ resource, template }) {
    const props = resource.Properties ?? {};
    let tenancy: string | undefined;
    if (resource.Type === 'AWS::AutoScaling::AutoScalingGroup') {
      const spec = props.LaunchTemplate ?? props.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
      tenancy = launchTemplateTenancy(template, spec);
      if (tenancy === undefined && props.LaunchConfigurationName) {
        tenancy = resolve(template, props.LaunchConfigurationName)?.Properties?.PlacementTenancy;
      }
    } else if (resource.Type === 'AWS::EC2::Instance') {
      tenancy = props.Tenancy ?? launchTemplateTenancy(template, props.LaunchTemplate) ?? vpcTenancyOfSubnet(template, props.SubnetId);
    } else {
      tenancy = vpcTenancyOfSubnet(template, props.Instances?.Ec2SubnetId ?? props.Instances?.Ec2SubnetIds?.[0]);
    }
    return tenancy !== undefined && DEDICATED.includes(tenancy) ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
