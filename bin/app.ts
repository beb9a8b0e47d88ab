#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { applyHipaaChecks } from '../lib/compliance';
import { PhiStorageStack } from '../lib/stacks';

// No account or region: synth needs no credentials and no lookups.
const app = new App();
new PhiStorageStack(app, 'CdkHipaaPhiStorage', {
  description: 'cdk-hipaa reference: customer-managed key and PHI bucket',
});
applyHipaaChecks(app);
app.synth();
