import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { stateDir } from './paths.js';

// The one file through which tests find the bed's services; written by `up` once every component
// is healthy, removed by `down`.
export const testbedSchema = z.object({
  schemaVersion: z.literal(1),
  stateDir: z.string(),
  updatedAt: z.string(),
  mlflow: z.object({
    uri: z.url(),
    backendStore: z.string(),
    artifactsDir: z.string(),
  }),
  /** The local OCI registry on the bridge gateway (plain HTTP) that the real nodes pull from. */
  registry: z.object({ host: z.string(), storage: z.string() }),
  /** The runtime image's FROM images, made from Debian packages and PyPI, in that registry. */
  images: z.object({ base: z.string(), uv: z.string() }),
  kubernetes: z.object({
    version: z.string(),
    server: z.url(),
    caFile: z.string(),
    adminKubeconfig: z.string(),
    ciKubeconfig: z.string(),
    namespace: z.string(),
    servingNamespace: z.string(),
    serviceAccount: z.string(),
    crds: z.array(z.string()),
    gpuNodes: z.array(z.string()),
    cpuNodes: z.array(z.string()),
    /** CoreDNS (port 53, UDP and TCP) on the bridge gateway: pods' nameserver, and the host's. */
    clusterDns: z.string(),
    clusterDomain: z.string(),
    /** The default StorageClass; a claim without a class gets it and binds at once. */
    storageClass: z.string(),
    /** The JobSet and Kubeflow Trainer controllers running against the bed, by pinned version. */
    controllers: z.object({ jobset: z.string(), trainer: z.string() }),
    /**
     * Real nodes (containerd + kubelet, each in a network namespace of its own; nodes/). They
     * carry `realNodeTaint` and `realNodeLabel` (network/plan.ts): a pod for them tolerates the
     * one and selects the other. `address` is the InternalIP; `podCidr` the node's pod subnet.
     */
    realNodes: z.array(z.object({ name: z.string(), address: z.string(), podCidr: z.string() })),
    /**
     * A busybox image present on every real node (no registry needed; `imagePullPolicy:
     * IfNotPresent`): sh, nc, httpd, nslookup and the other applets. Its `wget -T` crashes
     * (Debian's static busybox 1.35); use `timeout N wget` instead.
     */
    utilityImage: z.string(),
  }),
  tools: z.object({
    act: z.string(),
    actionlint: z.string(),
    zizmor: z.string(),
    kubectl: z.string(),
    uv: z.string(),
    python: z.string(),
    ruff: z.string(),
    pytest: z.string(),
    mlflow: z.string(),
  }),
  python: z.object({ venv: z.string() }),
  versions: z.record(z.string(), z.unknown()),
});

export type Testbed = z.infer<typeof testbedSchema>;

export function testbedFile(): string {
  return path.join(stateDir(), 'testbed.json');
}

export function loadTestbed(): Testbed {
  const file = testbedFile();
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(
      `MLEnv test bed is not up: ${file} does not exist. Run \`npm run testbed -- up\` ` +
        '(or run the tests through jest, whose globalSetup brings it up).',
    );
  }
  const parsed = testbedSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) {
    throw new Error(
      `MLEnv test bed file ${file} is not valid (written by another version?); ` +
        `run \`npm run testbed -- up\` again.\n${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}

export function writeTestbed(bed: Testbed): void {
  const file = testbedFile();
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(testbedSchema.parse(bed), null, 2)}\n`);
  // Rename so a test reading concurrently never sees half a file.
  fs.renameSync(tmp, file);
}
