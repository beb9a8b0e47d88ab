#!/usr/bin/env node
import { App, AppProps } from 'aws-cdk-lib';
import { applyHipaaChecks } from '../lib/compliance';
import { PhiStorageStack } from '../lib/stacks';

/**
 * Builds the reference app with every check registered. No account or region is
 * set and nothing is looked up, so synth needs no credentials.
 */
export function createApp(props: AppProps = {}): App {
  const app = new App(props);
  new PhiStorageStack(app, 'CdkHipaaPhiStorage', {
    description: 'cdk-hipaa reference: customer-managed key and PHI bucket',
  });
  applyHipaaChecks(app);
  return app;
}

if (require.main === module) {
  createApp().synth();
}
