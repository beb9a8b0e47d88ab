/**
 * cdk-hipaa/testing: assertions for a user's own tests over the compliance gate.
 * No test-framework dependency: works under jest, vitest, node:test or mocha.
 */
export { findings, expectNoFindings, GateFindingsError } from './findings';
export type { GateFinding, GateAcknowledgement, GateResult, FindingsOptions } from './findings';
export { maskAssetHashes, maskedTemplate, assetHashSerializer } from './mask';
