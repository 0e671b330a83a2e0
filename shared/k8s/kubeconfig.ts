import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError, OptionError } from '../errors/index.js';

// Kept apart from the client: finding the kubeconfig loads nothing heavy, so a launcher can check
// for one before it creates anything.

/** Where a client's kubeconfig comes from, decided before anything is loaded. */
export type KubeconfigSource = { files: string[] } | { inCluster: true };

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * The kubeconfig a client would load, in kubectl's order: the kubeconfig option, KUBECONFIG (a
 * list; files that do not exist are skipped, as kubectl does), ~/.kube/config, then the pod's
 * service account. A named file that is missing, or no kubeconfig at all, is a configuration
 * error in one line, rather than a stack trace or a silent fallback to http://localhost:8080.
 */
export function kubeconfigSource(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): KubeconfigSource {
  if (explicit) {
    const file = path.resolve(explicit);
    if (!existsSync(file))
      throw new OptionError('kubeconfig', `expected a kubeconfig file, found no file at ${file}`);
    return { files: [file] };
  }
  if (env.KUBECONFIG) {
    const named = env.KUBECONFIG.split(path.delimiter).filter(Boolean);
    const files = named.map((file) => path.resolve(file)).filter((file) => existsSync(file));
    if (files.length === 0)
      throw new ConfigurationError(
        `KUBECONFIG: expected a kubeconfig file, found no file at ${named.join(path.delimiter)}`,
      );
    return { files };
  }
  const home = path.join(env.HOME || os.homedir(), '.kube', 'config');
  if (existsSync(home)) return { files: [home] };
  if (env.KUBERNETES_SERVICE_HOST && existsSync(SERVICE_ACCOUNT_TOKEN)) return { inCluster: true };
  throw new OptionError(
    'kubeconfig',
    'expected a kubeconfig for the Kubernetes cluster, found none: KUBECONFIG is unset and there is no ~/.kube/config; name one with this option or KUBECONFIG',
  );
}
