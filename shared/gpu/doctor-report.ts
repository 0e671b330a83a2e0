import { markdownCell as cell, plural } from '../util/text.js';
import type { DoctorReport } from './doctor.js';
import type { Verdict } from './doctor-checks.js';
import type { GpuInfo } from './nvidia-smi.js';

// The doctor's report for a terminal and for a job summary.

function memory(gpu: GpuInfo): string {
  if (gpu.memoryTotalMiB === null) return 'memory n/a';
  const used = gpu.memoryUsedMiB === null ? '?' : String(gpu.memoryUsedMiB);
  return `${used} / ${gpu.memoryTotalMiB} MiB`;
}

function orNa(value: number | null, unit = ''): string {
  return value === null ? 'n/a' : `${value}${unit}`;
}

export function formatDoctorReport(report: DoctorReport): string {
  const lines = [
    `GPU doctor: ${report.verdict.toUpperCase()} (environment cuda: ${report.environmentCuda})`,
  ];
  if (report.gpus.length > 0) {
    lines.push(
      `driver ${report.driverVersion ?? 'unknown'}${report.driverCuda ? `, supports CUDA ${report.driverCuda}` : ''}`,
    );
    for (const g of report.gpus) {
      lines.push(
        `  GPU ${g.index}  ${g.name}  ${memory(g)}  util ${orNa(g.utilizationPercent, '%')}  ECC ${orNa(g.eccUncorrectedVolatile)}  ${orNa(g.temperatureC, '°C')}  ${g.pciBusId ?? ''}`.trimEnd(),
      );
    }
  }
  if (report.torch) {
    lines.push(
      `torch ${report.torch.torchVersion}, CUDA ${report.torch.torchCuda ?? 'none'}, ${plural(report.torch.deviceCount, 'device')}`,
    );
  }
  for (const c of report.checks) lines.push(`${c.verdict.padEnd(4)}  ${c.title}: ${c.message}`);
  return lines.join('\n');
}

const MARK: Record<Verdict, string> = { pass: '✅', warn: '⚠️', fail: '❌' };

/** The report as GitHub-flavoured Markdown, for a job summary. */
export function doctorMarkdown(report: DoctorReport): string {
  const out = [
    `### GPU doctor: ${MARK[report.verdict]} ${report.verdict}`,
    '',
    `Environment CUDA: \`${cell(report.environmentCuda)}\`${report.driverVersion ? ` · driver \`${report.driverVersion}\`` : ''}${report.driverCuda ? ` (supports CUDA ${report.driverCuda})` : ''}${report.torch ? ` · torch \`${report.torch.torchVersion}\`` : ''}`,
    '',
  ];
  if (report.gpus.length > 0) {
    out.push('| GPU | model | memory used / total | utilisation | uncorrected ECC | temp |');
    out.push('| --: | ----- | ------------------- | ----------: | --------------: | ---: |');
    for (const g of report.gpus) {
      out.push(
        `| ${g.index} | ${cell(g.name)} | ${memory(g)} | ${orNa(g.utilizationPercent, '%')} | ${orNa(g.eccUncorrectedVolatile)} | ${orNa(g.temperatureC, ' °C')} |`,
      );
    }
    out.push('');
  }
  out.push('| check | verdict | detail |', '| ----- | ------- | ------ |');
  for (const c of report.checks) {
    out.push(`| ${cell(c.title)} | ${MARK[c.verdict]} ${c.verdict} | ${cell(c.message)} |`);
  }
  return `${out.join('\n')}\n`;
}
