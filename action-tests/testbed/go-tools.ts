import { goInstall } from './go-build.js';
import { versions } from './versions.js';

export function buildKwok(): Promise<string> {
  return goInstall('kwok', 'sigs.k8s.io/kwok/cmd/kwok', versions.kwok, [
    `-X sigs.k8s.io/kwok/pkg/consts.Version=${versions.kwok}`,
  ]);
}

export function buildAct(): Promise<string> {
  // act prints main.version in `act --version`; untouched it reports a -dev string.
  return goInstall('act', 'github.com/nektos/act', versions.act, [
    `-X main.version=${versions.act.replace(/^v/, '')}`,
  ]);
}

export function buildActionlint(): Promise<string> {
  return goInstall('actionlint', 'github.com/rhysd/actionlint/cmd/actionlint', versions.actionlint);
}
