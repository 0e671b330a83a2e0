/** Names of what the main step leaves for the post step. */
export const STATE = {
  /** The submitted job's handle (JSON): backend, cluster context, objects. */
  handle: 'handle',
  finished: 'finished',
  onCancel: 'on-cancel',
} as const;
