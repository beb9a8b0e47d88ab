import * as crypto from 'crypto';
import { bitString, boolean, explicit, implicit, integer, nullValue, octetString, oid, sequence, set, time, utf8String } from './der';

const OID = {
  sha256WithRsa: '1.2.840.113549.1.1.11',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

/** What to put in the certificate. */
export interface CertificateRequest {
  /** Subject common name and DNS subject alternative name, e.g. `*.eu-west-1.compute.internal`. */
  readonly commonName: string;
  /** Days the certificate is valid from `now`. */
  readonly validityDays: number;
  /** Issuing time (injected for tests). */
  readonly now: Date;
  /** RSA modulus length. */
  readonly modulusLength?: number;
}

/** A PEM private key and its self-signed certificate. */
export interface SelfSignedCertificate {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  readonly notAfter: Date;
}

const rsaSha256 = () => sequence(oid(OID.sha256WithRsa), nullValue());
const name = (cn: string) => sequence(
  set(sequence(oid(OID.organization), utf8String('cdk-hipaa'))),
  set(sequence(oid(OID.commonName), utf8String(cn))),
);
const extension = (id: string, critical: boolean, value: Buffer) =>
  sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));

/**
 * A self-signed X.509 v3 certificate (RSA 2048, SHA-256) for one DNS name:
 * the trust anchor and leaf at once, as EMR's PEM certificate provider
 * expects for in-transit encryption between cluster nodes.
 */
export function createSelfSignedCertificate(request: CertificateRequest): SelfSignedCertificate {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: request.modulusLength ?? 2048 });
  const notBefore = new Date(request.now.getTime() - 5 * 60_000); // tolerate clock skew between nodes
  const notAfter = new Date(request.now.getTime() + request.validityDays * 86_400_000);
  const serial = crypto.randomBytes(16);
  serial[0] &= 0x7f;

  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serial),
    rsaSha256(),
    name(request.commonName),
    sequence(time(notBefore), time(notAfter)),
    name(request.commonName),
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(
      extension(OID.subjectAltName, false, sequence(implicit(2, Buffer.from(request.commonName, 'ascii')))),
      extension(OID.basicConstraints, true, sequence(boolean(true))),
      // digitalSignature, keyEncipherment, keyCertSign
      extension(OID.keyUsage, true, bitStringFlags([0, 2, 5])),
      extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth), oid(OID.clientAuth))),
    )),
  );
  const signature = crypto.sign('sha256', tbs, privateKey);
  const certificate = sequence(tbs, rsaSha256(), bitString(signature));
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificatePem: toPem('CERTIFICATE', certificate),
    notAfter,
  };
}

/** A BIT STRING of named bits (bit 0 is the most significant), unused trailing bits counted. */
function bitStringFlags(bits: number[]): Buffer {
  const highest = Math.max(...bits);
  const value = bits.reduce((acc, b) => acc | (0x80 >> b), 0);
  return Buffer.from([0x03, 0x02, 7 - highest, value]);
}

function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
