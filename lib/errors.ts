import { IConstruct } from 'constructs';

/**
 * What kind of mistake a {@link HipaaValidationError} reports, for a caller or a
 * test to match on without parsing the message.
 *
 * - `WEAKENS_SAFEGUARD`: the value would turn a HIPAA safeguard off or below its floor.
 * - `OUT_OF_RANGE`: a number or duration outside what AWS (or the safeguard) accepts.
 * - `INVALID_VALUE`: a value of the wrong form (name syntax, enum member, type).
 * - `WRONG_PLACEMENT`: a resource placed in a subnet tier or VPC it must not run in.
 * - `INCONSISTENT`: props that contradict each other.
 * - `REQUIRED`: a prop with no safe default was not given.
 * - `UNRESOLVED_TOKEN`: a value that must be known at synth was given as a token.
 * - `MISSING_ASSET`: the package is missing a file it ships (a Lambda source).
 */
export type HipaaValidationCode =
  | 'WEAKENS_SAFEGUARD'
  | 'OUT_OF_RANGE'
  | 'INVALID_VALUE'
  | 'WRONG_PLACEMENT'
  | 'INCONSISTENT'
  | 'REQUIRED'
  | 'UNRESOLVED_TOKEN'
  | 'MISSING_ASSET';

/**
 * The error every cdk-hipaa construct throws for a bad prop at construction.
 * The message keeps the form `<construct path>: <prop> is <value>; <fix>`; the
 * fields carry the same facts for code.
 */
export class HipaaValidationError extends Error {
  /** Whether `error` is a HipaaValidationError, also across copies of the package. */
  public static isHipaaValidationError(error: unknown): error is HipaaValidationError {
    return error instanceof HipaaValidationError ||
      (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'HipaaValidationError');
  }

  /** The kind of mistake. */
  public readonly code: HipaaValidationCode;
  /** Path of the construct whose prop is wrong (`node.path`), or '' when there is none. */
  public readonly constructPath: string;
  /** The prop (or method argument) at fault, e.g. `minimumRetention` or `parameters.rds.force_ssl`. */
  public readonly prop: string;

  /**
   * @param scope the construct whose prop is wrong (its path starts the message), or undefined
   * @param prop the prop at fault
   * @param code the kind of mistake
   * @param detail the rest of the message: the value and the fix
   */
  constructor(scope: IConstruct | undefined, prop: string, code: HipaaValidationCode, detail: string) {
    const path = scope ? scope.node.path : '';
    super(path ? `${path}: ${detail}` : detail);
    this.name = 'HipaaValidationError';
    this.code = code;
    this.constructPath = path;
    this.prop = prop;
    Object.setPrototypeOf(this, HipaaValidationError.prototype);
  }
}
