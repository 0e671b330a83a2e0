export const id = 726;
export const ids = [726];
export const modules = {

/***/ 7726:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  trainSummaryMarkdown: () => (/* binding */ trainSummaryMarkdown)
});

// UNUSED EXPORTS: formatDuration, formatNumber, formatTable, trainRows

;// CONCATENATED MODULE: ./shared/report/metric-chart.ts
const MAX_POINTS = 60;
/**
 * A Mermaid xychart of one metric: GitHub renders it as an SVG line chart in job summaries,
 * pull request comments and READMEs, so curves need no image hosting.
 */
function mermaidLineChart(metric, points) {
    const finite = points.filter((p) => Number.isFinite(p.value));
    if (finite.length < 2)
        return undefined;
    const sampled = downsample(finite, MAX_POINTS);
    const values = sampled.map((p) => p.value);
    const min = Math.min(...values);
    const max = Math.max(...values);
    const pad = (max - min) * 0.05 || Math.abs(max) * 0.05 || 1;
    return [
        '```mermaid',
        'xychart-beta',
        `    title "${metric.replaceAll('"', "'")}"`,
        `    x-axis "step" [${sampled.map((p) => p.step).join(', ')}]`,
        `    y-axis "${metric.replaceAll('"', "'")}" ${round(min - pad)} --> ${round(max + pad)}`,
        `    line [${values.map(round).join(', ')}]`,
        '```',
    ].join('\n');
}
/** Keeps the first and last points and evenly spaced ones between. */
function downsample(points, max) {
    if (points.length <= max)
        return [...points];
    const out = [];
    for (let i = 0; i < max; i++)
        out.push(points[Math.round((i * (points.length - 1)) / (max - 1))]);
    return out;
}
function round(value) {
    return Number(value.toPrecision(5));
}

;// CONCATENATED MODULE: ./shared/report/train-report.ts

/** The rows of the end-of-run table, shared by the terminal and the job summary. */
function trainRows(result) {
    const rows = [
        ['status', result.status + (result.reason ? ` (${result.reason})` : '')],
        ['duration', formatDuration(result.durationMs)],
        ['backend', result.backend],
        ['MLflow run', result.runUrl],
    ];
    const metrics = Object.entries(result.metrics).sort(([a], [b]) => a.localeCompare(b));
    for (const [key, value] of metrics)
        rows.push([key, formatNumber(value)]);
    rows.push(['model', result.modelUri ?? '(none logged)']);
    if (result.registered)
        rows.push(['registered', `${result.registered.name} version ${result.registered.version}`]);
    if (result.registerError)
        rows.push(['registered', `no: ${result.registerError}`]);
    return rows;
}
function formatTable(rows) {
    const width = Math.max(...rows.map(([k]) => k.length));
    return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
function formatDuration(ms) {
    const s = Math.round(ms / 1000);
    if (s < 60)
        return `${s}s`;
    const m = Math.floor(s / 60);
    return m < 60
        ? `${m}m${String(s % 60).padStart(2, '0')}s`
        : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
function formatNumber(value) {
    return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}
/** The job summary of a training run: the table, then one chart per metric that has a curve. */
function trainSummaryMarkdown(result) {
    const icon = result.status === 'succeeded' ? '✅' : result.status === 'cancelled' ? '⏹️' : '❌';
    const rows = trainRows(result)
        .map(([k, v]) => `| ${k} | ${escapeCell(k === 'MLflow run' ? `[${result.runName}](${v})` : v)} |`)
        .join('\n');
    const charts = Object.entries(result.history)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([metric, points]) => mermaidLineChart(metric, points))
        .filter((c) => c !== undefined);
    return [
        `### ${icon} MLEnv train: ${result.project}`,
        '',
        '| | |',
        '| --- | --- |',
        rows,
        ...(charts.length > 0 ? ['', '#### Curves', '', ...charts] : []),
        ...(result.status === 'failed' && result.logTail.length > 0
            ? [
                '',
                '<details><summary>Last log lines</summary>',
                '',
                '```',
                ...result.logTail.slice(-30),
                '```',
                '</details>',
            ]
            : []),
        '',
    ].join('\n');
}
function escapeCell(text) {
    return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}


/***/ })

};
