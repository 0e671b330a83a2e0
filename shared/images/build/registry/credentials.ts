import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../../errors/index.js';
import type { Logger } from '../../../logger/index.js';
import { MissingProgramError, runCommand } from '../command.js';
import { DOCKER_HUB } from './image-ref.js';

/** A user name and password (or token) for one registry, and where they came from. */
export interface RegistryCredentials {
  username: string;
  password: string;
  /** Said in logs instead of the values: `REGISTRY_USERNAME/REGISTRY_PASSWORD`, a file, a helper. */
  source: string;
}

/** The parts of Docker's config.json (and containers' auth.json, the same format) read here. */
interface AuthConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

export interface CredentialSources {
  env?: NodeJS.ProcessEnv;
  home?: string;
}

// Docker Hub's credentials are stored under its old index URL; any key may carry a scheme and a
// path (`https://ghcr.io/v1/`), which Docker ignores when it looks a registry up.
const HUB_KEYS = [
  'https://index.docker.io/v1/',
  'index.docker.io',
  DOCKER_HUB,
  'registry-1.docker.io',
];

function keyHost(key: string): string {
  return key.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
}

function lookup<T>(map: Record<string, T> | undefined, registry: string): [string, T] | undefined {
  if (!map) return undefined;
  const wanted = registry === DOCKER_HUB ? HUB_KEYS.map(keyHost) : [registry];
  return Object.entries(map).find(([key]) => wanted.includes(keyHost(key)));
}

/**
 * The files a `docker login`, `buildah login` or `podman login` writes: REGISTRY_AUTH_FILE, the
 * containers auth.json under XDG_RUNTIME_DIR, then Docker's (DOCKER_CONFIG or ~/.docker).
 */
export function authFiles(sources: CredentialSources = {}): string[] {
  const env = sources.env ?? process.env;
  const home = sources.home ?? os.homedir();
  return [
    ...(env.REGISTRY_AUTH_FILE ? [env.REGISTRY_AUTH_FILE] : []),
    ...(env.XDG_RUNTIME_DIR ? [path.join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json')] : []),
    path.join(env.DOCKER_CONFIG ?? path.join(home, '.docker'), 'config.json'),
  ];
}

/**
 * The credentials for a registry: REGISTRY_USERNAME and REGISTRY_PASSWORD when both are set (they
 * are for the image's registry), else the first login file that knows the registry, through its
 * credential helper where it names one. Undefined when none does: the registry is asked
 * anonymously. The values are masked in the logger as soon as they are read.
 */
export async function findCredentials(
  registry: string,
  logger: Logger,
  sources: CredentialSources = {},
): Promise<RegistryCredentials | undefined> {
  const env = sources.env ?? process.env;
  const { REGISTRY_USERNAME: username, REGISTRY_PASSWORD: password } = env;
  if (username && password) {
    logger.mask(password);
    return { username, password, source: 'REGISTRY_USERNAME and REGISTRY_PASSWORD' };
  }
  if (username || password)
    throw new ConfigurationError(
      `expected both REGISTRY_USERNAME and REGISTRY_PASSWORD for ${registry}, found only ${username ? 'REGISTRY_USERNAME' : 'REGISTRY_PASSWORD'}`,
    );
  for (const file of authFiles(sources)) {
    const config = await readAuthConfig(file);
    if (!config) continue;
    const helper = lookup(config.credHelpers, registry)?.[1];
    if (helper) return fromHelper(helper, registry, file, logger);
    const entry = lookup(config.auths, registry);
    if (entry) {
      const found = fromEntry(entry[1], `${file} (auths.${entry[0]})`);
      if (found) {
        logger.mask(found.password);
        return found;
      }
    }
    if (config.credsStore) {
      const stored = await fromHelper(config.credsStore, registry, file, logger);
      if (stored) return stored;
    }
  }
  return undefined;
}

async function readAuthConfig(file: string): Promise<AuthConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as AuthConfig;
  } catch (error) {
    throw new ConfigurationError(
      `${file}: expected the JSON of a registry login file, found text that does not parse (${(error as Error).message})`,
    );
  }
}

function fromEntry(
  entry: { auth?: string; username?: string; password?: string },
  source: string,
): RegistryCredentials | undefined {
  if (entry.username && entry.password)
    return { username: entry.username, password: entry.password, source };
  if (!entry.auth) return undefined;
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0)
    throw new ConfigurationError(
      `${source}: expected "auth" to be base64 of <user>:<password>, found something else (not shown)`,
    );
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source };
}

/** `docker-credential-<helper> get`, the registry on stdin, `{Username, Secret}` on stdout. */
async function fromHelper(
  helper: string,
  registry: string,
  file: string,
  logger: Logger,
): Promise<RegistryCredentials | undefined> {
  const program = `docker-credential-${helper}`;
  const server = registry === DOCKER_HUB ? 'https://index.docker.io/v1/' : registry;
  let outcome: Awaited<ReturnType<typeof runCommand>>;
  try {
    outcome = await runCommand([program, 'get'], logger, {
      input: server,
      echo: 'none',
      capture: true,
      timeoutMs: 30_000,
    });
  } catch (error) {
    if (error instanceof MissingProgramError)
      throw new ConfigurationError(
        `${file} names the credential helper "${helper}" for ${registry}: expected ${program} on PATH, found none`,
      );
    throw error;
  }
  // "credentials not found" is a plain answer, not a failure: ask anonymously.
  if (outcome.exitCode !== 0) return undefined;
  let answer: { Username?: string; Secret?: string };
  try {
    answer = JSON.parse(outcome.stdout);
  } catch {
    throw new ConfigurationError(
      `${program} get: expected JSON with Username and Secret for ${registry}, found output that does not parse (not shown)`,
    );
  }
  if (!answer.Username || !answer.Secret) return undefined;
  logger.mask(answer.Secret);
  return { username: answer.Username, password: answer.Secret, source: `${program} (${file})` };
}
