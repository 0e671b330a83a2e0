// The scripts that put the code into a training pod's workspace: the git checkout runs in the
// pod's `source` init container, the working-tree download in the trainer's own container before
// the trainer. Both are constants: every variable part (URL, commit, artifact, token) arrives in the
// environment, so no input ever becomes script text, and a token never appears in a manifest
// or in an argv (it is read from the environment by the script itself).

/** The environment both scripts read, beside MLflow's own variables. */
export const CODE_ENV = {
  dest: 'MLENV_CODE_DEST',
  artifact: 'MLENV_CODE_ARTIFACT',
  sha256: 'MLENV_CODE_SHA256',
  gitUrl: 'GIT_URL',
  gitCommit: 'GIT_COMMIT',
  gitUsername: 'GIT_USERNAME',
  gitPassword: 'GIT_PASSWORD',
} as const;

/**
 * Fetches one commit by git. With GIT_PASSWORD set (from a Secret), git asks a credential helper
 * that is a shell function reading the environment, so the token is neither stored in the
 * checkout's config nor passed on a command line. The workspace volume belongs to root while the
 * image runs as its own user: safe.directory, given on the command line, lets git use it.
 */
export const GIT_FETCH_SCRIPT = [
  'set -eu',
  'git init -q "$MLENV_CODE_DEST"',
  "helper=''",
  'if [ -n "${GIT_PASSWORD:-}" ]; then',
  `  helper='!f() { test "$1" = get || exit 0; echo "username=\${GIT_USERNAME:-x-access-token}"; echo "password=\${GIT_PASSWORD}"; }; f'`,
  'fi',
  'if ! git -c safe.directory="$MLENV_CODE_DEST" -c credential.helper= -c credential.helper="$helper" -C "$MLENV_CODE_DEST" fetch -q --depth 1 "$GIT_URL" "$GIT_COMMIT"; then',
  '  if [ -n "${GIT_PASSWORD:-}" ]; then hint="the token in kubernetes.gitCredentials\' Secret may lack read access to it"; else hint="a private repository needs kubernetes.gitCredentials.secretName, a Secret with a read token"; fi',
  '  echo "mlenv code: cannot fetch commit $GIT_COMMIT from $GIT_URL: $hint" >&2',
  '  exit 1',
  'fi',
  'git -c safe.directory="$MLENV_CODE_DEST" -C "$MLENV_CODE_DEST" checkout -q FETCH_HEAD',
  'echo "mlenv code: $GIT_URL at $GIT_COMMIT checked out into $MLENV_CODE_DEST"',
].join('\n');

/**
 * Downloads the run's working-tree archive through the tracking server's artifact proxy, checks
 * its sha256 and unpacks it. Python's standard library only (the runtime image has Python but no
 * promise of curl), with MLflow's own credential variables, as the trainer gets them.
 */
export const FETCH_ARTIFACT_SCRIPT = String.raw`import base64, hashlib, io, json, os, re, sys, tarfile, time
import urllib.error, urllib.parse, urllib.request


def fail(message):
    sys.stderr.write("mlenv code: " + message + "\n")
    sys.exit(1)


env = os.environ
uri = env["MLFLOW_TRACKING_URI"].rstrip("/")
run_id = env["MLFLOW_RUN_ID"]
artifact = env["MLENV_CODE_ARTIFACT"]
expected = env["MLENV_CODE_SHA256"]
dest = env["MLENV_CODE_DEST"]
headers = {}
if env.get("MLFLOW_TRACKING_TOKEN"):
    headers["Authorization"] = "Bearer " + env["MLFLOW_TRACKING_TOKEN"]
elif env.get("MLFLOW_TRACKING_USERNAME"):
    pair = env["MLFLOW_TRACKING_USERNAME"] + ":" + env.get("MLFLOW_TRACKING_PASSWORD", "")
    headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()


def get(url):
    # Transient failures (a restarting server, a proxy) are retried; others fail at once.
    for attempt in range(6):
        try:
            request = urllib.request.Request(url, headers=headers)
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            if error.code not in (429, 500, 502, 503, 504) or attempt == 5:
                body = error.read()[:300].decode("utf-8", "replace")
                fail("GET %s answered HTTP %d: %s" % (url, error.code, body))
        except OSError as error:
            if attempt == 5:
                fail("cannot reach %s: %s" % (url, error))
        time.sleep(2 ** attempt)


query = urllib.parse.urlencode({"run_id": run_id})
run = json.loads(get(uri + "/api/2.0/mlflow/runs/get?" + query))
root = run["run"]["info"].get("artifact_uri") or ""
match = re.match(r"^mlflow-artifacts:(?://[^/]*)?/(.*)$", root)
if not match:
    fail("run %s keeps its artifacts in %s, expected mlflow-artifacts:/ (mlflow server --serve-artifacts)" % (run_id, root))
path = urllib.parse.quote(match.group(1).rstrip("/") + "/" + artifact)
data = get(uri + "/api/2.0/mlflow-artifacts/artifacts/" + path)
digest = hashlib.sha256(data).hexdigest()
if digest != expected:
    fail("%s of run %s has sha256 %s, expected %s" % (artifact, run_id, digest, expected))
os.makedirs(dest, exist_ok=True)
with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
    members = archive.getmembers()
    if hasattr(tarfile, "data_filter"):
        archive.extractall(dest, filter="data")
    else:
        # Pythons before the extraction filters: the same refusals, by hand.
        base = os.path.realpath(dest)
        for member in members:
            target = os.path.realpath(os.path.join(base, member.name))
            inside = target.startswith(base + os.sep)
            if member.issym():
                link = os.path.realpath(os.path.join(os.path.dirname(target), member.linkname))
                inside = inside and (link == base or link.startswith(base + os.sep))
            if not inside or not (member.isfile() or member.issym()):
                fail("refusing %s of %s: expected files and links inside %s" % (member.name, artifact, dest))
        archive.extractall(dest)
print("mlenv code: %d files of %s (sha256 %s) unpacked into %s" % (len(members), artifact, digest[:12], dest))
`;
