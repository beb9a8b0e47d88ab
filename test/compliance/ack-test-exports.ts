export { applyHipaaChecks, HipaaBucket, suppress } from '../../lib';
export { ACK_REASON_RULE } from '../../lib/compliance/acknowledgement-checks';
export { reasonProblem as reasonProblemForTest } from '../../lib/compliance/reason';
