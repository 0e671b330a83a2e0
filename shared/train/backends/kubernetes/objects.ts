import { type KubeClient, KubeError, type KubeObject } from '../../../k8s/client.js';
import type { KubernetesHandle, ObjectRef } from '../../backend.js';
import { isKind, type Kind, kindPath } from './kinds.js';
import type { Manifest } from './render.js';

// A handle names its objects by reference (apiVersion, kind, namespace, name); these turn a
// reference into a request, whichever process holds the handle.

/** The object a run is followed by: the last of the handle's, a Job or a TrainJob. */
export function workloadOf(handle: KubernetesHandle): ObjectRef & { kind: Kind } {
  const workload = handle.objects[handle.objects.length - 1];
  if (!workload || !isKind(workload.kind))
    throw new Error(`internal: a Kubernetes handle without a workload (run ${handle.runId})`);
  return workload as ObjectRef & { kind: Kind };
}

/** The reference a handle keeps of a manifest it submitted. */
export function refOf(manifest: Manifest): ObjectRef {
  return {
    apiVersion: manifest.apiVersion,
    kind: manifest.kind,
    namespace: manifest.metadata.namespace,
    name: manifest.metadata.name,
  };
}

/** The REST path of a referenced object. */
export function pathOf(ref: ObjectRef): string {
  if (!isKind(ref.kind)) throw new Error(`internal: MLEnv does not manage ${ref.kind} objects`);
  return kindPath(ref.kind, ref.namespace, ref.name);
}

/** The object as the API server has it now; undefined once it is gone. */
export async function getObject<T extends KubeObject>(
  client: KubeClient,
  ref: ObjectRef,
): Promise<T | undefined> {
  try {
    return await client.request<T>('GET', pathOf(ref));
  } catch (error) {
    if (error instanceof KubeError && error.status === 404) return undefined;
    throw error;
  }
}
