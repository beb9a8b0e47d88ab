export * from './apply-hipaa-checks';
export * from './gap-checks';
export * from './suppress';
export * as rules from './rules';
export * from './report';
export * from './control-tower-guard';
export * from './control-tower-disabled-rules';
export * from './acknowledgement-checks';
export * from './gate-summary';
