// A small evaluator of S3 bucket-policy statements for tests: enough of the IAM policy language
// (Resource/NotResource with * and ? wildcards; Bool, StringEquals, StringNotEquals, ArnEquals,
// ArnNotEquals, NumericLessThan, Null) to ask "is this PutObject denied, is it allowed?" of a synthesized policy.
// Template intrinsics are rendered to fixed placeholders: Ref X -> <X>, GetAtt X.Arn of a bucket
// -> arn:aws:s3:::<X>, any other GetAtt -> <X.Attr>, so a test writes requests in those terms.

/** One request to judge. Absent context keys are left out (as IAM does). */
export interface S3Request {
  readonly action: string;
  readonly resource: string;
  /** Service principal making the call, e.g. cloudtrail.amazonaws.com; undefined for an IAM principal. */
  readonly service?: string;
  readonly context: Record<string, string | undefined>;
}

/** Renders CloudFormation intrinsics of a template value to strings (see the header). */
export function render(value: unknown, resources: Record<string, any> = {}): any {
  if (Array.isArray(value)) return value.map((v) => render(v, resources));
  if (value && typeof value === 'object') {
    const o = value as Record<string, any>;
    if ('Ref' in o) return `<${o.Ref}>`;
    if ('Fn::GetAtt' in o) {
      const [id, attr] = o['Fn::GetAtt'];
      return attr === 'Arn' && resources[id]?.Type === 'AWS::S3::Bucket' ? `arn:aws:s3:::<${id}>` : `<${id}.${attr}>`;
    }
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'];
      return (render(parts, resources) as string[]).join(sep);
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, render(v, resources)]));
  }
  return value;
}

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
const wildcard = (pattern: string, value: string): boolean =>
  new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`).test(value);

function conditionMatches(condition: Record<string, Record<string, unknown>> | undefined, context: S3Request['context']): boolean {
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      const actual = context[key];
      const values = list(expected);
      switch (operator) {
        case 'Bool': case 'StringEquals': if (actual === undefined || !values.includes(actual)) return false; break;
        case 'ArnEquals': case 'ArnLike': if (actual === undefined || !values.some((v) => wildcard(v, actual))) return false; break;
        // A negated operator on an absent key matches (IAM: "If the key ... is not present ... the condition evaluates to true").
        case 'StringNotEquals': if (actual !== undefined && values.includes(actual)) return false; break;
        case 'ArnNotEquals': case 'ArnNotLike': if (actual !== undefined && values.some((v) => wildcard(v, actual))) return false; break;
        case 'NumericLessThan': if (actual === undefined || !(Number(actual) < Number(values[0]))) return false; break;
        case 'Null': if ((actual === undefined) !== (values[0] === 'true')) return false; break;
        default: throw new Error(`s3-policy-eval: condition operator ${operator} is not modelled`);
      }
    }
  }
  return true;
}

function applies(statement: any, request: S3Request): boolean {
  if (!list(statement.Action).some((a) => wildcard(a, request.action))) return false;
  if (statement.Resource !== undefined && !list(statement.Resource).some((r) => wildcard(r, request.resource))) return false;
  if (statement.NotResource !== undefined && list(statement.NotResource).some((r) => wildcard(r, request.resource))) return false;
  const principal = statement.Principal;
  const anyone = principal === '*' || principal?.AWS === '*';
  if (!anyone && !(request.service && list(principal?.Service).includes(request.service))) return false;
  return conditionMatches(statement.Condition, request.context);
}

/** 'denied' when a Deny applies, 'allowed' when an Allow applies and no Deny, else 'implicit'. */
export function judge(statements: any[], request: S3Request): 'denied' | 'allowed' | 'implicit' {
  const matching = statements.filter((s) => applies(s, request));
  if (matching.some((s) => s.Effect === 'Deny')) return 'denied';
  return matching.some((s) => s.Effect === 'Allow') ? 'allowed' : 'implicit';
}
