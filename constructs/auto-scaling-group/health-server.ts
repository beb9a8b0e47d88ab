import { HipaaValidationError } from '../../lib/errors';

/**
 * A minimal HTTPS server for `/health` that runs on a stock Amazon Linux 2023 instance with no
 * package installed: AL2023 ships Python 3.9 as the system Python at /usr/bin/python3
 * (https://docs.aws.amazon.com/linux/al2023/ug/python.html), whose standard library has
 * `http.server` and `ssl`. It starts at first boot, before anything is fetched from a package
 * repository, so the load balancer's HTTPS health check passes as deployed even when the instance
 * has no route to the internet. Replace it with the application (see the README).
 */

/** Options of {@link httpsHealthServerCommands}. */
export interface HttpsHealthServerOptions {
  /**
   * Port to listen on (the target group's port).
   * @default 443
   */
  readonly port?: number;
  /**
   * Path answered with 200; everything else gets 404.
   * @default '/health'
   */
  readonly path?: string;
  /**
   * Directory holding `server.key` and `server.crt` (see `selfSignedCertificateCommands`).
   * @default '/etc/pki/tls/private/app'
   */
  readonly certificateDirectory?: string;
}

/** Name of the systemd unit the commands install; stop and disable it when the application takes the port. */
export const HEALTH_SERVER_UNIT = 'cdk-hipaa-health.service';

/**
 * The server. TLS 1.2 or newer only; no request logging (request lines could carry PHI); no
 * Server version banner. The key and certificate come from systemd credentials, so the service
 * runs as an unprivileged dynamic user that cannot read the key file itself.
 */
export const HEALTH_SERVER_SOURCE = `import http.server, os, ssl

PORT = int(os.environ.get('PORT', '443'))
HEALTH_PATH = os.environ.get('HEALTH_PATH', '/health')
CREDENTIALS = os.environ['CREDENTIALS_DIRECTORY']


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = 'health'
    sys_version = ''

    def _answer(self, with_body):
        ok = self.path == HEALTH_PATH
        body = b'ok\\n' if ok else b'not found\\n'
        self.send_response(200 if ok else 404)
        self.send_header('Content-Type', 'text/plain; charset=utf-8')
        self.send_header('Content-Length', str(len(body)))
        self.send_header('Cache-Control', 'no-store')
        self.send_header('Strict-Transport-Security', 'max-age=31536000')
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_GET(self):
        self._answer(True)

    def do_HEAD(self):
        self._answer(False)

    def log_message(self, *args):
        pass


context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.minimum_version = ssl.TLSVersion.TLSv1_2
context.load_cert_chain(os.path.join(CREDENTIALS, 'server.crt'), os.path.join(CREDENTIALS, 'server.key'))
server = http.server.ThreadingHTTPServer(('', PORT), Handler)
server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
`;

/**
 * Shell commands (for `userDataCommands`) that install the health server as a hardened systemd
 * service and start it. Run them after the certificate commands.
 */
export function httpsHealthServerCommands(options: HttpsHealthServerOptions = {}): string[] {
  const port = options.port ?? 443;
  const path = options.path ?? '/health';
  const directory = options.certificateDirectory ?? '/etc/pki/tls/private/app';
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new HipaaValidationError(undefined, 'port', 'OUT_OF_RANGE', `port is ${port}; use a whole number from 1 to 65535 (the target group's port).`);
  }
  if (!/^\/[A-Za-z0-9._~\/-]*$/.test(path)) {
    throw new HipaaValidationError(undefined, 'path', 'INVALID_VALUE', `path is '${path}'; start it with '/' and use only letters, digits and . _ ~ / -.`);
  }
  if (!/^\/[A-Za-z0-9._\/-]+$/.test(directory)) {
    throw new HipaaValidationError(undefined, 'certificateDirectory', 'INVALID_VALUE', `certificateDirectory is '${directory}'; use an absolute path of letters, digits and . _ / -.`);
  }
  const unit = [
    '[Unit]',
    'Description=cdk-hipaa placeholder HTTPS /health server (replace with the application)',
    'After=network-online.target',
    'Wants=network-online.target',
    '[Service]',
    `Environment=PORT=${port} HEALTH_PATH=${path}`,
    `LoadCredential=server.key:${directory}/server.key`,
    `LoadCredential=server.crt:${directory}/server.crt`,
    'ExecStart=/usr/bin/python3 -I /usr/local/libexec/cdk-hipaa-health.py',
    'DynamicUser=yes',
    'AmbientCapabilities=CAP_NET_BIND_SERVICE',
    'CapabilityBoundingSet=CAP_NET_BIND_SERVICE',
    'NoNewPrivileges=yes',
    'ProtectSystem=strict',
    'ProtectHome=yes',
    'PrivateTmp=yes',
    'Restart=always',
    'RestartSec=2',
    '[Install]',
    'WantedBy=multi-user.target',
  ].join('\n');
  return [
    'install -d -m 0755 /usr/local/libexec',
    `cat > /usr/local/libexec/cdk-hipaa-health.py <<'CDK_HIPAA_HEALTH_PY'\n${HEALTH_SERVER_SOURCE}CDK_HIPAA_HEALTH_PY`,
    `cat > /etc/systemd/system/${HEALTH_SERVER_UNIT} <<'CDK_HIPAA_HEALTH_UNIT'\n${unit}\nCDK_HIPAA_HEALTH_UNIT`,
    'systemctl daemon-reload',
    `systemctl enable --now ${HEALTH_SERVER_UNIT}`,
  ];
}
