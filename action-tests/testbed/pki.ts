import fs from 'node:fs';
import path from 'node:path';
import { run } from './exec.js';
import { networkPlan } from './network/plan.js';
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

/**
 * A client certificate from the bed's CA for an identity added after the PKI was first made
 * (`ensurePki` never touches a complete PKI again). Made once, kept like the others.
 */
export async function ensureClientCert(
  pki: Pki,
  name: string,
  subject: string,
): Promise<ClientCert> {
  const out = { cert: path.join(pki.dir, `${name}.crt`), key: path.join(pki.dir, `${name}.key`) };
  if (fs.existsSync(out.cert) && fs.existsSync(out.key)) return out;
  await signedCert(pki, out, subject, [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=clientAuth',
  ]);
  return out;
}

/**
 * A serving certificate from the bed's CA for a server the API server calls on loopback (an
 * admission webhook), made once like `ensureClientCert`. `sans` as openssl writes them, e.g.
 * `IP:127.0.0.1`.
 */
export async function ensureServingCert(
  pki: Pki,
  name: string,
  subject: string,
  sans: string[],
): Promise<ClientCert> {
  const out = { cert: path.join(pki.dir, `${name}.crt`), key: path.join(pki.dir, `${name}.key`) };
  if (fs.existsSync(out.cert) && fs.existsSync(out.key)) return out;
  await signedCert(pki, out, subject, [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    `subjectAltName=${sans.join(',')}`,
  ]);
  return out;
}

// 10.0.0.1 is the `kubernetes` Service's ClusterIP in the service range the API server uses; the
// bridge gateway is where the real nodes reach the API server (its relay, nodes/apiserver-relay.ts).
function apiServerSans(): string[] {
  return [
    'IP:127.0.0.1',
    'IP:10.0.0.1',
    `IP:${networkPlan().gateway}`,
    'DNS:localhost',
    'DNS:kubernetes',
    'DNS:kubernetes.default',
    'DNS:kubernetes.default.svc',
    'DNS:kubernetes.default.svc.cluster.local',
  ];
}

function apiServerServingExtensions(): string[] {
  return [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    `subjectAltName=${apiServerSans().join(',')}`,
  ];
}

/**
 * A PKI made before the gateway SAN existed gets a new API server serving certificate from the
 * same CA (every kubeconfig stays valid). Key and certificate are renamed into place, and the API
 * server reloads its serving files by itself, so no restart is needed.
 */
async function ensureApiServerSans(pki: Pki): Promise<void> {
  const text = await run('openssl', [
    'x509',
    '-in',
    pki.serving.cert,
    '-noout',
    '-ext',
    'subjectAltName',
  ]);
  const want = apiServerSans().map((san) => san.replace(/^IP:/, 'IP Address:'));
  if (want.every((san) => text.includes(san))) return;
  const next: ClientCert = {
    cert: path.join(pki.dir, 'apiserver.next.crt'),
    key: path.join(pki.dir, 'apiserver.next.key'),
  };
  await signedCert(pki, next, '/CN=kube-apiserver', apiServerServingExtensions());
  fs.renameSync(next.key, pki.serving.key);
  fs.renameSync(next.cert, pki.serving.cert);
}

/** The API server's client certificate for the kubelet API (logs, exec) of the real nodes. */
export function ensureKubeletClientCert(pki: Pki): Promise<ClientCert> {
  return ensureClientCert(
    pki,
    'apiserver-kubelet-client',
    '/O=system:masters/CN=kube-apiserver-kubelet-client',
  );
}

/**
 * A real node's two certificates: its client identity `system:node:<name>` in `system:nodes`,
 * which the Node authorizer recognises, and the kubelet's serving certificate for its address.
 * Not concurrently: openssl's serial file is shared.
 */
export async function ensureNodeCerts(
  pki: Pki,
  node: { name: string; address: string },
): Promise<{ client: ClientCert; serving: ClientCert }> {
  const client = await ensureClientCert(
    pki,
    `node-${node.name}`,
    `/O=system:nodes/CN=system:node:${node.name}`,
  );
  const serving = await ensureServingCert(pki, `node-${node.name}-serving`, `/CN=${node.name}`, [
    `IP:${node.address}`,
    `DNS:${node.name}`,
  ]);
  return { client, serving };
}

// Made once per state dir and kept, so kubeconfigs handed out earlier stay valid across `up`s.
export async function ensurePki(): Promise<Pki> {
  const pki = pkiPaths();
  const done = path.join(pki.dir, '.complete');
  if (fs.existsSync(done)) {
    await ensureApiServerSans(pki);
    return pki;
  }
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
  await signedCert(pki, pki.serving, '/CN=kube-apiserver', apiServerServingExtensions());
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
