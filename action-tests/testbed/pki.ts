import fs from 'node:fs';
import path from 'node:path';
import { run } from './exec.js';
import { logPath, stateDir } from './paths.js';

export interface ClientCert {
  cert: string;
  key: string;
}

export interface Pki {
  dir: string;
  caCert: string;
  caKey: string;
  serving: ClientCert;
  serviceAccountKey: string;
  serviceAccountPub: string;
  admin: ClientCert;
  controllerManager: ClientCert;
  scheduler: ClientCert;
  kwok: ClientCert;
}

// Client identities by certificate subject; the API server maps CN to the user and O to groups,
// which is how the built-in RBAC bindings for the control plane find them.
const clients = {
  admin: '/O=system:masters/CN=mlenv-testbed-admin',
  controllerManager: '/CN=system:kube-controller-manager',
  scheduler: '/CN=system:kube-scheduler',
  // kwok plays every kubelet of the fake fleet (node and pod status of all nodes), which no
  // narrower built-in role covers; it is test-bed machinery, not an identity under test.
  kwok: '/O=system:masters/CN=kwok-controller',
} as const;

export function pkiPaths(): Pki {
  const dir = path.join(stateDir(), 'pki');
  const pair = (name: string): ClientCert => ({
    cert: path.join(dir, `${name}.crt`),
    key: path.join(dir, `${name}.key`),
  });
  return {
    dir,
    caCert: path.join(dir, 'ca.crt'),
    caKey: path.join(dir, 'ca.key'),
    serving: pair('apiserver'),
    serviceAccountKey: path.join(dir, 'sa.key'),
    serviceAccountPub: path.join(dir, 'sa.pub'),
    admin: pair('admin'),
    controllerManager: pair('kube-controller-manager'),
    scheduler: pair('kube-scheduler'),
    kwok: pair('kwok'),
  };
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await run('openssl', args, { cwd, logFile: logPath('pki') });
}

async function signedCert(
  pki: Pki,
  out: ClientCert,
  subject: string,
  extensions: string[],
): Promise<void> {
  const csr = `${out.cert}.csr`;
  const ext = `${out.cert}.ext`;
  fs.writeFileSync(ext, `${extensions.join('\n')}\n`);
  await openssl(
    [
      'req',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      out.key,
      '-out',
      csr,
      '-subj',
      subject,
    ],
    pki.dir,
  );
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      pki.caCert,
      '-CAkey',
      pki.caKey,
      '-CAcreateserial',
      '-days',
      '3650',
      '-extfile',
      ext,
      '-out',
      out.cert,
    ],
    pki.dir,
  );
  fs.rmSync(csr);
  fs.rmSync(ext);
}

// Made once per state dir and kept, so kubeconfigs handed out earlier stay valid across `up`s.
export async function ensurePki(): Promise<Pki> {
  const pki = pkiPaths();
  const done = path.join(pki.dir, '.complete');
  if (fs.existsSync(done)) return pki;
  fs.rmSync(pki.dir, { recursive: true, force: true });
  fs.mkdirSync(pki.dir, { recursive: true, mode: 0o700 });
  await openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      pki.caKey,
      '-out',
      pki.caCert,
      '-days',
      '3650',
      '-subj',
      '/CN=mlenv-testbed-ca',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    ],
    pki.dir,
  );
  await signedCert(pki, pki.serving, '/CN=kube-apiserver', [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    // 10.0.0.1 is the `kubernetes` Service's ClusterIP in the service range the API server uses.
    'subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local',
  ]);
  for (const [name, subject] of Object.entries(clients)) {
    await signedCert(pki, pki[name as keyof typeof clients], subject, [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=clientAuth',
    ]);
  }
  await openssl(['genrsa', '-out', pki.serviceAccountKey, '2048'], pki.dir);
  await openssl(
    ['rsa', '-in', pki.serviceAccountKey, '-pubout', '-out', pki.serviceAccountPub],
    pki.dir,
  );
  fs.writeFileSync(done, '');
  return pki;
}
