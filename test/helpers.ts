import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AppProps, Stack } from 'aws-cdk-lib';
import { HipaaValidationError } from '../lib/errors';

/** The feature flags of cdk.json, so tests build what `cdk synth` builds. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')).context;

/**
 * An App for unit tests: cdk.json's flags, a temporary outdir, aws-cdk-lib's
 * CloudFormation validation off (≈3 s a synth; one dedicated test keeps it on)
 * and Lambda bundling skipped unless a test asks for it.
 */
export function testApp(props: AppProps & { validation?: boolean; bundle?: boolean } = {}): App {
  const { validation, bundle, context, ...rest } = props;
  return new App({
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-hipaa-test-')),
    builtinCloudFormationValidation: validation ?? false,
    ...rest,
    context: {
      ...CDK_JSON_CONTEXT,
      ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...context,
    },
  });
}

/** A stack in a fresh test app. */
export function testStack(id = 'Test', appProps: Parameters<typeof testApp>[0] = {}): Stack {
  return new Stack(testApp(appProps), id);
}

/** One violation of the validation report, flattened. */
export interface Finding {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly paths: string[];
}

/** A finding that was acknowledged, with its reason. */
export interface AcknowledgedFinding extends Finding {
  readonly reason: string;
}

/** What synth reported: unacknowledged findings, acknowledged ones, and whether synth threw. */
export interface SynthOutcome {
  readonly findings: Finding[];
  readonly acknowledged: AcknowledgedFinding[];
  readonly error?: Error;
}

/**
 * Synthesizes the app with its registered plugins and reads the validation report
 * it wrote (CDK writes it before throwing on violations).
 */
export function synthAndReadReport(app: App): SynthOutcome {
  let error: Error | undefined;
  try {
    app.synth();
  } catch (e) {
    error = e as Error;
  }
  const reportPath = path.join(app.outdir, 'validation-report.json');
  if (!fs.existsSync(reportPath)) {
    if (error) throw error;
    return { findings: [], acknowledged: [] };
  }
  const report = JSON.parse(fs.readFileSync(reportPath, 'utf8'));
  const findings: Finding[] = [];
  const acknowledged: AcknowledgedFinding[] = [];
  for (const plugin of report.pluginReports ?? []) {
    for (const v of plugin.violations ?? []) {
      findings.push({ plugin: plugin.pluginName, rule: v.ruleName, severity: v.severity, paths: v.violatingConstructs.map((c: any) => c.constructPath) });
    }
    for (const v of plugin.suppressedViolations ?? []) {
      acknowledged.push({ plugin: plugin.pluginName, rule: v.ruleName, severity: v.severity, reason: v.reason, paths: v.violatingConstructs.map((c: any) => c.constructPath) });
    }
  }
  return { findings, acknowledged, error };
}

/** Rule names of the findings, for compact assertions. */
export function ruleNames(findings: Finding[]): string[] {
  return [...new Set(findings.map((f) => f.rule))].sort();
}

/** The stack's template with asset hashes and bundle paths masked, for snapshots (the shipped helper). */
export { maskedTemplate } from '../lib/testing';

/** The HipaaValidationError `build` throws; fails the test when it throws nothing or another error. */
export function thrownValidationError(build: () => unknown): HipaaValidationError {
  try {
    build();
  } catch (e) {
    if (HipaaValidationError.isHipaaValidationError(e)) return e;
    throw e;
  }
  throw new Error('expected a HipaaValidationError, nothing was thrown');
}
