import { resourcePath } from '../../../k8s/client.js';

/**
 * Every kind a run creates, watches or deletes, with its API version and REST plural: the one
 * place they are written. Manifests, handles and request paths all read them from here.
 */
export const KINDS = {
  ConfigMap: { apiVersion: 'v1', plural: 'configmaps' },
  Secret: { apiVersion: 'v1', plural: 'secrets' },
  Service: { apiVersion: 'v1', plural: 'services' },
  Pod: { apiVersion: 'v1', plural: 'pods' },
  Job: { apiVersion: 'batch/v1', plural: 'jobs' },
  TrainJob: { apiVersion: 'trainer.kubeflow.org/v1alpha1', plural: 'trainjobs' },
  TrainingRuntime: { apiVersion: 'trainer.kubeflow.org/v1alpha1', plural: 'trainingruntimes' },
} as const;

export type Kind = keyof typeof KINDS;

export function isKind(kind: string): kind is Kind {
  return Object.hasOwn(KINDS, kind);
}

/** The REST path of a kind's collection in a namespace, or of one object when named. */
export function kindPath(kind: Kind, namespace: string, name?: string): string {
  const { apiVersion, plural } = KINDS[kind];
  return resourcePath(apiVersion, plural, namespace, name);
}

/** The group, version and plural a discovery request asks about. */
export function groupVersionOf(kind: Kind): { group: string; version: string; plural: string } {
  const { apiVersion, plural } = KINDS[kind];
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return { group: group ?? '', version: version ?? apiVersion, plural };
}
