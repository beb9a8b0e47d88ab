import { GapRule, RuleVerdict } from '../rule';

const isTrue = (v: unknown) => v === true || v === 'true';

/** A trail records every region and global services, is on, and validates its log files. */
export const CloudTrailCoverage: GapRule = {
  id: 'CloudTrailCoverage',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  description: 'The trail does not log every region and global service events, is not logging, or does not validate its log files.',
  fix: 'Use HipaaTrail, or set IsMultiRegionTrail, IncludeGlobalServiceEvents, IsLogging and EnableLogFileValidation to true.',
  safeguard: '164.312(b) audit controls',
  evaluate({ resource }) {
    const p = resource.Properties ?? {};
    const ok = isTrue(p.IsMultiRegionTrail) && isTrue(p.IncludeGlobalServiceEvents ?? true) && isTrue(p.IsLogging) && isTrue(p.EnableLogFileValidation);
    return ok ? RuleVerdict.COMPLIANT : RuleVerdict.NON_COMPLIANT;
  },
};
