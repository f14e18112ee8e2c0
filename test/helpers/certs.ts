/**
 * Test certificates made at test time with the machine's openssl: a CA, a
 * server certificate for localhost / 127.0.0.1 signed by it, and a client
 * certificate for mutual TLS. Nothing here is trusted anywhere else.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCerts {
  dir: string;
  caCert: string;
  serverKey: string;
  serverCert: string;
  clientKey: string;
  clientCert: string;
  /** file paths of the same, for scripts that open() them */
  files: Record<'caCert' | 'serverKey' | 'serverCert' | 'clientKey' | 'clientCert', string>;
}

function openssl(cwd: string, args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** A key and a certificate `name`.crt signed by the CA, with the extensions in `extFile`. */
function leaf(dir: string, name: string, subject: string, extFile: string): void {
  openssl(dir, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', `${name}.crt`, '-extfile', extFile]);
}

export async function makeTestCerts(): Promise<TestCerts> {
  const dir = await mkdtemp(path.join(tmpdir(), 'stampede-certs-'));
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=Stampede Test CA']);
  await writeFile(path.join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  await writeFile(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  leaf(dir, 'server', '/CN=localhost', 'server.ext');
  leaf(dir, 'client', '/CN=stampede-vu', 'client.ext');
  const files = {
    caCert: path.join(dir, 'ca.crt'),
    serverKey: path.join(dir, 'server.key'),
    serverCert: path.join(dir, 'server.crt'),
    clientKey: path.join(dir, 'client.key'),
    clientCert: path.join(dir, 'client.crt'),
  };
  const read = (f: string) => readFile(f, 'utf8');
  return {
    dir, files,
    caCert: await read(files.caCert), serverKey: await read(files.serverKey), serverCert: await read(files.serverCert),
    clientKey: await read(files.clientKey), clientCert: await read(files.clientCert),
  };
}
