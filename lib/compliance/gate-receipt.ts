import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { App, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, Stage } from 'aws-cdk-lib';

/**
 * The gate's receipt, written beside `validation-report.json` after every gated
 * synth. aws-cdk-lib's validation report lists only the plugins that found (or
 * had acknowledged) something, so a pack that passed cleanly leaves no trace
 * there: the receipt records what every plugin judged, so `cdk-hipaa report` can
 * refuse to PASS an assembly the gate did not judge as it stands.
 */
export const GATE_RECEIPT_FILE = 'cdk-hipaa-gate.json';

/** The version of the receipt's format. */
export const GATE_RECEIPT_FORMAT = 1;

/** One stack template a plugin judged, and the template's content hash at that moment. */
export interface GateReceiptTemplate {
  /** The stack's hierarchical id as the cloud assembly names it. */
  readonly stack: string;
  /** The template file, relative to the cloud assembly's root directory. */
  readonly template: string;
  /** SHA-256 (hex) of the template file as the plugin read it. */
  readonly sha256: string;
}

/** One plugin of the gate and what it did. */
export interface GateReceiptPlugin {
  readonly name: string;
  readonly version: string;
  /** The rules the plugin ran (cdk-nag: the rules it applied; others: the rules they declare). */
  readonly rules: string[];
  readonly templates: GateReceiptTemplate[];
  /** Unacknowledged-or-not violations the plugin returned (before aws-cdk-lib applied acknowledgements). */
  readonly violations: number;
  /** Set when the plugin threw. */
  readonly error?: string;
}

/** The receipt's content. */
export interface GateReceipt {
  readonly format: number;
  readonly writtenBy: 'cdk-hipaa';
  readonly plugins: GateReceiptPlugin[];
  /** aws-cdk-lib's built-in CloudFormation validation: whether this app ran it. */
  readonly cloudFormationValidate: { readonly enabled: boolean };
  /** SHA-256 of `validation-report.json` as aws-cdk-lib wrote it in this synth (absent if it wrote none). */
  readonly validationReportSha256?: string;
}

/** SHA-256 (hex) of a file's bytes. */
export function sha256Of(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * Records what each plugin judged: wraps its `validate` so that every call notes
 * the templates it was given (with their hashes), the rules it ran and what it found.
 */
export class GateRecorder {
  private readonly records = new Map<string, { plugin: IPolicyValidationPlugin; templates: Array<{ stack: string; file: string; sha256: string }>; violations: number; error?: string }>();

  constructor(private readonly ruleNames: (plugin: IPolicyValidationPlugin) => string[]) {}

  /** Wraps `plugin.validate` in place; returns the plugin. */
  public watch<T extends IPolicyValidationPlugin>(plugin: T): T {
    const validate = plugin.validate.bind(plugin);
    (plugin as { validate: IPolicyValidationPlugin['validate'] }).validate = (context: IPolicyValidationContext): PolicyValidationPluginReport => {
      // Hashed before the plugin runs: the receipt says what it was given.
      const templates = (context.stackTemplates ?? context.templatePaths.map((t) => ({ templatePath: t, stackConstructPath: path.basename(t, '.template.json') })))
        .map((t) => ({ stack: t.stackConstructPath, file: t.templatePath, sha256: sha256Of(t.templatePath) }));
      try {
        const report = validate(context);
        this.records.set(plugin.name, { plugin, templates, violations: report.violations.length });
        return report;
      } catch (e) {
        this.records.set(plugin.name, { plugin, templates, violations: 0, error: (e as Error).message });
        throw e;
      }
    };
    return plugin;
  }

  /** Writes the receipt into the app's cloud assembly directory (after aws-cdk-lib wrote its validation report). */
  public write(app: Stage): string {
    const outdir = app.outdir;
    const validationReport = path.join(outdir, 'validation-report.json');
    const receipt: GateReceipt = {
      format: GATE_RECEIPT_FORMAT,
      writtenBy: 'cdk-hipaa',
      plugins: [...this.records.values()].map((r) => ({
        name: r.plugin.name,
        version: String(r.plugin.version ?? ''),
        rules: this.ruleNames(r.plugin),
        templates: r.templates.map((t) => ({ stack: t.stack, template: path.relative(outdir, t.file).split(path.sep).join('/'), sha256: t.sha256 })),
        violations: r.violations,
        ...(r.error ? { error: r.error } : {}),
      })),
      cloudFormationValidate: { enabled: cloudFormationValidateEnabled(app) },
      ...(fs.existsSync(validationReport) && this.records.size > 0 ? { validationReportSha256: sha256Of(validationReport) } : {}),
    };
    const file = path.join(outdir, GATE_RECEIPT_FILE);
    fs.writeFileSync(file, `${JSON.stringify(receipt, null, 2)}\n`);
    return file;
  }
}

/**
 * Whether aws-cdk-lib ran its CloudFormation validation on this app: on unless
 * the app was built with `builtinCloudFormationValidation: false` or the
 * environment sets `CDK_VALIDATION=false` (the conditions aws-cdk-lib applies).
 */
export function cloudFormationValidateEnabled(app: Stage): boolean {
  const builtin = (app as Partial<Pick<App, '_builtinCloudFormationValidation'>>)._builtinCloudFormationValidation;
  return builtin !== false && process.env.CDK_VALIDATION !== 'false';
}
