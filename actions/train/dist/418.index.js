export const id = 418;
export const ids = [418];
export const modules = {

/***/ 418:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   groupLogBySource: () => (/* binding */ groupLogBySource)
/* harmony export */ });
/** Where a line of a distributed run came from: `[pod N] ` (node) and `[defaultN]:` (torchrun rank). */
const NODE_PREFIX = /^\[pod (\d+)\] /;
const RANK_PREFIX = /^\[default(\d+)\]:/;
/**
 * Splits a run's interleaved log into one group per node and rank, in order of first appearance
 * sorted by node then rank, so each process's output reads on its own.
 */
function groupLogBySource(log) {
    const groups = new Map();
    for (const raw of log.split('\n')) {
        if (raw === '')
            continue;
        let line = raw;
        const node = NODE_PREFIX.exec(line);
        if (node)
            line = line.slice(node[0].length);
        const rank = RANK_PREFIX.exec(line);
        if (rank)
            line = line.slice(rank[0].length);
        const key = `${node?.[1] ?? ''}/${rank?.[1] ?? ''}`;
        let group = groups.get(key);
        if (!group) {
            group = {
                node: node ? Number(node[1]) : undefined,
                rank: rank ? Number(rank[1]) : undefined,
                lines: [],
            };
            groups.set(key, group);
        }
        group.lines.push(line);
    }
    return [...groups.values()]
        .sort((a, b) => (a.node ?? -1) - (b.node ?? -1) || (a.rank ?? -1) - (b.rank ?? -1))
        .map((g) => ({ name: groupName(g.node, g.rank), lines: g.lines }));
}
function groupName(node, rank) {
    if (node !== undefined && rank !== undefined)
        return `node ${node}, rank ${rank}`;
    if (node !== undefined)
        return `node ${node}`;
    if (rank !== undefined)
        return `rank ${rank}`;
    return 'trainer';
}


/***/ })

};
