// Runs one question's JavaScript code against its tests, the way the browser sandbox does.
//
// stdin:  {"code": "...defines function solution...", "tests": [{"args": [...], "expected": ...}],
//          "function_name": "solution" (optional), "timeout_ms": 2000 (optional, per test)}
//         a test may carry its own "timeout_ms"; each result has the call's "ms"
// stdout: {"load_error": null | "message",
//          "results": [{"index": 0, "returned": true, "actual": <json>, "error": null | "message"}]}
// A JSON array of such jobs is answered with an array of results, each job in its own context
// (one process for a question's solution and starter saves Node's start-up time).
//
// Each call gets fresh copies of its arguments (JSON data, so a JSON round trip is a structured
// clone). `returned` is false when the call threw or returned `undefined`; after a timeout the
// remaining tests are reported as skipped. The caller (pytest) compares `actual` with
// `expected`, so both languages share one equality.
import vm from "node:vm";

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (c) => chunks.push(c));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

function message(err) {
  return err instanceof Error || (err && typeof err.message === "string")
    ? `${err.name}: ${err.message}`
    : String(err);
}

const CALL = `(() => {
  const __r = globalThis.__solution(...JSON.parse(__args));
  return JSON.stringify({ u: __r === undefined, v: __r === undefined ? null : __r });
})()`;

function runTest(context, test, index, timeout) {
  context.__args = JSON.stringify(test.args);
  const start = performance.now();
  const ms = () => performance.now() - start;
  try {
    const out = JSON.parse(vm.runInContext(CALL, context, { timeout: test.timeout_ms || timeout }));
    return { index, returned: !out.u, actual: out.v, error: null, ms: ms() };
  } catch (err) {
    return { index, returned: false, actual: null, error: message(err), ms: ms() };
  }
}

function runJob(job) {
  const fnName = job.function_name || "solution";
  const timeout = job.timeout_ms || 2000;
  const context = vm.createContext({ console: { log() {}, error() {}, warn() {}, info() {} } });
  try {
    // A script's top-level `const`/`let` are not globals, so export the function explicitly.
    const exportFn = `\n;globalThis.__solution = typeof ${fnName} === "function" ? ${fnName} : undefined;\n`;
    vm.runInContext(job.code + exportFn, context, { timeout, filename: "solution.js" });
    if (typeof context.__solution !== "function") throw new Error(`${fnName} is not defined`);
  } catch (err) {
    return { load_error: message(err), results: [] };
  }
  const results = [];
  let timedOut = false;
  job.tests.forEach((t, i) => {
    // After one timeout the rest would only time out too: report them without running.
    if (timedOut) return results.push({ index: i, returned: false, actual: null, error: "skipped" });
    const r = runTest(context, t, i, timeout);
    timedOut = r.error !== null && r.error.includes("timed out");
    results.push(r);
  });
  return { load_error: null, results };
}

async function main() {
  const input = JSON.parse(await readStdin());
  const output = Array.isArray(input) ? input.map(runJob) : runJob(input);
  process.stdout.write(JSON.stringify(output));
}

main().catch((err) => {
  process.stderr.write(message(err) + "\n");
  process.exit(1);
});
