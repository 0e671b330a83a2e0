import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  NVIDIA_SMI_QUERY,
  parseCudaVersion,
  parseDriverVersion,
  parseGpuQuery,
} from './nvidia-smi.js';

const fixture = (name: string): string =>
  readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('nvidia-smi', () => {
  it('asks for the ten fields as CSV without header or units', () => {
    expect(NVIDIA_SMI_QUERY).toEqual([
      'nvidia-smi',
      '--query-gpu=index,uuid,name,memory.total,memory.used,driver_version,utilization.gpu,ecc.errors.uncorrected.volatile.total,temperature.gpu,pci.bus_id',
      '--format=csv,noheader,nounits',
    ]);
  });

  it('reads an H100', () => {
    expect(parseGpuQuery(fixture('h100-query.csv'))).toEqual([
      {
        index: 0,
        uuid: 'GPU-4c2f9a1e-7b3d-5e8f-a1c2-9d8e7f6a5b4c',
        name: 'NVIDIA H100 80GB HBM3',
        memoryTotalMiB: 81559,
        memoryUsedMiB: 0,
        driverVersion: '580.159.04',
        utilizationPercent: 0,
        eccUncorrectedVolatile: 0,
        temperatureC: 31,
        pciBusId: '00000000:18:00.0',
      },
    ]);
  });

  it('reads an H200', () => {
    const [gpu] = parseGpuQuery(fixture('h200-query.csv'));
    expect(gpu).toMatchObject({ name: 'NVIDIA H200', memoryTotalMiB: 143771, memoryUsedMiB: 1 });
  });

  it('reads the output captured on a real H200 (device machine, 2026-11-26)', () => {
    expect(parseGpuQuery(fixture('h200-captured-query.csv'))).toEqual([
      {
        index: 0,
        uuid: 'GPU-571e44ad-c20e-3f79-ce01-1903e788989b',
        name: 'NVIDIA H200',
        memoryTotalMiB: 143771,
        memoryUsedMiB: 0,
        driverVersion: '580.159.04',
        utilizationPercent: 0,
        eccUncorrectedVolatile: 0,
        temperatureC: 32,
        pciBusId: '00000000:00:06.0',
      },
    ]);
  });

  it('reads eight GPUs in index order with their load', () => {
    const gpus = parseGpuQuery(fixture('8x-h100-query.csv'));
    expect(gpus.map((g) => g.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(gpus.map((g) => g.utilizationPercent)).toEqual([98, 97, 99, 98, 0, 0, 0, 0]);
    expect(new Set(gpus.map((g) => g.uuid)).size).toBe(8);
  });

  it('reads uncorrected ECC counts', () => {
    const gpus = parseGpuQuery(fixture('ecc-errors-query.csv'));
    expect(gpus.map((g) => g.eccUncorrectedVolatile)).toEqual([0, 2]);
  });

  it('turns [N/A] and [Not Supported] into null', () => {
    const [first, second] = parseGpuQuery(fixture('na-fields-query.csv'));
    expect(first).toMatchObject({
      utilizationPercent: null,
      eccUncorrectedVolatile: null,
      memoryTotalMiB: 24564,
    });
    expect(second).toMatchObject({
      memoryTotalMiB: null,
      memoryUsedMiB: null,
      utilizationPercent: null,
      eccUncorrectedVolatile: null,
      temperatureC: null,
      driverVersion: '550.54.14',
    });
  });

  it('accepts fields without spaces after commas and CRLF line ends', () => {
    const gpus = parseGpuQuery(
      '0,GPU-a,NVIDIA H100 80GB HBM3,81559,10,580.159.04,5,0,40,00000000:18:00.0\r\n',
    );
    expect(gpus[0]).toMatchObject({ index: 0, memoryUsedMiB: 10, temperatureC: 40 });
  });

  it('keeps a comma inside the product name from shifting the other fields', () => {
    const [gpu] = parseGpuQuery(
      '0, GPU-a, Quadro RTX 8000, Rev 2, 49152, 0, 550.54.14, 0, 0, 30, 00000000:01:00.0',
    );
    expect(gpu).toMatchObject({ name: 'Quadro RTX 8000, Rev 2', memoryTotalMiB: 49152 });
  });

  it('reads empty output as no GPUs', () => {
    expect(parseGpuQuery('')).toEqual([]);
    expect(parseGpuQuery('\n\n')).toEqual([]);
  });

  it('refuses a driver error printed where the CSV should be', () => {
    expect(() => parseGpuQuery(fixture('driver-down-output.txt'))).toThrow(/fields where 10/);
  });

  it('refuses a non-numeric number', () => {
    expect(() =>
      parseGpuQuery('0, GPU-a, H100, lots, 0, 580.159.04, 0, 0, 30, 00000000:01:00.0'),
    ).toThrow(/memory.total "lots"/);
  });

  it.each([
    ['h100-header.txt', '13.0', '580.159.04'],
    ['h200-header.txt', '13.0', '580.159.04'],
    ['h200-captured-header.txt', '13.0', '580.159.04'],
    ['a10g-driver-535-header.txt', '12.2', '535.183.01'],
    ['t4-driver-470-header.txt', '11.4', '470.239.06'],
  ])('reads the CUDA and driver versions from the header of %s', (file, cuda, driver) => {
    const header = fixture(file);
    expect(parseCudaVersion(header)).toBe(cuda);
    expect(parseDriverVersion(header)).toBe(driver);
  });

  it('has no CUDA version when the header lacks one', () => {
    expect(parseCudaVersion(fixture('driver-down-output.txt'))).toBeNull();
  });
});
