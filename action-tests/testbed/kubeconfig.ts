import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

export interface KubeconfigUser {
  certFile?: string;
  keyFile?: string;
  token?: string;
}

const b64 = (file: string) => fs.readFileSync(file).toString('base64');

// Credentials are embedded rather than referenced so a kubeconfig stays usable when copied,
// e.g. into a temp HOME of a test.
export function writeKubeconfig(
  file: string,
  opts: { server: string; caFile: string; user: string; namespace?: string } & KubeconfigUser,
): string {
  const user: Record<string, string> = {};
  if (opts.certFile) user['client-certificate-data'] = b64(opts.certFile);
  if (opts.keyFile) user['client-key-data'] = b64(opts.keyFile);
  if (opts.token) user.token = opts.token;
  const context: Record<string, string> = { cluster: 'mlenv-testbed', user: opts.user };
  if (opts.namespace) context.namespace = opts.namespace;
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'mlenv-testbed',
        cluster: { server: opts.server, 'certificate-authority-data': b64(opts.caFile) },
      },
    ],
    users: [{ name: opts.user, user }],
    contexts: [{ name: 'mlenv-testbed', context }],
    'current-context': 'mlenv-testbed',
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, YAML.stringify(doc), { mode: 0o600 });
  return file;
}
