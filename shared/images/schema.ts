import { z } from 'zod';

/** runner-images/image.json: which images the rendered Dockerfiles build, for CI and the CLI. */
export const imageManifestSchema = z.strictObject({
  /** The runtime image repository (environment.image). */
  image: z.string().min(1),
  /** The tag of both images: the lock hash, so one lock always means one image. */
  tag: z.string().regex(/^[0-9a-f]{12}$/),
  lockHash: z.string().regex(/^[0-9a-f]{12}$/),
  python: z.string().min(1),
  cuda: z.string().min(1),
  /** The self-hosted GPU runner image repository, beside the runtime image. */
  gpuRunnerImage: z.string().min(1),
});

export type ImageManifest = z.infer<typeof imageManifestSchema>;
