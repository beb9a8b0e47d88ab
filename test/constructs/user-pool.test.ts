import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbTargets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { HipaaLoadBalancer, HipaaUserPool, HipaaValidationError, HipaaVpc } from '../../lib';
import { findings } from '../../lib/testing';
import { testApp, testStack } from '../helpers';

describe('HipaaUserPool with ALB sign-in', () => {
  const app = testApp();
  const stack = new Stack(app, 'Portal');
  const net = new HipaaVpc(stack, 'Net');
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', new CfnParameter(stack, 'CertificateArn').valueAsString);
  const alb = new HipaaLoadBalancer(stack, 'Public', { vpc: net.vpc, certificate, internetFacing: true });
  const users = new HipaaUserPool(stack, 'Users', { domainPrefix: 'clinic-portal-test' });
  alb.addTargets('Web', { targets: [new elbTargets.IpTarget('10.0.3.10')], authenticate: users, authenticationDomainName: 'portal.example.org' });
  const gate = findings(app);
  const template = Template.fromStack(stack);

  test('zero unacknowledged findings from every pack', () => {
    expect(gate.findings).toEqual([]);
  });

  test('MFA required with TOTP only (no SMS), passkeys as a verified first factor', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: Match.objectLike({ SignInPolicy: { AllowedFirstAuthFactors: Match.arrayWith(['PASSWORD', 'WEB_AUTHN']) } }),
      WebAuthnUserVerification: 'required',
    });
  });

  test('threat protection enforced on the Plus plan', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  test('AwsSolutions-COG3 (the Plus plan) passes on the pool itself: nothing acknowledges it', () => {
    expect(gate.acknowledgements.filter((a) => a.rule.includes('COG3'))).toEqual([]);
    expect(gate.findings.filter((f) => f.rule.includes('COG3'))).toEqual([]);
  });

  test('passwords of 14+ characters with every class; invitation only; email-only recovery; protected and retained', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: Match.objectLike({ PasswordPolicy: Match.objectLike({
        MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true,
      }) }),
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      DeletionProtection: 'ACTIVE',
    });
    const pool = Object.values(template.findResources('AWS::Cognito::UserPool'))[0] as any;
    expect(pool.DeletionPolicy).toBe('Retain');
  });

  test('the app client: code flow only, a secret, no user-existence leaks, tokens of an hour, refresh bounded', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      GenerateSecret: true,
      PreventUserExistenceErrors: 'ENABLED',
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      CallbackURLs: ['https://portal.example.org/oauth2/idpresponse'],
    });
  });

  test('sign-in activity goes to an encrypted six-year log group', () => {
    template.hasResourceProperties('AWS::Cognito::LogDeliveryConfiguration', {
      LogConfigurations: [Match.objectLike({ EventSource: 'userAuthEvents', LogLevel: 'INFO' })],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: { 'Fn::Join': ['', [Match.stringLikeRegexp('^/aws/vendedlogs/cognito/'), Match.anyValue()]] }, RetentionInDays: 2192, KmsKeyId: Match.anyValue(),
    });
  });

  test('the load balancer signs people in before forwarding, with a bounded session', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Actions: [
        Match.objectLike({ Type: 'authenticate-cognito', Order: 1, AuthenticateCognitoConfig: Match.objectLike({ OnUnauthenticatedRequest: 'authenticate', SessionTimeout: 3600 }) }),
        Match.objectLike({ Type: 'forward', Order: 2 }),
      ],
    });
  });

  test.each([
    [{ domainPrefix: '' }, 'domainPrefix', /required/],
    [{ domainPrefix: 'My Portal' }, 'domainPrefix', /not a valid Cognito domain prefix/],
    [{ domainPrefix: 'aws-portal' }, 'domainPrefix', /not a valid/],
    [{ domainPrefix: 'ok-portal', selfSignUpEnabled: true }, 'selfSignUpJustification', /at least 30 characters/],
    [{ domainPrefix: 'ok-portal', selfSignUpEnabled: 'true' }, 'selfSignUpEnabled', /true or false/],
    [{ domainPrefix: 'ok-portal', tokenValidity: Duration.hours(8) }, 'tokenValidity', /5 to 60/],
    [{ domainPrefix: 'ok-portal', refreshTokenValidity: Duration.days(30) }, 'refreshTokenValidity', /60 to 1440/],
    [{ domainPrefix: 'ok-portal', callbackUrls: ['http://portal.example.org/cb'] }, 'callbackUrls', /https:\/\//],
  ])('bad input %j is refused naming %s', (props, prop, message) => {
    let error: unknown;
    try {
      new HipaaUserPool(testStack(), 'U', props as any);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HipaaValidationError);
    expect((error as HipaaValidationError).prop).toBe(prop);
    expect((error as Error).message).toMatch(message);
  });

  test('a pool with no callback URL fails synth with a clear message', () => {
    const s = testStack();
    new HipaaUserPool(s, 'Lonely', { domainPrefix: 'lonely-portal' });
    expect(() => Template.fromStack(s)).toThrow(/no callback URL/);
  });
});
