import {
  IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation, Stack, Validations,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { MIN_REASON_LENGTH, reasonProblem } from './reason';

import { ACK_CHECKS_PLUGIN_NAME, ACK_REASON_RULE } from './ids';

export { ACK_CHECKS_PLUGIN_NAME, ACK_REASON_RULE };
/** One acknowledgement recorded in the construct tree. */
export interface RecordedAcknowledgement {
  /** The acknowledged id as recorded (namespace included when it has one). */
  readonly id: string;
  readonly reason: string;
  /** Path of the construct it was made on. */
  readonly path: string;
  readonly construct: IConstruct;
}

/**
 * Every acknowledgement under `root`, however it was made: `suppress()`,
 * `Validations.of(x).acknowledge()` or a plugin's own helper all record
 * aws-cdk-lib's `aws:cdk:acknowledged-rules` metadata, which this reads.
 */
export function recordedAcknowledgements(root: IConstruct): RecordedAcknowledgement[] {
  const found: RecordedAcknowledgement[] = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ id, reason: String(reason ?? ''), path: construct.node.path, construct });
      }
    }
  }
  return found;
}

/**
 * Judges every acknowledgement in the app: a reason under 30 characters, or one
 * that only repeats the rule id, is a finding of severity `fatal`, which
 * aws-cdk-lib never lets an acknowledgement hide, so the rule cannot be
 * acknowledged away itself. Registered by `applyHipaaChecks` on every app;
 * it cannot be disabled.
 *
 * Each finding carries `ruleMetadata` (`acknowledgedId`, `acknowledgedAt`,
 * `reason`) so the evidence report can mark that acknowledgement as failed.
 */
export class HipaaAcknowledgementChecks implements IPolicyValidationPlugin {
  public readonly name = ACK_CHECKS_PLUGIN_NAME;
  public readonly version = '1.0.0';
  public readonly ruleIds = [ACK_REASON_RULE];

  constructor(private readonly root?: IConstruct) {}

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const root = (context as { appConstruct?: IConstruct }).appConstruct ?? this.root;
    if (!root) return { success: true, violations: [] };
    const violations: PolicyViolation[] = [];
    for (const ack of recordedAcknowledgements(root)) {
      const problem = reasonProblem(ack.id, ack.reason);
      if (!problem) continue;
      const shown = ack.id.replace(/^[^:]+::(?=HipaaGap-|ControlTower-)/, '');
      violations.push({
        ruleName: ACK_REASON_RULE,
        description: `The acknowledgement of '${ack.id}' on ${ack.path} does not justify itself: ${problem}. ` +
          'Every acknowledgement is listed in the evidence report for an auditor to judge.',
        fix: `Acknowledge with suppress(construct, '${shown}', '<why this finding is acceptable here, ${MIN_REASON_LENGTH}+ characters>') ` +
          'from cdk-hipaa, which checks the reason when you call it; or fix the finding.',
        severity: 'fatal',
        ruleMetadata: { acknowledgedId: ack.id, acknowledgedAt: ack.path, reason: ack.reason },
        violatingResources: [{ constructPath: ack.path, templatePath: templateOf(ack.construct, context), locations: [] }],
      });
    }
    return { success: violations.length === 0, violations };
  }
}

function templateOf(construct: IConstruct, context: IPolicyValidationContext): string {
  const stack = construct.node.scopes.slice().reverse().find((s) => Stack.isStack(s)) as Stack | undefined;
  const match = stack && context.templatePaths.find((p) => p.endsWith(`/${stack.templateFile}`) || p.endsWith(`\\${stack.templateFile}`));
  return match ?? context.templatePaths[0] ?? '';
}
