import { createKubeClient, type KubeClient, KubeError } from '../../shared/k8s/client.js';
import { waitUntil } from '../../shared/util/sleep.js';
import { ciNamespace, ciServiceAccount, servingNamespace } from './cluster-setup.js';
import { loadTestbed } from './testbed.js';

/**
 * Which of the bed's namespaces a test namespace stands in for: the CI identity gets the same
 * Role there (k8s/rbac.yaml, copied from the live namespace so the file stays the one source).
 */
export type NamespaceRole = 'training' | 'serving';

const LABEL = 'testbed.mlenv.dev/test-namespace';
const CREATED = 'testbed.mlenv.dev/created';
// A namespace a killed run left behind is removed by a later one; an hour is longer than any file.
const STALE_MS = 60 * 60 * 1000;

function uniqueName(prefix: string): string {
  const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  // A namespace name is a DNS label: at most 63 characters.
  return `${prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 63 - suffix.length - 1)}-${suffix}`;
}

const until = (what: string, probe: () => Promise<boolean>, timeoutMs: number) =>
  waitUntil(`test namespace: ${what}`, probe, { timeoutMs, intervalMs: 200 });

const notFound = (error: unknown) => error instanceof KubeError && error.status === 404;

/**
 * A namespace of one test file's own, so files can run side by side on the one bed: objects,
 * label selectors and collection deletes of one file never see another's. The name is known at
 * once (tests build paths from it at import time); `create()` in beforeAll makes it, with the CI
 * ServiceAccount (`mlenv-ci` in ml-training, the identity of `ciKubeconfig`) bound to the Role of
 * the namespace it stands in for; `delete()` in afterAll removes it and everything in it.
 */
export class TestNamespace {
  readonly name: string;
  #admin: KubeClient | undefined;
  #created = false;

  constructor(
    prefix: string,
    readonly role: NamespaceRole = 'training',
  ) {
    this.name = uniqueName(prefix);
  }

  async create(): Promise<void> {
    const bed = loadTestbed();
    const admin = await createKubeClient({ kubeconfig: bed.kubernetes.adminKubeconfig });
    this.#admin = admin;
    await sweepStale(admin);
    await admin.request('POST', '/api/v1/namespaces', {
      body: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: this.name,
          labels: { [LABEL]: 'true' },
          annotations: { [CREATED]: new Date().toISOString() },
        },
      },
    });
    this.#created = true;
    try {
      const source = this.role === 'training' ? ciNamespace : servingNamespace;
      const rbac = '/apis/rbac.authorization.k8s.io/v1/namespaces';
      const role = await admin.request<{ rules: unknown[] }>(
        'GET',
        `${rbac}/${source}/roles/${ciServiceAccount}`,
      );
      await admin.request('POST', `${rbac}/${this.name}/roles`, {
        body: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'Role',
          metadata: { name: ciServiceAccount },
          rules: role.rules,
        },
      });
      await admin.request('POST', `${rbac}/${this.name}/rolebindings`, {
        body: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: ciServiceAccount },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: ciServiceAccount },
          subjects: [{ kind: 'ServiceAccount', name: ciServiceAccount, namespace: ciNamespace }],
        },
      });
      // The authorizer learns of the binding through its informer a moment later: ask as the CI
      // identity until it may, so a test's first request is not a spurious 403.
      const ci = await createKubeClient({ kubeconfig: bed.kubernetes.ciKubeconfig });
      const [group, resource] =
        this.role === 'training' ? ['batch', 'jobs'] : ['serving.kserve.io', 'inferenceservices'];
      await until(
        `the CI identity may create ${resource}`,
        async () =>
          (
            await ci.request<{ status: { allowed: boolean } }>(
              'POST',
              '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
              {
                body: {
                  apiVersion: 'authorization.k8s.io/v1',
                  kind: 'SelfSubjectAccessReview',
                  spec: {
                    resourceAttributes: { namespace: this.name, verb: 'create', group, resource },
                  },
                },
              },
            )
          ).status.allowed,
        30_000,
      );
      // The Job controller creates no pod before the namespace's `default` ServiceAccount exists,
      // which the controller manager adds asynchronously.
      await until(
        'the default ServiceAccount exists',
        () =>
          admin.request('GET', `/api/v1/namespaces/${this.name}/serviceaccounts/default`).then(
            () => true,
            (error: unknown) => {
              if (notFound(error)) return false;
              throw error;
            },
          ),
        60_000,
      );
    } catch (error) {
      await this.delete();
      throw error;
    }
  }

  /**
   * Deletes the namespace and waits until it is gone, so no pod of this file is still pending on
   * the shared nodes when the next file starts.
   */
  async delete(): Promise<void> {
    const admin = this.#admin;
    if (!admin || !this.#created) return;
    this.#created = false;
    const ns = `/api/v1/namespaces/${this.name}`;
    // Jobs first: a pod of a Job keeps the Job controller's tracking finalizer until its Job is
    // gone, and the namespace controller alone can leave the namespace Terminating for minutes.
    await admin.request('DELETE', `/apis/batch/v1/namespaces/${this.name}/jobs`, {
      query: { propagationPolicy: 'Background' },
    });
    await admin.request('DELETE', ns).catch((error: unknown) => {
      if (!notFound(error)) throw error;
    });
    await until(
      `namespace ${this.name} is gone`,
      () =>
        admin.request('GET', ns).then(
          () => false,
          (error: unknown) => {
            if (notFound(error)) return true;
            throw error;
          },
        ),
      120_000,
    );
  }
}

async function sweepStale(admin: KubeClient): Promise<void> {
  const list = await admin.request<{
    items: { metadata: { name: string; annotations?: Record<string, string> } }[];
  }>('GET', '/api/v1/namespaces', { query: { labelSelector: `${LABEL}=true` } });
  for (const item of list.items) {
    const created = Date.parse(item.metadata.annotations?.[CREATED] ?? '');
    if (Number.isFinite(created) && Date.now() - created > STALE_MS) {
      await admin
        .request('DELETE', `/api/v1/namespaces/${item.metadata.name}`)
        .catch(() => undefined);
    }
  }
}
