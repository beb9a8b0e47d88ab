/** The rule every acknowledgement reason meets (suppress() and HipaaAcknowledgementChecks). */

/** A reason shorter than this cannot explain why a safeguard does not apply. */
export const MIN_REASON_LENGTH = 30;

/**
 * Why `reason` cannot justify acknowledging `ruleId`, or undefined when it can:
 * it must hold at least {@link MIN_REASON_LENGTH} characters besides the rule id
 * itself (a reason that only repeats the id says nothing).
 */
export function reasonProblem(ruleId: string, reason: string | undefined): string | undefined {
  const why = (reason ?? '').trim();
  if (why.length < MIN_REASON_LENGTH) {
    return `reason '${why}' is ${why.length} characters; give at least ${MIN_REASON_LENGTH} characters that tell an auditor why this finding is acceptable here`;
  }
  let rest = why;
  for (const form of idForms(ruleId)) rest = rest.split(form).join(' ');
  rest = rest.replace(/[\s\p{P}\p{S}]+/gu, ' ').trim();
  if (rest.length < MIN_REASON_LENGTH) {
    return `reason '${why}' only repeats the rule id; say in at least ${MIN_REASON_LENGTH} characters why this finding is acceptable here`;
  }
  return undefined;
}

/** The id as written, without its plugin namespace, and the bare rule name (`IAM5`, `S3BucketReplicationEnabled`). */
function idForms(ruleId: string): string[] {
  const id = ruleId.trim();
  // `HipaaGapChecks::HipaaGap-X` -> `HipaaGap-X`; the `::` inside `AwsSolutions-IAM5[Action::s3:*]` is not a namespace.
  const bare = /^[^[:]+::/.test(id) ? id.slice(id.indexOf('::') + 2) : id;
  const noFinding = bare.replace(/\[.*\]$/, '');
  const name = noFinding.slice(noFinding.lastIndexOf('-') + 1);
  return [...new Set([id, bare, noFinding, name].filter((f) => f.length >= 3))].sort((a, b) => b.length - a.length);
}
