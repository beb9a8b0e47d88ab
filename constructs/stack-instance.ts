import { Aws, Fn } from 'aws-cdk-lib';

/**
 * Part of this stack instance's id, for names of retained resources. A retained resource outlives its
 * stack, so a name that is the same for every instance of the stack (e.g. built from construct paths,
 * or from the stack name, which a redeploy reuses) makes the next create fail with "already exists"
 * after a teardown or a failed first create. The stack id's GUID is new for every stack created
 * (`arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<guid>`,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html#cfn-pseudo-param-stackid).
 *
 * @param length 'short' for the GUID's first group (8 lower-case hex digits), 'full' for the whole GUID (36)
 */
export function stackInstanceSuffix(length: 'short' | 'full' = 'short'): string {
  const guid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
  return length === 'full' ? guid : Fn.select(0, Fn.split('-', guid));
}
