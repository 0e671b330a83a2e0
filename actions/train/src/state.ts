/** Names of what the main step leaves for the post step. */
export const STATE = {
  submitted: 'submitted',
  finished: 'finished',
  onCancel: 'on-cancel',
  kubeconfig: 'kubeconfig',
} as const;
