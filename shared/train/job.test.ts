import { describe, expect, it } from '@jest/globals';
import { trainSchema } from '../config/schema.js';
import { dnsLabel, makeRunName, paramArgs, trainerCommand } from './job.js';

describe('paramArgs', () => {
  it('appends params as --key value in the order written', () => {
    expect(paramArgs({ epochs: 3, lr: 0.01, 'batch-size': 64, amp: true })).toEqual([
      '--epochs',
      '3',
      '--lr',
      '0.01',
      '--batch-size',
      '64',
      '--amp',
      'true',
    ]);
  });

  it('lets overrides replace configured params', () => {
    const train = trainSchema.parse({
      command: ['python', 'train.py'],
      params: { epochs: 3, lr: 0.01 },
    });
    expect(trainerCommand(train, { epochs: 1 })).toEqual([
      'python',
      'train.py',
      '--epochs',
      '1',
      '--lr',
      '0.01',
    ]);
  });
});

describe('dnsLabel', () => {
  it('makes valid DNS labels', () => {
    expect(dnsLabel(['Fraud_Model', 'ABC123', 'a1'])).toBe('fraud-model-abc123-a1');
  });

  it('hashes long names so distinct inputs stay distinct and within 63 characters', () => {
    const a = dnsLabel(['x'.repeat(80), 'run-1']);
    const b = dnsLabel(['x'.repeat(80), 'run-2']);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(dnsLabel(['x'.repeat(80), 'run-1'])).toBe(a);
  });
});

describe('makeRunName', () => {
  it('names the project, the commit and the time', () => {
    const name = makeRunName(
      'fraud',
      { commit: 'abcdef1234567' },
      new Date('2026-11-25T19:45:37.123Z'),
    );
    expect(name).toBe('fraud-abcdef1-20261125-194537');
  });
});
