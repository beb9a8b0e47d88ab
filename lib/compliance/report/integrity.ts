import * as fs from 'fs';
import * as path from 'path';
import { GATE_RECEIPT_FILE, GATE_RECEIPT_FORMAT, GateReceipt, sha256Of } from '../gate-receipt';

/** A file of the cloud assembly that does not prove the gate judged it, and why. */
export interface EvidenceIntegrityProblem {
  /** The file, relative to the cloud assembly directory. */
  readonly file: string;
  readonly problem: string;
}

/** The name aws-cdk-lib gives its validation report. */
export const VALIDATION_REPORT_FILE = 'validation-report.json';

/**
 * Reads the files of a cloud assembly for the report, recording every file
 * that is missing, not JSON, or not what it should be as a problem naming it
 * (the report then refuses to PASS) instead of treating it as empty.
 */
export class AssemblyFiles {
  public readonly problems: EvidenceIntegrityProblem[] = [];

  constructor(public readonly dir: string) {}

  /**
   * The parsed JSON of `file` (relative to the assembly), or undefined after
   * recording why not. `check` returns what is wrong with the parsed content.
   */
  public json(file: string, missing: string, check: (value: unknown) => string | undefined): any {
    const full = this.resolve(file);
    if (!full) return undefined;
    if (!fs.existsSync(full)) return this.fail(file, `missing: ${missing}`);
    if (!fs.statSync(full).isFile()) return this.fail(file, 'is not a file');
    let value: unknown;
    try {
      value = JSON.parse(fs.readFileSync(full, 'utf8'));
    } catch (e) {
      return this.fail(file, `is not valid JSON (${(e as Error).message.split('\n')[0]})`);
    }
    const wrong = check(value);
    return wrong ? this.fail(file, `unexpected content: ${wrong}`) : value;
  }

  /** The absolute path of `file`, or undefined (recorded) when it points outside the assembly. */
  public resolve(file: string): string | undefined {
    const full = path.resolve(this.dir, file);
    const rel = path.relative(path.resolve(this.dir), full);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      this.fail(file, 'points outside the cloud assembly directory');
      return undefined;
    }
    return full;
  }

  public fail(file: string, problem: string): undefined {
    this.problems.push({ file, problem });
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kind = (v: unknown) => (Array.isArray(v) ? 'an array' : v === null ? 'null' : `a ${typeof v}`);

/** What is wrong with a parsed `validation-report.json`, if anything. */
export function validationReportShape(v: unknown): string | undefined {
  if (!isObject(v)) return `expected aws-cdk-lib's validation report (an object with pluginReports), got ${kind(v)}`;
  if (v.title !== 'Validation Report') return `expected title 'Validation Report', got ${JSON.stringify(v.title)}`;
  if (!Array.isArray(v.pluginReports)) return `expected pluginReports to be an array, got ${kind(v.pluginReports)}`;
  for (const [i, p] of v.pluginReports.entries()) {
    if (!isObject(p) || typeof p.pluginName !== 'string' || !Array.isArray(p.violations)) {
      return `pluginReports[${i}] is not a plugin report (pluginName and violations[])`;
    }
    if (p.suppressedViolations !== undefined && !Array.isArray(p.suppressedViolations)) return `pluginReports[${i}].suppressedViolations is not an array`;
  }
  return undefined;
}

/** What is wrong with a parsed gate receipt, if anything. */
export function receiptShape(v: unknown): string | undefined {
  if (!isObject(v) || v.writtenBy !== 'cdk-hipaa') return `expected the cdk-hipaa gate's receipt, got ${kind(v)}`;
  if (v.format !== GATE_RECEIPT_FORMAT) return `format ${JSON.stringify(v.format)} is not ${GATE_RECEIPT_FORMAT}, the one this cdk-hipaa reads`;
  if (!Array.isArray(v.plugins)) return 'plugins is not an array';
  for (const [i, p] of v.plugins.entries()) {
    if (!isObject(p) || typeof p.name !== 'string' || !Array.isArray(p.rules) || !Array.isArray(p.templates)) return `plugins[${i}] is not a plugin record`;
  }
  return undefined;
}

/** What is wrong with a parsed stack template, if anything. */
export function templateShape(v: unknown): string | undefined {
  if (!isObject(v)) return `expected a CloudFormation template (an object), got ${kind(v)}`;
  if (v.Resources !== undefined && !isObject(v.Resources)) return 'Resources is not an object';
  return undefined;
}

/** A stack of the assembly as the integrity check sees it. */
export interface StackUnderCheck {
  readonly name: string;
  /** Relative to the assembly root. */
  readonly templateFile: string;
  /** Whether the template was read (problems recorded otherwise). */
  readonly templateRead: boolean;
  /** Packs applyHipaaChecks registered for it (its `cdk-hipaa:checks` metadata), undefined if none. */
  readonly expectedPacks?: string[];
}

/**
 * Checks that the gate judged the assembly as it stands: the receipt is there
 * and well-formed, the validation report is the one written in the same synth,
 * and every pack applyHipaaChecks registered judged every stack's template with
 * the content it has now. Records a problem naming the file for each gap.
 * Returns the receipt when it could be read.
 */
export function checkGateRan(files: AssemblyFiles, stacks: StackUnderCheck[], validationReportRead: boolean): GateReceipt | undefined {
  const receipt: GateReceipt | undefined = files.json(GATE_RECEIPT_FILE,
    'no record that the cdk-hipaa gate judged this assembly; synthesize the app with applyHipaaChecks (cdk synth)', receiptShape);
  if (!receipt) return undefined;
  if (validationReportRead) {
    const actual = sha256Of(path.join(files.dir, VALIDATION_REPORT_FILE));
    if (receipt.validationReportSha256 !== actual) {
      files.fail(VALIDATION_REPORT_FILE, receipt.validationReportSha256
        ? 'is not the validation report the gate wrote (its content changed after synth)'
        : 'was not written by the gated synth that wrote the receipt');
    }
  }
  for (const stack of stacks) {
    if (!stack.expectedPacks) {
      files.fail(stack.templateFile, `stack ${stack.name} was synthesized without applyHipaaChecks (no cdk-hipaa:checks metadata)`);
      continue;
    }
    for (const pack of stack.expectedPacks) {
      const plugin = receipt.plugins.find((p) => p.name === pack);
      const judged = plugin?.templates.find((t) => t.template === stack.templateFile);
      if (!plugin || !judged) {
        files.fail(stack.templateFile, `pack ${pack} did not judge stack ${stack.name} (not in ${GATE_RECEIPT_FILE})`);
      } else if (plugin.error) {
        files.fail(stack.templateFile, `pack ${pack} failed to run on stack ${stack.name}: ${plugin.error}`);
      } else if (stack.templateRead && judged.sha256 !== sha256Of(path.join(files.dir, stack.templateFile))) {
        files.fail(stack.templateFile, `changed after pack ${pack} judged it: the template is not the one the gate passed`);
        break; // one line per template is enough
      }
    }
  }
  return receipt;
}
