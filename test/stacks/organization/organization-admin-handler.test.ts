import * as http from 'http';
import { AddressInfo } from 'net';
import { apply, OrganizationApis, respond } from '../../../lib/stacks/organization/organization-admin-handler';

function recordingApis(): { apis: OrganizationApis; calls: string[] } {
  const calls: string[] = [];
  const record = (name: string) => async (...args: unknown[]) => {
    calls.push(`${name}(${args.map((a) => JSON.stringify(a)).join(',')})`);
  };
  return {
    calls,
    apis: {
      enableServiceAccess: record('enableServiceAccess'),
      registerDelegatedAdministrator: record('registerDelegatedAdministrator'),
      deregisterDelegatedAdministrator: record('deregisterDelegatedAdministrator'),
      enableGuardDutyAdmin: record('enableGuardDutyAdmin'),
      disableGuardDutyAdmin: record('disableGuardDutyAdmin'),
      updateGuardDutyOrganization: record('updateGuardDutyOrganization'),
    },
  };
}

const account = '0'.repeat(11) + '1'; // a syntactically valid id for the handler's check; never in a template
const base = { ResponseURL: 'https://unused.invalid/', StackId: 's', RequestId: 'r', LogicalResourceId: 'l' };

describe('organization admin handler', () => {
  test('Create registers the delegated administrator after enabling service access', async () => {
    const { apis, calls } = recordingApis();
    const id = await apply({ ...base, RequestType: 'Create', ResourceProperties: { Operation: 'DelegateAdministrator', ServicePrincipal: 'config.amazonaws.com', AccountId: account } }, apis);
    expect(id).toBe(`config.amazonaws.com/${account}`);
    expect(calls).toEqual(['enableServiceAccess("config.amazonaws.com")', `registerDelegatedAdministrator("${account}","config.amazonaws.com")`]);
  });

  test('GuardDuty uses its own admin API', async () => {
    const { apis, calls } = recordingApis();
    await apply({ ...base, RequestType: 'Create', ResourceProperties: { Operation: 'DelegateAdministrator', ServicePrincipal: 'guardduty.amazonaws.com', AccountId: account } }, apis);
    expect(calls).toEqual(['enableServiceAccess("guardduty.amazonaws.com")', `enableGuardDutyAdmin("${account}")`]);
  });

  test('Delete deregisters only the resource\'s own registration, never an old id left by a replacement', async () => {
    const own = recordingApis();
    const props = { Operation: 'DelegateAdministrator' as const, ServicePrincipal: 'access-analyzer.amazonaws.com', AccountId: account };
    await apply({ ...base, RequestType: 'Delete', PhysicalResourceId: `access-analyzer.amazonaws.com/${account}`, ResourceProperties: props }, own.apis);
    expect(own.calls).toEqual([`deregisterDelegatedAdministrator("${account}","access-analyzer.amazonaws.com")`]);
    const stale = recordingApis();
    await apply({ ...base, RequestType: 'Delete', PhysicalResourceId: 'something-else', ResourceProperties: props }, stale.apis);
    expect(stale.calls).toEqual([]);
  });

  test('GuardDuty auto-enable on create and update, never switched off on delete', async () => {
    const { apis, calls } = recordingApis();
    const props = { Operation: 'GuardDutyAutoEnable' as const, DetectorId: 'a'.repeat(32), Features: ['S3_DATA_EVENTS'] };
    await apply({ ...base, RequestType: 'Update', PhysicalResourceId: 'x', ResourceProperties: props }, apis);
    await apply({ ...base, RequestType: 'Delete', PhysicalResourceId: 'x', ResourceProperties: props }, apis);
    expect(calls).toEqual([`updateGuardDutyOrganization("${'a'.repeat(32)}",["S3_DATA_EVENTS"])`]);
  });

  test.each([
    [{ Operation: 'DelegateAdministrator', ServicePrincipal: 's3.amazonaws.com', AccountId: account }],
    [{ Operation: 'DelegateAdministrator', ServicePrincipal: 'config.amazonaws.com', AccountId: 'abc' }],
    [{ Operation: 'GuardDutyAutoEnable', DetectorId: 'nope', Features: [] }],
    [{ Operation: 'DeleteEverything' }],
  ])('bad input %j is refused before any call', async (properties) => {
    const { apis, calls } = recordingApis();
    await expect(apply({ ...base, RequestType: 'Create', ResourceProperties: properties as any }, apis)).rejects.toThrow();
    expect(calls).toEqual([]);
  });

  test('always answers CloudFormation: FAILED with the reason when a call fails', async () => {
    const bodies: any[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => { bodies.push(JSON.parse(body)); res.end(); });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const { apis } = recordingApis();
    apis.registerDelegatedAdministrator = async () => { throw new Error('AccessDenied'); };
    // putResponse speaks HTTPS to S3; a plain HTTP server stands in through a tiny shim.
    const https = require('https');
    const original = https.request;
    https.request = require('http').request;
    try {
      await respond({ ...base, ResponseURL: url, RequestType: 'Create', ResourceProperties: { Operation: 'DelegateAdministrator', ServicePrincipal: 'config.amazonaws.com', AccountId: account } }, apis);
    } finally {
      https.request = original;
      server.close();
    }
    expect(bodies).toEqual([expect.objectContaining({ Status: 'FAILED', Reason: 'AccessDenied', PhysicalResourceId: 'failed' })]);
  });
});
