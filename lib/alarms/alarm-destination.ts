import { CfnParameter, Stack } from 'aws-cdk-lib';

/** Id of the CloudFormation parameter that asks for the alarm email at deploy time. */
export const ALARM_EMAIL_PARAMETER = 'AlarmEmail';

/**
 * The alarm destination of a stack: the given emails, else a CloudFormation parameter with no
 * default, so the stack cannot be deployed without someone who receives its alarms while
 * `cdk synth` still needs no value (the same pattern as the certificate ARN).
 */
export function alarmEmailsOrParameter(stack: Stack, emails: readonly string[] | undefined): string[] {
  if (emails && emails.length > 0) return [...emails];
  const parameter = new CfnParameter(stack, ALARM_EMAIL_PARAMETER, {
    type: 'String',
    description: 'Email address that receives this stack\'s security and operational alarms (confirm the subscription email). Required: alarms must reach a person.',
    allowedPattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    constraintDescription: 'must be an email address',
  });
  return [parameter.valueAsString];
}
