import { describe, expect, jest, test } from '@jest/globals';
import { ApiException } from '@kubernetes/client-node';
import { loadTestbed } from '../testbed.js';
import { clients, uniqueName } from './kube.js';

// These talk to real services; jest 30 ignores a per-project testTimeout, so set it here.
jest.setTimeout(120_000);

const bed = loadTestbed();

// The custom resources MLEnv creates, by kind.
const kinds = {
  TrainJob: { group: 'trainer.kubeflow.org', version: 'v1alpha1', plural: 'trainjobs' },
  InferenceService: {
    group: 'serving.kserve.io',
    version: 'v1beta1',
    plural: 'inferenceservices',
  },
} as const;

// Server-side dry run with strict field validation: the real API server checks the object
// against the CRD's OpenAPI schema (unknown fields, types, required) and stores nothing.
async function dryRunCreate(
  kind: keyof typeof kinds,
  namespace: string,
  spec: object,
): Promise<{ code: number; message: string }> {
  const { group, version, plural } = kinds[kind];
  const { custom } = clients();
  try {
    await custom.createNamespacedCustomObject({
      group,
      version,
      plural,
      namespace,
      body: {
        apiVersion: `${group}/${version}`,
        kind,
        metadata: { name: uniqueName(`smoke-${kind.toLowerCase()}`) },
        spec,
      },
      dryRun: 'All',
      fieldValidation: 'Strict',
    });
    return { code: 201, message: '' };
  } catch (err) {
    if (err instanceof ApiException) return { code: err.code, message: statusMessage(err.body) };
    throw err;
  }
}

// The API server answers with a Status object; its message names the offending field.
function statusMessage(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  try {
    return String((JSON.parse(text) as { message?: unknown }).message ?? text);
  } catch {
    return text;
  }
}

describe('CRD schemas are enforced by the API server', () => {
  const ns = bed.kubernetes.namespace;

  test('the CRDs are installed and served', () => {
    expect(bed.kubernetes.crds).toEqual(
      expect.arrayContaining([
        'trainjobs.trainer.kubeflow.org',
        'inferenceservices.serving.kserve.io',
        'jobsets.jobset.x-k8s.io',
        'pytorchjobs.kubeflow.org',
      ]),
    );
  });

  test('a valid TrainJob is accepted', async () => {
    const res = await dryRunCreate('TrainJob', ns, {
      runtimeRef: { name: 'torch-distributed' },
      trainer: {
        image: 'registry.invalid/mlenv/train:smoke',
        numNodes: 2,
        resourcesPerNode: { limits: { 'nvidia.com/gpu': '8' } },
      },
    });
    expect(res).toEqual({ code: 201, message: '' });
  });

  test('a TrainJob with an unknown field is rejected (strict field validation)', async () => {
    const res = await dryRunCreate('TrainJob', ns, {
      runtimeRef: { name: 'torch-distributed' },
      trainer: { image: 'registry.invalid/x:1', gpusPerNode: 8 },
    });
    expect(res.code).toBe(400);
    expect(res.message).toContain('unknown field "spec.trainer.gpusPerNode"');
  });

  test('a TrainJob without the required runtimeRef, or with a wrong type, is rejected', async () => {
    const missing = await dryRunCreate('TrainJob', ns, {
      trainer: { image: 'registry.invalid/x:1' },
    });
    expect(missing.code).toBe(422);
    expect(missing.message).toContain('spec.runtimeRef');
    const wrongType = await dryRunCreate('TrainJob', ns, {
      runtimeRef: { name: 'torch-distributed' },
      trainer: { numNodes: 'two' },
    });
    // Mutating admission runs before schema validation: Trainer's defaulting webhook cannot decode
    // the string into its int32 field and refuses the object (400) before the schema would (422).
    expect(wrongType.code).toBe(400);
    expect(wrongType.message).toContain(
      'admission webhook "defaulter.trainjob.trainer.kubeflow.org" denied the request',
    );
    expect(wrongType.message).toContain('spec.trainer.numNodes');
  });

  test('a valid InferenceService is accepted in the serving namespace', async () => {
    const res = await dryRunCreate('InferenceService', bed.kubernetes.servingNamespace, {
      predictor: {
        model: { modelFormat: { name: 'sklearn' }, storageUri: 'mlflow-artifacts:/1/abc/model' },
      },
    });
    expect(res).toEqual({ code: 201, message: '' });
  });

  test('an InferenceService with an unknown field is rejected', async () => {
    const res = await dryRunCreate('InferenceService', bed.kubernetes.servingNamespace, {
      predictor: { model: { modelFormat: { name: 'sklearn' }, storageURI: 's3://typo' } },
    });
    expect(res.code).toBe(400);
    expect(res.message).toContain('unknown field "spec.predictor.model.storageURI"');
  });
});
