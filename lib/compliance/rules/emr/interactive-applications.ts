import { applicationKind } from '../../../vocabulary/emr-applications';
import { GapRule, RuleVerdict } from '../rule';
import { asArray } from '../template';

/**
 * EMR applications come from an allow-list, and interactive ones (JupyterHub, Hue, Livy,
 * Zeppelin, ...) open notebooks, login pages or session services where people work with PHI
 * on the cluster: each is a finding, acknowledged only by HipaaEmrCluster with Kerberos and
 * the written reason of `interactiveApplicationsReason`. An application off the allow-list
 * (or a name that is not a literal) is a finding too.
 */
export const EmrInteractiveApplications: GapRule = {
  id: 'EmrInteractiveApplications',
  resourceTypes: ['AWS::EMR::Cluster'],
  description: 'The EMR cluster installs an interactive application (a notebook, login page or session service where people work with PHI) ' +
    'or an application off the allow-list.',
  fix: 'Install batch applications only, or use HipaaEmrCluster with kerberos and interactiveApplicationsReason, which acknowledges this finding with the reason.',
  safeguard: '164.312(d) person or entity authentication',
  evaluate({ resource }) {
    const applications = asArray(resource.Properties?.Applications as unknown[] | undefined);
    const ok = applications.every((a) => {
      const name = a && typeof a === 'object' ? (a as { Name?: unknown }).Name : undefined;
      return typeof name === 'string' && applicationKind(name)?.kind === 'batch';
    });
    return ok ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
