import fs from 'node:fs';
import path from 'node:path';
import { capture, run } from '../exec.js';
import { stateDir } from '../paths.js';
import { type NetworkPlan, networkPlan } from './plan.js';

// Sysctls the bed (or kubelet and CNI on its behalf) changes. Their values before the bed first
// touched them are kept in the state dir, so `down` puts back what it found even after a
// SIGKILLed bed already changed them once.
const sysctlsFile = () => path.join(stateDir(), 'network', 'sysctls.json');

export async function readSysctl(key: string): Promise<string> {
  return fs.readFileSync(`/proc/sys/${key.replaceAll('.', '/')}`, 'utf8').trim();
}

export async function rememberSysctls(keys: readonly string[]): Promise<void> {
  const file = sysctlsFile();
  const saved: Record<string, string> = fs.existsSync(file)
    ? JSON.parse(fs.readFileSync(file, 'utf8'))
    : {};
  for (const key of keys) saved[key] ??= await readSysctl(key);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`);
}

export async function restoreSysctls(): Promise<void> {
  const file = sysctlsFile();
  if (!fs.existsSync(file)) return;
  const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  for (const [key, value] of Object.entries(saved)) {
    fs.writeFileSync(`/proc/sys/${key.replaceAll('.', '/')}`, value);
  }
  fs.rmSync(file);
}

async function linkExists(name: string): Promise<boolean> {
  return (await capture('ip', ['link', 'show', 'dev', name])).code === 0;
}

/**
 * The host side of the bed's network: one bridge with the gateway address, forwarding on so the
 * host routes between nodes. Idempotent; a bridge left by a SIGKILLed bed is reused as is.
 */
export async function ensureBridge(plan: NetworkPlan = networkPlan()): Promise<NetworkPlan> {
  await rememberSysctls(['net.ipv4.ip_forward']);
  if (!(await linkExists(plan.bridge))) {
    await run('ip', ['link', 'add', plan.bridge, 'type', 'bridge']);
  }
  const addresses = await run('ip', ['-o', '-4', 'addr', 'show', 'dev', plan.bridge]);
  if (!addresses.includes(` ${plan.gateway}/`)) {
    await run('ip', ['addr', 'add', `${plan.gateway}/${plan.prefix}`, 'dev', plan.bridge]);
  }
  await run('ip', ['link', 'set', plan.bridge, 'up']);
  fs.writeFileSync('/proc/sys/net/ipv4/ip_forward', '1');
  return plan;
}

/** Removes the bridge (its address goes with it); nodes' veths must already be gone. */
export async function removeBridge(plan: NetworkPlan = networkPlan()): Promise<void> {
  if (await linkExists(plan.bridge)) await run('ip', ['link', 'del', plan.bridge]);
}
