import { expect } from '@jest/globals';

/** One row of the features the workspace template's trainer (templates/workspace/projects/pytorch) takes. */
export const TEMPLATE_FEATURES = [[42.5, 23.5, 120.0, 6, 30, 0.9, 1, 0]];

/** What a served template model (MLflow's scoring protocol at `url`) predicts for TEMPLATE_FEATURES. */
export async function predictTemplate(url: string): Promise<number[]> {
  const response = await fetch(`${url}/invocations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ inputs: TEMPLATE_FEATURES }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { predictions: number[] }).predictions;
}
