import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML, { parseAllDocuments } from 'yaml';
import { kubectl } from './cluster-setup.js';
import { ensureDaemon } from './daemon.js';
import { run } from './exec.js';
import { httpGet } from './http-check.js';
import { kubeconfigDir } from './kube-apiserver.js';
import { writeKubeconfig } from './kubeconfig.js';
import { goEnv, stateDir, testbedDir } from './paths.js';
import { type ClientCert, ensureClientCert, ensureServingCert, type Pki } from './pki.js';
import { portFor } from './ports.js';
import { versions } from './versions.js';

// The JobSet and Kubeflow Trainer controllers, as plain processes against the bed's API server:
// each with a client certificate of its own (k8s/controllers-rbac.yaml binds the CN), metrics,
// health and webhooks on loopback, and its webhooks registered by URL with the bed's CA, since
// there is no Service in front of them. Their own certificate rotation is off: it would write a
// Secret and patch the webhook configurations for a Service name that does not resolve here.

type ControllerName = 'jobset-controller' | 'trainer-controller';

/** The upstream ClusterTrainingRuntimes the bed installs, by path in the trainer module. */
const trainingRuntimes = ['manifests/base/runtimes/torch_distributed.yaml'];

const modules = {
  'jobset-controller': {
    module: 'sigs.k8s.io/jobset',
    version: versions.jobset,
    // The kustomize component whose output is the controller-gen webhook manifest with the
    // objectSelectors upstream deploys (pod webhooks only for pods of a JobSet).
    webhooks: 'config/components/webhook',
    // config/default's namePrefix; the names the controller's own cert rotation would patch.
    namePrefix: 'jobset-',
  },
  'trainer-controller': {
    module: 'github.com/kubeflow/trainer/v2',
    version: versions.trainer,
    webhooks: 'manifests/base/webhook',
    namePrefix: '',
  },
} as const;

function sha(...parts: (string | Buffer)[]): string {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
}

/** The pinned module's source in the Go module cache (downloaded if missing). */
export async function moduleDir(module: string, version: string): Promise<string> {
  const info = JSON.parse(
    await run('go', ['mod', 'download', '-json', `${module}@${version}`], { env: goEnv() }),
  ) as { Dir?: string; Error?: string };
  if (!info.Dir) throw new Error(`go mod download ${module}@${version}: ${info.Error}`);
  return info.Dir;
}

function runDir(name: ControllerName): string {
  return path.join(stateDir(), 'controllers', name);
}

// controller-runtime reads tls.crt and tls.key from a directory; the certificate stays in the PKI
// (so a new CA replaces it) and is copied here on every `up`. The running controller watches these
// files and re-reads them on any write, so an unchanged file is left alone and a changed one is
// renamed into place: a copy in place is seen half-written ("failed to find any PEM data").
function installCert(cert: ClientCert, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [from, to] of [
    [cert.cert, 'tls.crt'],
    [cert.key, 'tls.key'],
  ] as const) {
    const content = fs.readFileSync(from);
    const target = path.join(dir, to);
    if (fs.existsSync(target) && fs.readFileSync(target).equals(content)) continue;
    fs.writeFileSync(`${target}.tmp`, content, { mode: 0o600 });
    fs.renameSync(`${target}.tmp`, target);
  }
  return dir;
}

interface Prepared {
  kubeconfig: string;
  serving: ClientCert;
  ports: { webhook: number; health: number; metrics: number };
}

async function prepare(name: ControllerName, pki: Pki, server: string): Promise<Prepared> {
  const client = await ensureClientCert(pki, name, `/CN=${name}`);
  const serving = await ensureServingCert(pki, `${name}-webhook`, `/CN=${name}-webhook`, [
    'IP:127.0.0.1',
  ]);
  const kubeconfig = writeKubeconfig(path.join(kubeconfigDir(), `${name}.kubeconfig`), {
    server,
    caFile: pki.caCert,
    user: name,
    certFile: client.cert,
    keyFile: client.key,
  });
  const key = name === 'jobset-controller' ? 'jobset' : 'trainer';
  const ports = {
    webhook: await portFor(`${key}Webhook`, name),
    health: await portFor(`${key}Health`, name),
    metrics: await portFor(`${key}Metrics`, name),
  };
  return { kubeconfig, serving, ports };
}

function readyz(port: number): () => Promise<boolean> {
  return async () => (await httpGet(`http://127.0.0.1:${port}/readyz`)).status === 200;
}

export async function applyControllerRbac(kubectlBin: string, admin: string): Promise<void> {
  await kubectl(kubectlBin, admin, [
    'apply',
    '--server-side',
    '--force-conflicts',
    '--field-manager=mlenv-testbed',
    '-f',
    path.join(testbedDir, 'k8s', 'controllers-rbac.yaml'),
  ]);
}

export async function startJobsetController(
  bin: string,
  pki: Pki,
  server: string,
  kubectlBin: string,
  admin: string,
): Promise<void> {
  const name = 'jobset-controller';
  const { kubeconfig, serving, ports } = await prepare(name, pki, server);
  const certDir = installCert(serving, path.join(runDir(name), 'certs'));
  const config = path.join(runDir(name), 'config.yaml');
  fs.writeFileSync(
    config,
    YAML.stringify({
      apiVersion: 'config.jobset.x-k8s.io/v1alpha1',
      kind: 'Configuration',
      webhook: { host: '127.0.0.1', port: ports.webhook, certDir },
      // Always served over TLS with authentication and authorisation through the API server.
      metrics: { bindAddress: `127.0.0.1:${ports.metrics}`, certDir },
      health: { healthProbeBindAddress: `127.0.0.1:${ports.health}` },
      // One instance: leader election only delays start.
      leaderElection: { leaderElect: false },
      internalCertManagement: { enable: false },
    }),
  );
  await ensureDaemon({
    name,
    command: bin,
    args: [`--kubeconfig=${kubeconfig}`, `--config=${config}`, '--zap-devel=false'],
    env: { MLENV_TESTBED_CONFIG_SHA: sha(fs.readFileSync(config), fs.readFileSync(serving.cert)) },
    startTimeoutMs: 90_000,
    health: readyz(ports.health),
  });
  await registerWebhooks(name, ports.webhook, pki, kubectlBin, admin);
}

export async function startTrainerController(
  bin: string,
  pki: Pki,
  server: string,
  kubectlBin: string,
  admin: string,
): Promise<void> {
  const name = 'trainer-controller';
  const { kubeconfig, serving, ports } = await prepare(name, pki, server);
  // Trainer's Configuration has no certificate directory: its webhook server reads the
  // controller-runtime default, $TMPDIR/k8s-webhook-server/serving-certs.
  const tmp = path.join(runDir(name), 'tmp');
  installCert(serving, path.join(tmp, 'k8s-webhook-server', 'serving-certs'));
  const config = path.join(runDir(name), 'config.yaml');
  fs.writeFileSync(
    config,
    YAML.stringify({
      apiVersion: 'config.trainer.kubeflow.org/v1alpha1',
      kind: 'Configuration',
      webhook: { host: '127.0.0.1', port: ports.webhook },
      // Its metrics server has no authentication filter, so TLS on loopback would add nothing.
      metrics: { bindAddress: `127.0.0.1:${ports.metrics}`, secureServing: false },
      health: { healthProbeBindAddress: `127.0.0.1:${ports.health}` },
      leaderElection: { leaderElect: false },
      certManagement: { enable: false },
    }),
  );
  await ensureDaemon({
    name,
    command: bin,
    args: [`--kubeconfig=${kubeconfig}`, `--config=${config}`],
    env: {
      TMPDIR: tmp,
      MLENV_TESTBED_CONFIG_SHA: sha(fs.readFileSync(config), fs.readFileSync(serving.cert)),
    },
    startTimeoutMs: 90_000,
    health: readyz(ports.health),
  });
  await registerWebhooks(name, ports.webhook, pki, kubectlBin, admin);
  await applyTrainingRuntimes(kubectlBin, admin);
}

interface WebhookConfiguration {
  kind: string;
  metadata: { name: string };
  webhooks: {
    name: string;
    clientConfig: { service?: { path?: string }; url?: string; caBundle?: string };
  }[];
}

/**
 * The upstream webhook configurations of the pinned module (its kustomize output, so paths,
 * rules and objectSelectors match the binary), pointed at the controller on loopback.
 */
export async function webhookConfigurations(
  name: ControllerName,
  port: number,
  caBundle: string,
  kubectlBin: string,
): Promise<WebhookConfiguration[]> {
  const spec = modules[name];
  const dir = path.join(await moduleDir(spec.module, spec.version), spec.webhooks);
  const rendered = await run(kubectlBin, ['kustomize', dir]);
  const configs = parseAllDocuments(rendered)
    .map((d) => d.toJS() as WebhookConfiguration)
    .filter((o) => /^(Validating|Mutating)WebhookConfiguration$/.test(o.kind));
  if (configs.length === 0) throw new Error(`no webhook configurations in kustomize ${dir}`);
  return configs.map((c) => ({
    ...c,
    metadata: { name: `${spec.namePrefix}${c.metadata.name}` },
    webhooks: c.webhooks.map((w) => {
      const webhookPath = w.clientConfig.service?.path;
      if (!webhookPath) throw new Error(`${name}: webhook ${w.name} in ${dir} has no service path`);
      return { ...w, clientConfig: { url: `https://127.0.0.1:${port}${webhookPath}`, caBundle } };
    }),
  }));
}

async function registerWebhooks(
  name: ControllerName,
  port: number,
  pki: Pki,
  kubectlBin: string,
  admin: string,
): Promise<void> {
  const caBundle = fs.readFileSync(pki.caCert).toString('base64');
  const configs = await webhookConfigurations(name, port, caBundle, kubectlBin);
  const file = path.join(runDir(name), 'webhooks.yaml');
  fs.writeFileSync(file, configs.map((c) => YAML.stringify(c)).join('---\n'));
  await kubectl(kubectlBin, admin, [
    'apply',
    '--server-side',
    '--force-conflicts',
    '--field-manager=mlenv-testbed',
    '-f',
    file,
  ]);
}

// Applied from the module cache, so the runtime is the one of the pinned release; its validating
// webhook checks it on the way in, so this runs once the trainer serves.
async function applyTrainingRuntimes(kubectlBin: string, admin: string): Promise<void> {
  const dir = await moduleDir(modules['trainer-controller'].module, versions.trainer);
  await kubectl(kubectlBin, admin, [
    'apply',
    '--server-side',
    '--force-conflicts',
    '--field-manager=mlenv-testbed',
    ...trainingRuntimes.flatMap((f) => ['-f', path.join(dir, f)]),
  ]);
}
