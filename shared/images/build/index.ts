// `mlenv images build` and the images-build action: the runtime image of the lock, built and
// pushed when its tag is not in the registry yet. Only the tag check is loaded with this module;
// the builders come in when a build is needed.
export { type BuildArgChoices, buildArgFlags, buildArgs } from './build-args.js';
export {
  BUILD_STATUS,
  type BuildRuntimeImageOptions,
  type BuildRuntimeImageResult,
  type BuildStatus,
  buildRuntimeImage,
  formatSize,
  runtimeImageRef,
} from './build-runtime-image.js';
export {
  BUILDERS,
  type BuilderName,
  type BuildPlan,
  type ImageBuilder,
} from './builders/builder.js';
export type { BuilderChoice, MachineBuilders } from './builders/choose.js';
