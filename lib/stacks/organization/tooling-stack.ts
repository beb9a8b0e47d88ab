import { CfnParameter, Environment, Stack, StackProps, Stage, Token } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import { HipaaBucket } from '../../../constructs/bucket';
import { HipaaKey } from '../../../constructs/key';
import { HipaaLogGroup } from '../../../constructs/log-group';
import { EVIDENCE_REPORT_DIR } from '../../compliance/apply-hipaa-checks';
import { HipaaValidationError } from '../../errors';
import { ACCOUNT_ID_PATTERN } from './ids';
import { acknowledgePipeline } from './tooling-acknowledgements';

/** A CodeStar / CodeConnections connection ARN (created once in the console, then passed in). */
const CONNECTION_ARN_PATTERN = /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[0-9a-f-]{36}$/;
const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** Props of {@link OrganizationToolingStack}. */
export interface OrganizationToolingStackProps extends StackProps {
  /** The repository the pipeline builds, as `owner/name` (GitHub, GitHub Enterprise, Bitbucket, GitLab). */
  readonly repository: string;
  /**
   * The branch that is delivered.
   * @default 'main'
   */
  readonly branch?: string;
  /**
   * ARN of the CodeStar (CodeConnections) connection to the repository host, created once
   * in the console of the tooling account: https://docs.aws.amazon.com/dtconsole/latest/userguide/welcome-connections.html
   */
  readonly connectionArn: string;
  /** The staging account and Region (literal: CDK Pipelines deploys across accounts by id). */
  readonly staging: Environment;
  /** The production account and Region (literal). */
  readonly production: Environment;
  /** Adds the application's stacks to a stage (called once for staging, once for production). */
  readonly application: (stage: Stage) => void;
  /**
   * Commands of the synth step. They must synthesize this same app with the cdk-hipaa gate
   * (`applyHipaaChecks`), so a finding fails the build and stops the pipeline before any
   * deployment; the evidence report lands in `cdk.out/evidence`.
   * @default ['npm ci', 'npm run synth:org']
   */
  readonly synthCommands?: string[];
  /**
   * Version of the AWS CDK CLI the self-mutation and asset steps install. Pin it (e.g. to the
   * `aws-cdk` version of package.json) so the pipeline does not run whatever is newest.
   * @default - the newest 2.x at each run (CDK Pipelines' default)
   */
  readonly cliVersion?: string;
}

/**
 * The tooling account of a PHI organization: a CDK Pipelines pipeline that builds the
 * application from its repository, runs the compliance gate in the synth step (a finding
 * fails `cdk synth` and so the pipeline), deploys to the staging account, waits for a
 * person's approval, then deploys to the production account. The cloud assembly with the
 * evidence report (`cdk.out/evidence`) is the synth step's output artifact, kept in the
 * encrypted, versioned artifact bucket for six years. The staging and production accounts
 * must be bootstrapped trusting the tooling account
 * (`cdk bootstrap --trust <tooling account> aws://<account>/<region>`):
 * https://docs.aws.amazon.com/cdk/v2/guide/cdk_pipeline.html
 * §164.308(a)(8) evaluation, §164.312(b) audit controls, §164.312(c)(1) integrity.
 */
export class OrganizationToolingStack extends Stack {
  /** The pipeline. */
  public readonly pipeline: pipelines.CodePipeline;
  /** The synth step (the gate); its primary output is the cloud assembly with the evidence report. */
  public readonly synthStep: pipelines.ShellStep;
  /** The artifact bucket (evidence reports and cloud assemblies). */
  public readonly artifactBucket: HipaaBucket;
  /** Where the evidence report is inside the synth output artifact. */
  public readonly evidencePath: string = `cdk.out/${EVIDENCE_REPORT_DIR}`;

  constructor(scope: Construct, id: string, props: OrganizationToolingStackProps) {
    super(scope, id, props);
    requireEnvironment(this, 'env', props.env);
    const staging = requireEnvironment(this, 'staging', props.staging);
    const production = requireEnvironment(this, 'production', props.production);
    if (staging.account === production.account) {
      throw new HipaaValidationError(this, 'production', 'INCONSISTENT', `production.account is ${production.account}, the same as staging.account; ` +
        'deploy staging and production to separate accounts so a staging change cannot touch production PHI.');
    }
    if (typeof props.repository !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(props.repository)) {
      throw new HipaaValidationError(this, 'repository', 'INVALID_VALUE', `repository is '${String(props.repository).slice(0, 80)}'; use 'owner/name'.`);
    }
    if (typeof props.connectionArn !== 'string' || !CONNECTION_ARN_PATTERN.test(props.connectionArn)) {
      throw new HipaaValidationError(this, 'connectionArn', 'INVALID_VALUE', `connectionArn is '${String(props.connectionArn).slice(0, 120)}'; ` +
        'pass the ARN of the CodeStar connection created in the tooling account (arn:aws:codestar-connections:<region>:<account>:connection/<id>).');
    }
    const commands = props.synthCommands ?? ['npm ci', 'npm run synth:org'];
    if (commands.length === 0) {
      throw new HipaaValidationError(this, 'synthCommands', 'REQUIRED', 'synthCommands is empty; give the commands that synthesize this app with the cdk-hipaa gate, e.g. [\'npm ci\', \'npm run synth:org\'].');
    }

    const key = new HipaaKey(this, 'ArtifactKey', { description: 'cdk-hipaa delivery pipeline artifacts (cloud assemblies, evidence reports)' });
    this.artifactBucket = new HipaaBucket(this, 'Artifacts', {
      encryptionKey: key.key,
      dataClassification: 'Audit',
      nonPhiJustification: 'Pipeline artifacts: source archives of the repository, cloud assemblies (templates) and evidence reports; ' +
        'application data never passes through the pipeline. SSE-KMS with the tooling key, versioned, kept six years.',
    });
    const logs = new HipaaLogGroup(this, 'BuildLogs', { encryptionKey: key.key });

    this.synthStep = new pipelines.ShellStep('Synth', {
      input: pipelines.CodePipelineSource.connection(props.repository, props.branch ?? 'main', { connectionArn: props.connectionArn }),
      commands,
      primaryOutputDirectory: 'cdk.out',
    });
    this.pipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineName: 'cdk-hipaa-delivery',
      synth: this.synthStep,
      artifactBucket: this.artifactBucket.bucket,
      selfMutation: true,
      cliVersion: props.cliVersion,
      publishAssetsInParallel: false,
      codeBuildDefaults: {
        buildEnvironment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: codebuild.ComputeType.MEDIUM, privileged: false },
        logging: { cloudWatch: { logGroup: logs.logGroup } },
      },
    });

    const stagingStage = new Stage(this, 'Staging', { env: staging });
    props.application(stagingStage);
    const productionStage = new Stage(this, 'Production', { env: production });
    props.application(productionStage);
    for (const stage of [stagingStage, productionStage]) requireNoOpenParameters(this, stage);
    this.pipeline.addStage(stagingStage);
    this.pipeline.addStage(productionStage, {
      pre: [new pipelines.ManualApprovalStep('PromoteToProduction', {
        comment: `Staging is deployed. Review it and the evidence report (${this.evidencePath} in the Synth output artifact) before production.`,
      })],
    });
    this.pipeline.buildPipeline();
    acknowledgePipeline(this.pipeline, this.getLogicalId(this.artifactBucket.bucket.node.defaultChild as s3.CfnBucket));
  }
}

/**
 * CDK Pipelines deploys with CloudFormation actions that pass no parameter values, so a
 * parameter without a default fails the deployment: refuse it at synth instead.
 */
function requireNoOpenParameters(scope: Construct, stage: Stage): void {
  for (const node of stage.node.findAll()) {
    if (node instanceof CfnParameter && node.default === undefined) {
      throw new HipaaValidationError(scope, 'application', 'REQUIRED', `application leaves ${node.node.path} without a value (a CloudFormation parameter without default); ` +
        'CDK Pipelines passes no parameter values, so give it as context for this stage (e.g. -c staging.certificateArn=…).');
    }
  }
}

function requireEnvironment(scope: Construct, prop: string, env: Environment | undefined): Required<Pick<Environment, 'account' | 'region'>> {
  const account = env?.account;
  const region = env?.region;
  if (typeof account !== 'string' || Token.isUnresolved(account) || !new RegExp(`^${ACCOUNT_ID_PATTERN}$`).test(account)) {
    throw new HipaaValidationError(scope, `${prop}.account`, 'REQUIRED', `${prop}.account is ${account === undefined ? 'missing' : `'${String(account).slice(0, 40)}'`}; ` +
      'CDK Pipelines deploys across accounts by literal id: pass the 12-digit account id (e.g. from context).');
  }
  if (typeof region !== 'string' || Token.isUnresolved(region) || !REGION_PATTERN.test(region)) {
    throw new HipaaValidationError(scope, `${prop}.region`, 'REQUIRED', `${prop}.region is ${region === undefined ? 'missing' : `'${String(region).slice(0, 40)}'`}; pass a literal Region such as 'us-east-1'.`);
  }
  return { account, region };
}
