export { type CommandResult, type CommandRunner, createCommandRunner } from './command-runner.js';
export { CUDA_MAJOR_MIN_DRIVER, CUDA_MIN_DRIVER, compareVersions } from './cuda-drivers.js';
export {
  type DoctorOptions,
  type DoctorReport,
  runDoctor,
  runWorkspaceDoctor,
  type WorkspaceDoctorOptions,
  type WorkspaceDoctorResult,
} from './doctor.js';
export {
  checkDriverCuda,
  checkEcc,
  checkTorch,
  DOCTOR_CHECKS,
  type DoctorCheck,
  type DoctorCheckId,
  VERDICTS,
  type Verdict,
  worstVerdict,
} from './doctor-checks.js';
export { doctorMarkdown, formatDoctorReport } from './doctor-report.js';
export {
  DEFAULT_APPROVAL_LABEL,
  decideGpuTestsAllowed,
  type ForkSafetyDecision,
  type ForkSafetyInput,
  type PullRequestState,
} from './fork-safety.js';
export {
  type AcquireGpusOptions,
  acquireGpus,
  type GpuHolding,
  type GpuLease,
  type GpuLockHolder,
  GpuLockTimeoutError,
  gpuLockFile,
  releaseOnExit,
} from './gpu-lock.js';
export {
  GPU_SAMPLE_QUERY,
  type GpuSample,
  type GpuSampler,
  type GpuUsage,
  parseGpuSamples,
  startGpuSampler,
} from './gpu-sampler.js';
export {
  DEFAULT_GPU_LOCK_DIR,
  DEFAULT_GPU_LOCK_TIMEOUT_MS,
  GPU_TEST_MARKER,
  GPU_TEST_STAGES,
  GPU_TEST_STATUSES,
  type GpuTestCase,
  type GpuTestOptions,
  type GpuTestProject,
  type GpuTestResult,
  type GpuTestShard,
  type GpuTestStage,
  type GpuTestStageName,
  type GpuTestStatus,
  parseLockTimeout,
  runGpuTests,
} from './gpu-test.js';
export { formatGpuTestForTerminal, gpuTestSummaryMarkdown } from './gpu-test-report.js';
export {
  type GpuInfo,
  NVIDIA_SMI_FIELDS,
  NVIDIA_SMI_HEADER,
  NVIDIA_SMI_QUERY,
  parseCudaVersion,
  parseDriverVersion,
  parseGpuQuery,
} from './nvidia-smi.js';
export {
  type CollectOptions,
  collectPytestNodeIds,
  junitFileFor,
  parseCollectedNodeIds,
  pytestCollectArgv,
  runShardedPytest,
  type ShardedPytestOptions,
  type ShardedPytestResult,
  type ShardOptions,
  type ShardResult,
  shardArgv,
  shardTests,
} from './shard.js';
export {
  type ProcessSpawner,
  type SpawnRequest,
  type SpawnResult,
  spawnProcess,
} from './spawn.js';
export { SUPERVISOR_SCRIPT, spawnSupervised, supervisedPython } from './supervise.js';
export { parseTorchProbe, probeTorch, TORCH_PROBE_SCRIPT, type TorchProbe } from './torch-probe.js';
export {
  gpuDeviceId,
  listVisibleGpus,
  parseCudaVisibleDevices,
  restrictToVisible,
  type VisibleGpus,
} from './visible-gpus.js';
