export const id = 302;
export const ids = [302];
export const modules = {

/***/ 8302:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MAX_NESTING: () => (/* binding */ MAX_NESTING),
/* harmony export */   parseYamlSource: () => (/* binding */ parseYamlSource)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);

/** Deeper than any configuration needs; the fast parser (js-yaml) refuses the same depth. */
const MAX_NESTING = 100;
function parseYamlSource(file, text) {
    const deep = tooDeep(text);
    if (deep) {
        // The positional parser recurses per level: a few hundred overflow its stack, and after an
        // overflow V8 can abort the whole process. Such a file is refused before it is parsed.
        return unparsed(file, {
            file,
            ...offsetPosition(text, deep.offset),
            path: '',
            expected: `valid YAML nested at most ${MAX_NESTING} levels deep`,
            found: `${deep.what} more than ${MAX_NESTING} levels deep`,
        });
    }
    const lineCounter = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .LineCounter */ .HN();
    // Positions come from the line counter: the library's pretty messages cost a source excerpt
    // per error, which on one long broken line (thousands of errors) takes seconds.
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
    const at = (offset) => {
        const { line, col } = offset === undefined || offset < 0 ? { line: 1, col: 1 } : lineCounter.linePos(offset);
        return { file, line, column: col, path: '' };
    };
    const problems = [
        ...doc.errors,
        // An unknown tag is only a warning to the library, which then reads the value as a string;
        // the fast parser refuses it, and a stray `!tag` is a typo, so both read it as a mistake.
        ...doc.warnings.filter((warning) => warning.code === 'TAG_RESOLVE_FAILED'),
    ].sort((a, b) => a.pos[0] - b.pos[0]);
    const syntaxErrors = firstPerLine(problems.map((error) => ({
        ...at(error.pos[0]),
        ...describeYamlError(error),
    })));
    if (syntaxErrors.length === 0)
        syntaxErrors.push(...aliasProblems(doc, at));
    let data;
    if (syntaxErrors.length === 0) {
        try {
            data = doc.toJS({ maxAliasCount: 100 });
        }
        catch (error) {
            // Aliases that would expand past the limit (a "billion laughs" file); anything else the
            // library refuses while building values is a problem of the file as well.
            const alias = firstAlias(doc);
            syntaxErrors.push({
                ...at(alias?.range?.[0]),
                expected: 'valid YAML with at most 100 aliases expanded',
                found: lowerFirst(error instanceof Error ? error.message : String(error)),
            });
        }
    }
    const toPosition = (offset) => {
        const { line, col } = lineCounter.linePos(offset);
        return { line, column: col };
    };
    function nodeAt(path) {
        let node = doc.contents;
        let depth = 0;
        for (const part of path) {
            const next = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node) || (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node) ? node.get(part, true) : undefined;
            if (next === undefined || next === null || typeof next !== 'object')
                break;
            node = next;
            depth++;
        }
        return { node: node ?? null, depth };
    }
    return {
        file,
        data,
        empty: doc.contents === null || ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(doc.contents) && doc.contents.value === null),
        syntaxErrors,
        positionOf(path, options = {}) {
            if (options.key && path.length > 0) {
                const parent = nodeAt(path.slice(0, -1));
                const last = path[path.length - 1];
                if (parent.depth === path.length - 1 && (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(parent.node)) {
                    const pair = parent.node.items.find((item) => (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isPair */ .tO)(item) && (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(item.key) && item.key.value === last);
                    const keyNode = pair && (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(pair.key) ? pair.key : undefined;
                    if (keyNode?.range)
                        return toPosition(keyNode.range[0]);
                }
            }
            const { node } = nodeAt(path);
            return node?.range ? toPosition(node.range[0]) : { line: 1, column: 1 };
        },
        describeAt(path) {
            const { node, depth } = nodeAt(path);
            if (depth < path.length)
                return 'nothing';
            return describeNode(node);
        },
    };
}
function describeNode(node) {
    if (node === null)
        return 'nothing';
    if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node))
        return node.items.length === 0 ? 'an empty mapping' : 'a mapping';
    if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node))
        return node.items.length === 0 ? 'an empty list' : 'a list';
    if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(node)) {
        const value = node.value;
        if (value === null)
            return 'an empty value';
        if (typeof value === 'string')
            return JSON.stringify(truncate(value, 60));
        if (typeof value === 'number') {
            // `python: 3.10` silently becomes 3.1; saying "number" tells the user to quote it.
            const source = typeof node.source === 'string' ? node.source : String(value);
            return `number ${source}`;
        }
        if (typeof value === 'boolean' || typeof value === 'bigint')
            return String(value);
        // A core tag such as !!binary builds a value no key of mlenv.yaml takes.
        if (value instanceof Uint8Array)
            return `binary data (${node.tag ?? '!!binary'})`;
    }
    return 'an unsupported YAML value';
}
/**
 * Where the text nests deeper than MAX_NESTING, by an upper bound that nothing can hide from:
 * every `[` and `{` counts (inside strings and comments too), and every indentation deeper than
 * the lines above it opens a level.
 */
function tooDeep(text) {
    let flow = 0;
    const indents = [];
    let lineStart = true;
    let indent = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 /* \n */) {
            lineStart = true;
            indent = 0;
            continue;
        }
        if (lineStart) {
            if (c === 32 /* space */ || c === 9 /* tab */) {
                indent++;
                continue;
            }
            if (c === 13 /* \r */)
                continue;
            lineStart = false;
            while (indents.length > 0 && indents.at(-1) >= indent)
                indents.pop();
            indents.push(indent);
            if (indents.length > MAX_NESTING)
                return { offset: i, what: 'lines indented' };
        }
        if (c === 91 /* [ */ || c === 123 /* { */) {
            if (++flow > MAX_NESTING)
                return { offset: i, what: 'brackets nested' };
        }
        else if ((c === 93 /* ] */ || c === 125) /* } */ && flow > 0)
            flow--;
    }
    return undefined;
}
function offsetPosition(text, offset) {
    let line = 1;
    let start = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
        line++;
        start = i + 1;
    }
    return { line, column: offset - start + 1 };
}
/** The source of a file refused before parsing: its one problem, and no positions inside it. */
function unparsed(file, problem) {
    return {
        file,
        data: undefined,
        empty: false,
        syntaxErrors: [problem],
        positionOf: () => ({ line: problem.line, column: problem.column }),
        describeAt: () => 'nothing',
    };
}
/** At most one error per line and a few per file: after the first, a parser mostly reports echoes. */
function firstPerLine(diagnostics) {
    const lines = new Set();
    const kept = [];
    for (const diagnostic of diagnostics) {
        if (lines.has(diagnostic.line))
            continue;
        lines.add(diagnostic.line);
        kept.push(diagnostic);
        if (kept.length === MAX_SYNTAX_ERRORS)
            break;
    }
    return kept;
}
const MAX_SYNTAX_ERRORS = 5;
function describeYamlError(error) {
    switch (error.code) {
        case 'MULTIPLE_DOCS':
            return { expected: 'one YAML document', found: 'a second one (after a --- line)' };
        case 'TAG_RESOLVE_FAILED': {
            const tag = /: (.+?)\.?$/.exec(error.message)?.[1] ?? 'a tag';
            return {
                expected: 'a value without a custom YAML tag (MLEnv reads none)',
                found: `the tag ${tag}`,
            };
        }
        default:
            return {
                expected: 'valid YAML',
                found: truncate(lowerFirst(error.message.split('\n')[0] ?? ''), 200),
            };
    }
}
/**
 * Aliases the library would refuse, or turn into a value that contains itself, only when the
 * values are built: an alias to no anchor set above it, or one inside the value it names.
 */
function aliasProblems(doc, at) {
    const anchors = new Map();
    const problems = [];
    (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .visit */ .YR)(doc, (_key, node, ancestors) => {
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(node)) {
            const target = anchors.get(node.source);
            if (!target) {
                problems.push({
                    ...at(node.range?.[0]),
                    expected: `an anchor &${node.source} set above its alias`,
                    found: `*${node.source} with no &${node.source} above it`,
                });
            }
            else if (ancestors.includes(target)) {
                problems.push({
                    ...at(node.range?.[0]),
                    expected: 'an alias outside the value it names',
                    found: `*${node.source} inside the value anchored &${node.source}`,
                });
            }
            return;
        }
        if (((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(node) || (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isCollection */ .P3)(node)) && node.anchor)
            anchors.set(node.anchor, node);
    });
    return firstPerLine(problems);
}
function firstAlias(doc) {
    let found;
    (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .visit */ .YR)(doc, {
        Alias(_key, node) {
            found = node;
            return yaml__WEBPACK_IMPORTED_MODULE_0__/* .visit */ .YR.BREAK;
        },
    });
    return found;
}
function truncate(text, max) {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
function lowerFirst(text) {
    return text.charAt(0).toLowerCase() + text.slice(1);
}


/***/ })

};
