import type { KubeClient, KubeObject } from '../../shared/k8s/client.js';

// What a training run left in the cluster, found as MLEnv finds it: by the run id label.

async function objectsOfRun(
  client: KubeClient,
  collection: string,
  runId: string,
): Promise<KubeObject[]> {
  const list = await client.request<{ items: KubeObject[] }>('GET', collection, {
    query: { labelSelector: `mlenv.dev/mlflow-run-id=${runId}` },
  });
  return list.items;
}

/** The run's pods, in any phase. */
export function podsOfRun(client: KubeClient, namespace: string, runId: string) {
  return objectsOfRun(client, `/api/v1/namespaces/${namespace}/pods`, runId);
}

/** The run's Jobs that are not being deleted: none should outlive a finished run. */
export async function liveJobsOfRun(client: KubeClient, namespace: string, runId: string) {
  const jobs = await objectsOfRun(client, `/apis/batch/v1/namespaces/${namespace}/jobs`, runId);
  return jobs.filter((job) => !job.metadata.deletionTimestamp);
}

/** Where each of the run's pods ran, and from which image. */
export async function podPlacements(client: KubeClient, namespace: string, runId: string) {
  return (await podsOfRun(client, namespace, runId)).map((pod) => {
    const spec = pod.spec as { nodeName?: string; containers: { image: string }[] };
    return { node: spec.nodeName, image: spec.containers[0]?.image };
  });
}
