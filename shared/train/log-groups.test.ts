import { describe, expect, it } from '@jest/globals';
import { groupLogBySource } from './log-groups.js';

describe('groupLogBySource', () => {
  it('splits torchrun output by rank, keeping unprefixed launcher lines apart', () => {
    const log = [
      'starting torchrun',
      '[default1]:epoch 1 loss 0.5',
      '[default0]:epoch 1 loss 0.4',
      '[default0]:done',
    ].join('\n');
    expect(groupLogBySource(log)).toEqual([
      { name: 'trainer', lines: ['starting torchrun'] },
      { name: 'rank 0', lines: ['epoch 1 loss 0.4', 'done'] },
      { name: 'rank 1', lines: ['epoch 1 loss 0.5'] },
    ]);
  });

  it('groups by node and rank for multi-node pods', () => {
    const log = '[pod 1] [default0]:b\n[pod 0] [default1]:a\n[pod 0] plain\n';
    expect(groupLogBySource(log).map((g) => [g.name, g.lines])).toEqual([
      ['node 0', ['plain']],
      ['node 0, rank 1', ['a']],
      ['node 1, rank 0', ['b']],
    ]);
  });

  it('leaves a single-process log as one group', () => {
    expect(groupLogBySource('a\nb\n')).toEqual([{ name: 'trainer', lines: ['a', 'b'] }]);
  });
});
