export const id = 881;
export const ids = [881];
export const modules = {

/***/ 881:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HANDLE_TAG: () => (/* binding */ HANDLE_TAG),
/* harmony export */   parseHandle: () => (/* binding */ parseHandle)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8816);

/** The MLflow run tag that holds the run's handle (JSON), set by the launcher at submission. */
const HANDLE_TAG = 'mlenv.handle';
// A handle comes back from outside (an MLflow tag, the action's state): checked before use.
const identitySchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    host: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    pid: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().positive(),
    startTime: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(),
});
const handleBaseSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    runId: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    submittedAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    launcher: identitySchema,
    workflowRunUrl: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
});
const handleSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .discriminatedUnion */ .gMt('backend', [
    handleBaseSchema.extend({
        backend: zod__WEBPACK_IMPORTED_MODULE_0__/* .literal */ .euz('local'),
        trainer: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ pid: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().positive(), startTime: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable() }),
    }),
    handleBaseSchema.extend({
        backend: zod__WEBPACK_IMPORTED_MODULE_0__/* .literal */ .euz('kubernetes'),
        kubeconfig: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
        context: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
        namespace: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
        objects: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
            apiVersion: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
            kind: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
            namespace: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
            name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
        })),
    }),
]);
/** A handle from its tag value; throws a message that says what is wrong with it. */
function parseHandle(text) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        throw new Error(`not JSON: ${text.slice(0, 80)}`);
    }
    const parsed = handleSchema.safeParse(json);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`not a handle: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'invalid'}`);
    }
    return parsed.data;
}


/***/ })

};
