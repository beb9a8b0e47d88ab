import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, DefaultStackSynthesizer, Stack, Token } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { HipaaValidationError } from '../../errors';

/**
 * Largest TemplateBody CloudFormation accepts inline (bytes).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
export const TEMPLATE_BODY_MAX_BYTES = 51_200;

/** Props of {@link HipaaBaselineStackSet}. */
export interface HipaaBaselineStackSetProps {
  /**
   * Builds the stack every account gets, in the scope given (an App of its own, so the
   * template is rendered apart from this app). It must not use assets: a StackSet template
   * is deployed in accounts and Regions the CDK never bootstrapped.
   */
  readonly template: (scope: Construct) => Stack;
  /** OUs (or the root) whose accounts get the stack, now and when they join. */
  readonly organizationalUnitIds: string[];
  /** Regions to deploy to (the governed Regions). */
  readonly regions: string[];
  /**
   * Values of the template's CloudFormation parameters (tokens of this stack are fine).
   * @default - none
   */
  readonly parameters?: Record<string, string>;
  /**
   * Name of the StackSet.
   * @default 'cdk-hipaa-account-baseline'
   */
  readonly stackSetName?: string;
  /**
   * Description of the StackSet.
   * @default 'cdk-hipaa account baseline for every account of the PHI OUs (service-managed, automatic deployment)'
   */
  readonly description?: string;
  /**
   * Run as the management account (`SELF`) or as a delegated administrator of StackSets
   * (`DELEGATED_ADMIN`).
   * @default 'SELF'
   */
  readonly callAs?: 'SELF' | 'DELEGATED_ADMIN';
}

/**
 * A service-managed CloudFormation StackSet with automatic deployment: every account in
 * the OUs gets the stack in every listed Region, including accounts created or moved there
 * later, without anyone running `cdk deploy`. StackSets never deploy to the management
 * account itself (deploy the stack there directly if it needs it):
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
 */
export class HipaaBaselineStackSet extends Construct {
  /** The StackSet. */
  public readonly stackSet: cloudformation.CfnStackSet;
  /** The rendered template, for inspection and tests. */
  public readonly templateBody: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: HipaaBaselineStackSetProps) {
    super(scope, id);
    if (!Array.isArray(props.regions) || props.regions.length === 0 || props.regions.some((r) => Token.isUnresolved(r) || !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(r))) {
      throw new HipaaValidationError(this, 'regions', 'INVALID_VALUE', `regions is ${JSON.stringify(props.regions)}; list literal Region names such as 'us-east-1'.`);
    }
    if (!Array.isArray(props.organizationalUnitIds) || props.organizationalUnitIds.length === 0) {
      throw new HipaaValidationError(this, 'organizationalUnitIds', 'REQUIRED', 'organizationalUnitIds is empty; pass the PHI OU ids (from context or a CfnParameter).');
    }
    this.templateBody = renderTemplate(this, props.template);
    const body = JSON.stringify(this.templateBody);
    if (Buffer.byteLength(body) > TEMPLATE_BODY_MAX_BYTES) {
      throw new HipaaValidationError(this, 'template', 'OUT_OF_RANGE', `template renders to ${Buffer.byteLength(body)} bytes, over CloudFormation's ${TEMPLATE_BODY_MAX_BYTES}-byte TemplateBody limit; split it into two StackSets.`);
    }
    this.stackSet = new cloudformation.CfnStackSet(this, 'StackSet', {
      stackSetName: props.stackSetName ?? 'cdk-hipaa-account-baseline',
      description: props.description ?? 'cdk-hipaa account baseline for every account of the PHI OUs (service-managed, automatic deployment)',
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      callAs: props.callAs ?? 'SELF',
      managedExecution: { Active: true },
      operationPreferences: { failureTolerancePercentage: 0, maxConcurrentPercentage: 25, regionConcurrencyType: 'PARALLEL' },
      stackInstancesGroup: [{ deploymentTargets: { organizationalUnitIds: props.organizationalUnitIds }, regions: props.regions }],
      templateBody: body,
      parameters: Object.entries(props.parameters ?? {}).map(([parameterKey, parameterValue]) => ({ parameterKey, parameterValue })),
    });
  }
}

/** Synthesizes the stack `build` makes in an App of its own and returns its template. */
function renderTemplate(scope: Construct, build: (scope: Construct) => Stack): Record<string, unknown> {
  const app = new App({
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-hipaa-stackset-')),
    context: { ...scope.node.getAllContext(), 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
  const stack = build(app);
  if (!(stack.synthesizer instanceof DefaultStackSynthesizer) || stack.templateOptions.transforms?.length) {
    throw new HipaaValidationError(scope, 'template', 'INVALID_VALUE', 'template must build a plain Stack (default synthesizer, no transforms).');
  }
  const assembly = app.synth();
  const artifact = assembly.getStackArtifact(stack.artifactId);
  // The default synthesizer lists a stack's assets in its asset manifest, the template itself
  // among them; anything else there (a Lambda bundle, a Docker image) would need a bootstrapped
  // bucket or repository in every target account and Region.
  const manifests = artifact.dependencies.filter((d): d is cxapi.AssetManifestArtifact => d instanceof cxapi.AssetManifestArtifact);
  const assets = manifests.flatMap((m) => [
    ...Object.values(m.contents.files ?? {}).filter((f) => f.source.path !== artifact.templateFile),
    ...Object.values(m.contents.dockerImages ?? {}),
  ]);
  if (assets.length > 0 || artifact.assets.length > 0) {
    throw new HipaaValidationError(scope, 'template', 'INVALID_VALUE', `template uses ${assets.length + artifact.assets.length} asset(s) (e.g. a Lambda bundle); ` +
      'a StackSet template reaches accounts the CDK never bootstrapped, so use resources without assets.');
  }
  const template = JSON.parse(JSON.stringify(artifact.template));
  // The bootstrap check refers to an SSM parameter that member accounts do not have.
  delete template.Parameters?.BootstrapVersion;
  delete template.Rules?.CheckBootstrapVersion;
  if (template.Parameters && Object.keys(template.Parameters).length === 0) delete template.Parameters;
  if (template.Rules && Object.keys(template.Rules).length === 0) delete template.Rules;
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return template;
}
