import fs from 'node:fs';
import path from 'node:path';
import { ensureBaseImages } from './base-images.js';
import {
  applyRbac,
  ciNamespace,
  ciServiceAccount,
  installCrds,
  registerNodes,
  servingNamespace,
  waitForDefaultServiceAccounts,
  waitForNodes,
  writeCiKubeconfig,
} from './cluster-setup.js';
import { buildJobset, buildTrainer } from './controllers-build.js';
import { applyCoreDnsRbac, buildCoreDns, startCoreDns } from './coredns.js';
import { ComponentError } from './daemon.js';
import { startEtcd } from './etcd.js';
import { buildEtcd } from './etcd-build.js';
import { tailFile } from './exec.js';
import { BuildError } from './go-build.js';
import { buildAct, buildActionlint, buildKwok } from './go-tools.js';
import { startApiServer } from './kube-apiserver.js';
import { startControllerManager } from './kube-controller-manager.js';
import { startScheduler } from './kube-scheduler.js';
import {
  applyControllerRbac,
  startJobsetController,
  startTrainerController,
} from './kubeflow-controllers.js';
import { buildKubernetes } from './kubernetes-build.js';
import { kwokPort, startKwok } from './kwok.js';
import { withLock } from './lock.js';
import { startMlflow } from './mlflow.js';
import { ensureBridge } from './network/bridge.js';
import { rememberHostPaths, sharedHostPaths } from './nodes/host-paths.js';
import { ensureRealNodes } from './nodes/real-nodes.js';
import { logPath, stateDir } from './paths.js';
import { ensurePki } from './pki.js';
import { elapsed, note, step } from './progress.js';
import { ensurePythonEnv } from './python-env.js';
import { buildRegistry, startRegistry } from './registry.js';
import { pruneStaleBeds, recordThisBed } from './stale-beds.js';
import { type Testbed, writeTestbed } from './testbed.js';
import { versions } from './versions.js';
import { applyStorageClass } from './volumes.js';

// Errors that do not already name their component (a kubectl call in cluster setup, an openssl
// call) are wrapped so the failure always says which piece broke and shows its log.
async function component<T>(name: string, log: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await step(name, fn);
  } catch (err) {
    if (err instanceof ComponentError || err instanceof BuildError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new ComponentError(name, message, tailFile(log));
  }
}

async function kubernetesTrack() {
  const [etcdBin, kubeDir, kwokBin, corednsBin, jobsetBin, trainerBin, pki] = await Promise.all([
    buildEtcd(),
    buildKubernetes(),
    buildKwok(),
    buildCoreDns(),
    buildJobset(),
    buildTrainer(),
    component('pki', logPath('pki'), ensurePki),
  ]);
  const kubectlBin = path.join(kubeDir, 'kubectl');
  const etcd = await component('etcd', logPath('etcd'), () => startEtcd(etcdBin));
  const api = await component('kube-apiserver', logPath('kube-apiserver'), () =>
    startApiServer(kubeDir, pki, etcd.endpoint),
  );
  await Promise.all([
    component('kube-controller-manager', logPath('kube-controller-manager'), () =>
      startControllerManager(kubeDir, pki, api.server),
    ),
    component('kube-scheduler', logPath('kube-scheduler'), () =>
      startScheduler(kubeDir, pki, api.server),
    ),
  ]);
  const setupLog = logPath('cluster-setup');
  const crds = await component('crds', setupLog, () =>
    installCrds(kubectlBin, api.adminKubeconfig),
  );
  await component('rbac and namespaces', setupLog, () =>
    applyRbac(kubectlBin, api.adminKubeconfig),
  );
  await component('coredns rbac', setupLog, () =>
    applyCoreDnsRbac(kubectlBin, api.adminKubeconfig),
  );
  const [dns, storageClass] = await Promise.all([
    component('coredns', logPath('coredns'), () => startCoreDns(corednsBin, pki, api.server)),
    component('storage class', setupLog, () => applyStorageClass(kubectlBin, api.adminKubeconfig)),
  ]);
  const kubeletPort = await kwokPort();
  await component('fake nodes', setupLog, () =>
    registerNodes(kubectlBin, api.adminKubeconfig, kubeletPort),
  );
  await component('kwok', logPath('kwok'), () => startKwok(kwokBin, pki, api.server));
  await component('nodes ready', setupLog, () => waitForNodes(kubectlBin, api.adminKubeconfig));
  // After RBAC (the Node authorizer and the kubelets' webhook checks need the built-in roles) and
  // CoreDNS (the nodes' clusterDNS).
  const realNodes = await component('real nodes', logPath('network'), () =>
    ensureRealNodes({ kubeDir, pki, apiServer: api.server, adminKubeconfig: api.adminKubeconfig }),
  );
  await component('service accounts', setupLog, () =>
    waitForDefaultServiceAccounts(kubectlBin, api.adminKubeconfig),
  );
  // After the CRDs (they watch JobSets and TrainJobs) and their RBAC; JobSet before Trainer, whose
  // TrainJobs become JobSets that only the JobSet webhooks and controller make into Jobs.
  await component('controller rbac', setupLog, () =>
    applyControllerRbac(kubectlBin, api.adminKubeconfig),
  );
  await component('jobset-controller', logPath('jobset-controller'), () =>
    startJobsetController(jobsetBin, pki, api.server, kubectlBin, api.adminKubeconfig),
  );
  await component('trainer-controller', logPath('trainer-controller'), () =>
    startTrainerController(trainerBin, pki, api.server, kubectlBin, api.adminKubeconfig),
  );
  const ciKubeconfig = await component('ci kubeconfig', setupLog, () =>
    writeCiKubeconfig(kubectlBin, api.adminKubeconfig, pki, api.server),
  );
  return { pki, api, crds, kubectlBin, ciKubeconfig, dns, storageClass, realNodes };
}

async function pythonTrack() {
  const py = await ensurePythonEnv();
  // The registry binds on the gateway (made before the tracks); its base images need the uv
  // binary of the Python env, so they follow it here, beside MLflow's start.
  const images = component('registry', logPath('registry'), async () => {
    const registry = await startRegistry(await buildRegistry());
    const made = await component('base images', logPath('base-images'), () =>
      ensureBaseImages(registry.host, py.uv),
    );
    return { registry, images: made };
  });
  const [mlflow, registry] = await Promise.all([
    component('mlflow', logPath('mlflow'), () => startMlflow(py)),
    images,
  ]);
  return { py, mlflow, registry };
}

async function toolsTrack() {
  const [act, actionlint] = await Promise.all([buildAct(), buildActionlint()]);
  return { act, actionlint };
}

// Idempotent: builds only what is missing for the pinned versions, keeps healthy daemons,
// replaces dead or reconfigured ones, and rewrites testbed.json.
export function up(): Promise<Testbed> {
  return withLock(path.join(stateDir(), 'up.lock'), upLocked);
}

async function upLocked(): Promise<Testbed> {
  const start = Date.now();
  fs.mkdirSync(path.join(stateDir(), 'logs'), { recursive: true });
  note(`state in ${stateDir()}`);
  recordThisBed();
  for (const line of pruneStaleBeds()) note(`stale bed caches: ${line}`);
  // Before the tracks: MLflow and CoreDNS both listen on the gateway, and two first calls at
  // once would race to create the bridge.
  const plan = await component('bridge', logPath('network'), () => ensureBridge());
  // Before any daemon runs: which of the host folders that the kubelet, containerd, CNI and the
  // controller manager write to did not exist yet, so `down` removes exactly those.
  rememberHostPaths(Object.values(sharedHostPaths));
  // Three independent tracks: the Python install is network-bound, the Go builds CPU-bound.
  const [kube, python, tools] = await Promise.allSettled([
    kubernetesTrack(),
    pythonTrack(),
    toolsTrack(),
  ]);
  const failures = [kube, python, tools].flatMap((r) =>
    r.status === 'rejected'
      ? [r.reason instanceof Error ? r.reason.message : String(r.reason)]
      : [],
  );
  if (
    failures.length > 0 ||
    kube.status !== 'fulfilled' ||
    python.status !== 'fulfilled' ||
    tools.status !== 'fulfilled'
  ) {
    throw new Error(`test bed up failed:\n\n${failures.join('\n\n')}`);
  }
  const k = kube.value;
  const p = python.value;
  const bed: Testbed = {
    schemaVersion: 1,
    stateDir: stateDir(),
    updatedAt: new Date().toISOString(),
    mlflow: {
      uri: p.mlflow.uri,
      backendStore: p.mlflow.backendStore,
      artifactsDir: p.mlflow.artifactsDir,
    },
    registry: p.registry.registry,
    images: p.registry.images,
    kubernetes: {
      version: versions.kubernetes,
      server: k.api.server,
      caFile: k.pki.caCert,
      adminKubeconfig: k.api.adminKubeconfig,
      ciKubeconfig: k.ciKubeconfig,
      namespace: ciNamespace,
      servingNamespace,
      serviceAccount: ciServiceAccount,
      crds: k.crds,
      gpuNodes: ['gpu-node-0', 'gpu-node-1'],
      cpuNodes: ['cpu-node-0'],
      clusterDns: k.dns.address,
      clusterDomain: plan.clusterDomain,
      storageClass: k.storageClass,
      controllers: { jobset: versions.jobset, trainer: versions.trainer },
      realNodes: k.realNodes.nodes,
      utilityImage: k.realNodes.utilityImage,
    },
    tools: {
      act: tools.value.act,
      actionlint: tools.value.actionlint,
      zizmor: p.py.zizmor,
      kubectl: k.kubectlBin,
      uv: p.py.uv,
      python: p.py.python,
      ruff: p.py.ruff,
      pytest: p.py.pytest,
      mlflow: p.py.mlflow,
    },
    python: { venv: p.py.venv },
    versions,
  };
  writeTestbed(bed);
  note(`up in ${elapsed(start)}; services in ${path.join(stateDir(), 'testbed.json')}`);
  return bed;
}
