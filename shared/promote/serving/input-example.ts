import { parse } from 'yaml';
import { mlmodelSchema } from '../schema.js';

/**
 * The body of a `POST /invocations` request made from a model's logged input example, or
 * undefined when the model logged none. MLflow (2.15+) also saves the example already in the
 * scoring server's JSON shape (`serving_input_path`); older models have only the raw example, which
 * is wrapped here the way MLflow wraps it: `{"inputs": ...}` for tensors and JSON objects,
 * `{"dataframe_split": ...}` for data frames.
 */
export async function invocationBody(
  mlmodelText: string,
  readArtifact: (path: string) => Promise<string>,
): Promise<string | undefined> {
  const parsed = mlmodelSchema.safeParse(parse(mlmodelText));
  const info = parsed.success ? parsed.data.saved_input_example_info : undefined;
  if (!info) return undefined;
  if (info.serving_input_path) return readArtifact(info.serving_input_path);
  if (!info.artifact_path) return undefined;
  const example: unknown = JSON.parse(await readArtifact(info.artifact_path));
  if (info.type === 'dataframe') {
    const split = info.pandas_orient === 'split' || isObject(example) ? example : { data: example };
    return JSON.stringify({ dataframe_split: split });
  }
  // An example logged with inference params is already {"inputs": ..., "params": ...}.
  if (isObject(example) && 'inputs' in example) return JSON.stringify(example);
  return JSON.stringify({ inputs: example });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
