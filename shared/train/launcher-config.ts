import type { TrainConfig } from '../config/schema.js';

/**
 * Launcher configs generated from `nodes`, `procsPerNode` and `precision`, so a project never
 * keeps its own copy that drifts from mlenv.yaml.
 */
export function accelerateConfig(train: TrainConfig, machineRank = 0): Record<string, unknown> {
  const processes = train.nodes * train.procsPerNode;
  const gpu = train.resources.gpus > 0;
  return {
    compute_environment: 'LOCAL_MACHINE',
    distributed_type: processes === 1 ? 'NO' : gpu ? 'MULTI_GPU' : 'MULTI_CPU',
    num_machines: train.nodes,
    num_processes: processes,
    machine_rank: machineRank,
    mixed_precision: train.precision === 'fp32' ? 'no' : train.precision,
    use_cpu: !gpu,
    main_training_function: 'main',
  };
}

/**
 * A DeepSpeed config with precision and ZeRO stage 2. Batch sizes belong to the trainer: it passes
 * this file (MLENV_DEEPSPEED_CONFIG) to deepspeed.initialize with its own batch settings.
 */
export function deepspeedConfig(train: TrainConfig): Record<string, unknown> {
  return {
    bf16: { enabled: train.precision === 'bf16' },
    fp16: { enabled: train.precision === 'fp16', loss_scale: 0, initial_scale_power: 16 },
    zero_optimization: { stage: 2, overlap_comm: true, contiguous_gradients: true },
    gradient_clipping: 1.0,
    steps_per_print: 100,
    wall_clock_breakdown: false,
  };
}
