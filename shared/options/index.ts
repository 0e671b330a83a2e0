import { AFFECTED_OPTIONS } from './affected.js';
import { CHECK_OPTIONS } from './check.js';
import { DOCTOR_OPTIONS } from './doctor.js';
import { GPU_TEST_OPTIONS } from './gpu-test.js';
import { IMAGES_BUILD_OPTIONS } from './images-build.js';
import type { OptionTable } from './option.js';
import { PR_REPORT_OPTIONS } from './pr-report.js';
import { PROMOTE_OPTIONS } from './promote.js';
import { SETUP_OPTIONS } from './setup.js';
import { TRAIN_OPTIONS } from './train.js';
import { UPGRADE_OPTIONS } from './upgrade.js';

export { COMPOSITE_WORDING } from './composites.js';
export { GLOBAL_OPTIONS } from './global.js';
export { REAP_OPTIONS } from './reap.js';
export { SERVE_STATUS_OPTIONS, SERVE_STOP_OPTIONS } from './serve.js';
export {
  AFFECTED_OPTIONS,
  CHECK_OPTIONS,
  DOCTOR_OPTIONS,
  GPU_TEST_OPTIONS,
  IMAGES_BUILD_OPTIONS,
  PR_REPORT_OPTIONS,
  PROMOTE_OPTIONS,
  SETUP_OPTIONS,
  TRAIN_OPTIONS,
  UPGRADE_OPTIONS,
};

/**
 * The table of each JavaScript action, by its folder under actions/. An action imports only its
 * own table module; this map is for scripts/options.ts, which writes every action.yml.
 */
export const ACTION_OPTIONS: Readonly<Record<string, OptionTable>> = {
  affected: AFFECTED_OPTIONS,
  check: CHECK_OPTIONS,
  doctor: DOCTOR_OPTIONS,
  'gpu-test': GPU_TEST_OPTIONS,
  'images-build': IMAGES_BUILD_OPTIONS,
  'pr-report': PR_REPORT_OPTIONS,
  promote: PROMOTE_OPTIONS,
  setup: SETUP_OPTIONS,
  train: TRAIN_OPTIONS,
  upgrade: UPGRADE_OPTIONS,
};
