import { HipaaSafeguard } from '../../lib/vocabulary/safeguards';
import { PHI_DATA_STORE_TYPES } from './phi-scope';

/** One custom Config rule of HipaaConfigRules: what it checks in the account and which synth-time check it mirrors. */
export interface HipaaCustomRule {
  /** Rule name after the prefix; also the key to exclude it by (`excludedRules`). */
  readonly name: string;
  /** Handler file beside the construct (constructs/config-rules/<handler>.ts). */
  readonly handler: string;
  /** What a compliant resource looks like, for the console and the report. */
  readonly description: string;
  /** The HIPAA Security Rule section it supports. */
  readonly safeguard: HipaaSafeguard;
  /** The `HipaaGap-*` rule that checks the same at synth. */
  readonly gateRule: string;
  /** How Config runs it. */
  readonly trigger: 'change' | 'periodic';
  /** Resource types of a change-triggered rule's scope. */
  readonly resourceTypes?: readonly string[];
}

/** The custom rules: what the gate checks at synth and no managed rule of the pack covers in the account. */
export const HIPAA_CUSTOM_RULES: readonly HipaaCustomRule[] = [
  {
    name: 'phi-data-stores-customer-managed-key',
    handler: 'phi-key-rule-handler',
    description: 'Data stores tagged DataClassification=PHI are encrypted with an enabled, rotating customer-managed KMS key',
    safeguard: '164.312(a)(2)(iv) encryption at rest',
    gateRule: 'HipaaGap-KmsKeyRotation',
    trigger: 'change',
    resourceTypes: PHI_DATA_STORE_TYPES,
  },
  {
    name: 'phi-instances-dedicated-tenancy',
    handler: 'phi-tenancy-rule-handler',
    description: 'EC2 instances tagged DataClassification=PHI run with dedicated or host tenancy',
    safeguard: '164.312(a)(1) access control',
    gateRule: 'HipaaGap-DedicatedTenancy',
    trigger: 'change',
    resourceTypes: ['AWS::EC2::Instance'],
  },
  {
    name: 'elbv2-target-groups-https-only',
    handler: 'https-target-group-rule-handler',
    description: 'Application target groups send traffic and health checks to their targets over HTTPS (network ones over TLS)',
    safeguard: '164.312(e)(1) transmission security',
    gateRule: 'HipaaGap-ElbHttpsTargetGroup',
    trigger: 'periodic',
  },
  {
    name: 'log-groups-retained-six-years',
    handler: 'log-retention-rule-handler',
    description: 'CloudWatch Logs log groups keep events at least six years (2192 days) or never expire',
    safeguard: '164.312(b) audit controls',
    gateRule: 'HipaaGap-LogGroupRetention',
    trigger: 'periodic',
  },
];
