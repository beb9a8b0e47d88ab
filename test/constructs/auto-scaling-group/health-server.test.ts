import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { HipaaAutoScalingGroup } from '../../../lib';
import { HEALTH_SERVER_SOURCE, HEALTH_SERVER_UNIT } from '../../../constructs/auto-scaling-group/health-server';

/**
 * The placeholder /health server, run for real: the user-data commands write the script and the unit
 * through shell here-documents (executed by bash into a temporary root), then the written script
 * serves TLS with an openssl certificate, as systemd would start it (credentials directory, port).
 * Needs bash, openssl and python3 (Amazon Linux 2023 ships all three; so does CI).
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-hipaa-health-'));
const commands = HipaaAutoScalingGroup.httpsHealthServerCommands({ port: 443, path: '/health' });
// Only the destinations of the `cat >` redirections move; the content stays as an instance gets it.
const intoRoot = (command: string) => command.replace(/^cat > \/usr\/local\/libexec/, `cat > ${root}/libexec`).replace(/^cat > \/etc\/systemd\/system/, `cat > ${root}/systemd`);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function get(port: number, urlPath: string, tls: https.RequestOptions = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, path: urlPath, rejectUnauthorized: false, ...tls }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
  });
}

describe('httpsHealthServerCommands', () => {
  let server: ChildProcess | undefined;
  let port = 0;

  beforeAll(async () => {
    fs.mkdirSync(path.join(root, 'libexec'));
    fs.mkdirSync(path.join(root, 'systemd'));
    for (const command of commands.slice(1, 3)) execFileSync('bash', ['-euo', 'pipefail', '-c', intoRoot(command)]);
    const credentials = path.join(root, 'credentials');
    fs.mkdirSync(credentials);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-sha256', '-days', '1', '-nodes', '-subj', '/CN=localhost',
      '-keyout', path.join(credentials, 'server.key'), '-out', path.join(credentials, 'server.crt')], { stdio: 'ignore' });
    port = await freePort();
    server = spawn('python3', ['-I', path.join(root, 'libexec', 'cdk-hipaa-health.py')], {
      env: { PATH: process.env.PATH, PORT: String(port), HEALTH_PATH: '/health', CREDENTIALS_DIRECTORY: credentials }, stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      try { await get(port, '/health'); return; } catch { await new Promise((r) => setTimeout(r, 100)); }
    }
  }, 30_000);

  afterAll(() => {
    server?.kill();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('the here-documents write the script byte for byte', () => {
    expect(fs.readFileSync(path.join(root, 'libexec', 'cdk-hipaa-health.py'), 'utf8')).toBe(HEALTH_SERVER_SOURCE);
  });

  test('GET /health over TLS answers 200 ok, no-store, no version banner', async () => {
    const res = await get(port, '/health');
    expect(res).toMatchObject({ status: 200, body: 'ok\n' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(String(res.headers.server)).not.toMatch(/Python|\d/);
  });

  test('any other path answers 404', async () => {
    expect((await get(port, '/patients/1')).status).toBe(404);
  });

  test('TLS 1.1 is refused (TLS 1.2 minimum)', async () => {
    await expect(get(port, '/health', { maxVersion: 'TLSv1.1', minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' })).rejects.toThrow();
  });

  test('the unit: unprivileged dynamic user with only the bind capability, key and certificate as credentials, restarted, enabled', () => {
    const unit = fs.readFileSync(path.join(root, 'systemd', HEALTH_SERVER_UNIT), 'utf8');
    for (const line of ['DynamicUser=yes', 'AmbientCapabilities=CAP_NET_BIND_SERVICE', 'CapabilityBoundingSet=CAP_NET_BIND_SERVICE', 'NoNewPrivileges=yes',
      'ProtectSystem=strict', 'LoadCredential=server.key:/etc/pki/tls/private/app/server.key', 'LoadCredential=server.crt:/etc/pki/tls/private/app/server.crt',
      'Environment=PORT=443 HEALTH_PATH=/health', 'ExecStart=/usr/bin/python3 -I /usr/local/libexec/cdk-hipaa-health.py', 'Restart=always', 'WantedBy=multi-user.target']) {
      expect(unit.split('\n')).toContain(line);
    }
    expect(commands.slice(-2)).toEqual(['systemctl daemon-reload', `systemctl enable --now ${HEALTH_SERVER_UNIT}`]);
  });

  test.each<[object, RegExp]>([
    [{ port: 0 }, /port is 0/],
    [{ path: 'health' }, /path is 'health'/],
    [{ path: '/a b' }, /path is '\/a b'/],
    [{ certificateDirectory: 'relative' }, /certificateDirectory is 'relative'/],
  ])('rejects %j', (options, message) => {
    expect(() => HipaaAutoScalingGroup.httpsHealthServerCommands(options)).toThrow(message);
  });
});
