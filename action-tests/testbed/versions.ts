// Every component is pinned here; build and install caches are keyed by these strings, so a
// bump here is all it takes to rebuild that component on the next `up`.
export const versions = {
  kubernetes: 'v1.35.4',
  // Debian 12 ships etcd 3.4, older than the 3.5 the API server requires, so etcd is built too;
  // 3.6 is the line that kubernetes v1.35 itself is tested against.
  etcd: 'v3.6.16',
  kwok: 'v0.8.0',
  // The distribution registry: the bed's local OCI registry that the real nodes pull from.
  registry: 'v3.1.2',
  act: 'v0.2.87',
  actionlint: 'v1.7.12',
  // Cluster DNS; its go.mod has no replace directives, so a plain `go install` builds it.
  coredns: 'v1.15.0',
  // The controllers of the TrainJobs and JobSets MLEnv submits. Trainer v2.3.0's go.mod requires
  // sigs.k8s.io/jobset v0.12.0, and ../shared/k8s/crds holds the CRDs of exactly these two tags.
  jobset: 'v0.12.0',
  trainer: 'v2.3.0',
  uv: '0.13.9',
  python: {
    // mlflow 3.18.0 is on PyPI but its mlflow-skinny 3.18.0 is not, so 3.18.0 cannot install.
    mlflow: '3.17.2',
    torch: '2.15.0',
    ruff: '0.17.6',
    pytest: '9.2.0',
    zizmor: '1.32.0',
  },
} as const;
