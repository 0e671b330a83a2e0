import { appendFileSync, existsSync } from 'node:fs';
import { EOL } from 'node:os';
import path from 'node:path';
import type { summary } from '@actions/core';

// The Actions runner protocol as every action speaks it from its first line on: inputs from the
// environment, workflow commands on stdout, outputs and state appended to the files the runner
// names. It is what @actions/core writes, byte for byte (runner.test.ts runs both side by side);
// importing @actions/core also evaluates @actions/http-client and undici for OIDC tokens, half of
// each bundle, before an action can print its first line. Only the job summary, written at the
// end, still loads @actions/core.

/** Where an annotation points; the fields of @actions/core's AnnotationProperties. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

/** An input as the runner passes it (`INPUT_<NAME>`), trimmed; '' when not given. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

export function warning(message: string, properties?: AnnotationProperties): void {
  issueCommand('warning', commandProperties(properties), message);
}

export function error(message: string, properties?: AnnotationProperties): void {
  issueCommand('error', commandProperties(properties), message);
}

export function startGroup(name: string): void {
  issueCommand('group', {}, name);
}

export function endGroup(): void {
  issueCommand('endgroup', {}, '');
}

/** Masks the value in every later line of the job's log. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

/** Fails the step (exit code 1) with an error annotation; the action goes on to its end. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

export function setOutput(name: string, value: string): void {
  if (process.env.GITHUB_OUTPUT) {
    issueFileCommand('OUTPUT', keyValueMessage(name, value));
    return;
  }
  process.stdout.write(EOL);
  issueCommand('set-output', { name }, value);
}

/** Leaves a value for the action's post step, which reads it with getState. */
export function saveState(name: string, value: string): void {
  if (process.env.GITHUB_STATE) {
    issueFileCommand('STATE', keyValueMessage(name, value));
    return;
  }
  issueCommand('save-state', { name }, value);
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] || '';
}

/** Sets an environment variable for this step and every later step of the job. */
export function exportVariable(name: string, value: string): void {
  process.env[name] = value;
  if (process.env.GITHUB_ENV) {
    issueFileCommand('ENV', keyValueMessage(name, value));
    return;
  }
  issueCommand('set-env', { name }, value);
}

/** Prepends a directory to PATH for this step and every later step of the job. */
export function addPath(dir: string): void {
  if (process.env.GITHUB_PATH) issueFileCommand('PATH', dir);
  else issueCommand('add-path', {}, dir);
  process.env.PATH = `${dir}${path.delimiter}${process.env.PATH}`;
}

/** The job summary builder of @actions/core, loaded only when a step writes its summary. */
export async function jobSummary(): Promise<typeof summary> {
  return (await import('@actions/core')).summary;
}

type CommandProperties = Record<string, string | number | undefined>;

function commandProperties(properties: AnnotationProperties = {}): CommandProperties {
  if (Object.keys(properties).length === 0) return {};
  return {
    title: properties.title,
    file: properties.file,
    line: properties.startLine,
    endLine: properties.endLine,
    col: properties.startColumn,
    endColumn: properties.endColumn,
  };
}

function issueCommand(command: string, properties: CommandProperties, message: string): void {
  let line = `::${command}`;
  const keys = Object.keys(properties);
  if (keys.length > 0) {
    // A space even when every property is empty, as @actions/core writes it.
    line += ` ${keys
      .filter((key) => properties[key])
      .map((key) => `${key}=${escapeProperty(String(properties[key]))}`)
      .join(',')}`;
  }
  process.stdout.write(`${line}::${escapeData(message)}${EOL}`);
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function issueFileCommand(command: string, message: string): void {
  const file = process.env[`GITHUB_${command}`];
  if (!file) throw new Error(`Unable to find environment variable for file command ${command}`);
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  appendFileSync(file, `${message}${EOL}`, { encoding: 'utf8' });
}

/** `name<<delimiter` lines: a value may span lines; a random delimiter cannot end it early. */
function keyValueMessage(name: string, value: string): string {
  // The global Web Crypto loads on first use; importing node:crypto would load it at start-up.
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  if (name.includes(delimiter))
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  if (value.includes(delimiter))
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}`;
}
