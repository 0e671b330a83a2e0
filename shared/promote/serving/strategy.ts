import type { SERVING_TARGETS } from '../../config/schema.js';
import { ExternalError } from '../../errors/index.js';

export type ServingTargetName = (typeof SERVING_TARGETS)[number];

/** What to serve: the flow always passes the alias URI, so the server loads what `candidate` names. */
export interface ServingTarget {
  model: string;
  version: string;
  /** `models:/<model>@candidate`. */
  modelUri: string;
}

export interface ServingStatus {
  serving: string;
  strategy: string;
  /** Nothing deployed under this serving name. */
  deployed: boolean;
  healthy: boolean;
  url?: string;
  model?: string;
  version?: string;
  startedAt?: string;
  /** The deployment an unfinished promotion replaced and still keeps, to switch back to. */
  previousVersion?: string;
  detail?: string;
}

/**
 * What a serving target answers about a serving name without deploying anything (`mlenv serve
 * status|stop`): it needs only where the name is served, neither the registry nor an environment.
 */
export interface ServingControl {
  readonly name: string;
  status(): Promise<ServingStatus>;
  /** Stops everything of this serving name (`mlenv serve stop`); false when nothing ran. */
  stop(): Promise<boolean>;
}

/**
 * One way of serving a model (local process, KServe...). A promotion calls `deploy`, then moves
 * the aliases, then `commit`; if anything after `deploy` fails it calls `rollback`. Each method
 * must converge when called again after a crash: state lives with the deployment (a record file,
 * a Kubernetes object), never only in memory.
 */
export interface ServingStrategy extends ServingControl {
  /**
   * Serves `target` beside what serves now, checks it (liveness, then a real prediction) and
   * switches the serving address to it, keeping the previous deployment until `commit`. If the
   * new deployment is unhealthy it is removed, the previous one keeps serving, and this throws
   * ServingError. A deployment that already serves `target.version` healthily is reused.
   */
  deploy(target: ServingTarget): Promise<{ url: string; reused: boolean }>;
  /** The promotion is final: release the previous deployment. */
  commit(): Promise<void>;
  /** Switch back to the deployment that served before the last `deploy` and remove the new one. */
  rollback(): Promise<void>;
}

/** A deployment did not become healthy, or could not be switched to. */
export class ServingError extends ExternalError {
  override name = 'ServingError';
}
