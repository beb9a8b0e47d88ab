export { ACK_REASON_RULE, applyHipaaChecks, HipaaBucket, suppress } from '../../lib';
export { reasonProblem as reasonProblemForTest } from '../../lib/compliance/reason';
