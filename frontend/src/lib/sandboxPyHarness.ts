/**
 * The Python harness, run once in Pyodide when the Python worker loads (bundled into the worker).
 *
 * `_sandbox_load(code, name)` executes the candidate module in a fresh namespace and keeps its
 * entry function; `_sandbox_run_case(args_json)` calls it with `*args` and answers JSON:
 * `{"actual", "ms", "stdout"?, "error"?}` or `{"interrupted": true}` after a KeyboardInterrupt
 * (the runner's deadline). Results become JSON values: tuples and sets -> lists, dict keys ->
 * strings, NaN/Infinity -> "NaN"/"Infinity"/"-Infinity", anything else -> its repr().
 * stdout/stderr are captured per test, capped at 200 lines / 8000 characters.
 */
export const PY_HARNESS = String.raw`
import io, json, math, sys, time, traceback

_MAX_LINES = 200
_MAX_CHARS = 8000
_TRUNCATED = "[output truncated]"
_FILENAME = "<solution>"
_state = {"fn": None}
_RECURSION_LIMIT = sys.getrecursionlimit()


class _CappedOut(io.TextIOBase):
    def __init__(self):
        self._parts = []
        self._chars = 0
        self._lines = 0
        self._truncated = False

    def writable(self):
        return True

    def write(self, s):
        s = str(s)
        if self._truncated or not s:
            return len(s)
        if self._lines >= _MAX_LINES:
            self._truncated = True
            return len(s)
        room = _MAX_CHARS - self._chars
        kept = s[:room]
        newlines = kept.count("\n")
        if self._lines + newlines > _MAX_LINES:
            cut = _nth_newline(kept, _MAX_LINES - self._lines)
            kept = kept[:cut]
            self._truncated = True
        if len(kept) < len(s):
            self._truncated = True
        self._parts.append(kept)
        self._chars += len(kept)
        self._lines += kept.count("\n")
        return len(s)

    def getvalue(self):
        text = "".join(self._parts).rstrip("\n")
        if self._truncated:
            text = text + "\n" + _TRUNCATED if text else _TRUNCATED
        return text


def _nth_newline(s, n):
    pos = -1
    for _ in range(max(n, 0)):
        pos = s.find("\n", pos + 1)
        if pos < 0:
            return len(s)
    return pos + 1 if n > 0 else 0


def _to_json(v, path=None, depth=0):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return 0 if v == 0 else v
    if depth > 900:
        return "[Too deep]"
    path = path if path is not None else set()
    if id(v) in path:
        return "[Circular]"
    path.add(id(v))
    try:
        return _container(v, path, depth + 1)
    finally:
        path.discard(id(v))


def _container(v, path, depth):
    if isinstance(v, (list, tuple)):
        return [_to_json(x, path, depth) for x in v]
    if isinstance(v, (set, frozenset)):
        items = [_to_json(x, path, depth) for x in v]
        try:
            return sorted(items)
        except TypeError:
            return items
    if isinstance(v, dict):
        return {_key(k, path, depth): _to_json(x, path, depth) for k, x in v.items()}
    return repr(v)


def _key(k, path, depth):
    if isinstance(k, str):
        return k
    return json.dumps(_to_json(k, path, depth))


def _describe(e):
    text = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
    if isinstance(e, SyntaxError) and e.filename == _FILENAME:
        text = f"SyntaxError: {e.msg}"
        if e.lineno:
            text += f" (line {e.lineno})"
        return text
    lines = [f.lineno for f in traceback.extract_tb(e.__traceback__) if f.filename == _FILENAME]
    if lines:
        text += f" (line {lines[-1]})"
    return text[:2000]


class _Redirect:
    def __init__(self, out):
        self.out = out

    def __enter__(self):
        self.saved = (sys.stdout, sys.stderr, sys.stdin)
        sys.stdout = sys.stderr = self.out
        sys.stdin = io.StringIO("")

    def __exit__(self, *exc):
        sys.stdout, sys.stderr, sys.stdin = self.saved
        return False


def _sandbox_load(code, name):
    _state["fn"] = None
    sys.setrecursionlimit(_RECURSION_LIMIT)
    out = _CappedOut()
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    try:
        with _Redirect(out):
            exec(compile(code, _FILENAME, "exec"), namespace)
    except KeyboardInterrupt:
        return json.dumps({"interrupted": True})
    except BaseException as e:
        return json.dumps({"error": _describe(e), "stdout": out.getvalue()})
    fn = namespace.get(name)
    if not callable(fn):
        return json.dumps({"error": f"NameError: no function named '{name}' was defined", "stdout": out.getvalue()})
    _state["fn"] = fn
    return json.dumps({"ok": True, "stdout": out.getvalue()})


def _sandbox_run_case(args_json):
    args = json.loads(args_json)
    out = _CappedOut()
    start = time.perf_counter()
    report = {}
    try:
        with _Redirect(out):
            result = _state["fn"](*args)
        report["actual"] = _to_json(result)
    except KeyboardInterrupt:
        return json.dumps({"interrupted": True})
    except BaseException as e:
        report["actual"] = None
        report["error"] = _describe(e)
    report["ms"] = round((time.perf_counter() - start) * 1000, 2)
    stdout = out.getvalue()
    if stdout:
        report["stdout"] = stdout
    return json.dumps(report)
`
