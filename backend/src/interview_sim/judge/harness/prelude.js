// The server judge's JavaScript harness, evaluated BEFORE the candidate's code (js_runner.py).
// Everything it uses is captured here, so candidate code that replaces JSON, Array.prototype,
// Object.keys, Function.prototype.call... cannot change how results are read. Values become
// JSON text with the browser's rules (frontend/src/lib/sandboxJson.ts: toJsonSafe).
const __isimJudge = (() => {
  'use strict'
  const apply = Reflect.apply
  const parse = JSON.parse
  const quote = JSON.stringify // only ever called on string primitives (no toJSON lookup)
  const isArray = Array.isArray
  const keys = Object.keys
  const hasOwn = Object.prototype.hasOwnProperty
  const create = Object.create
  const slice = String.prototype.slice
  const numberToString = Number.prototype.toString
  const bigintToString = BigInt.prototype.toString
  const symbolToString = Symbol.prototype.toString
  const isView = ArrayBuffer.isView
  const setForEach = Set.prototype.forEach
  const mapForEach = Map.prototype.forEach
  const dateTime = Date.prototype.getTime
  const dateIso = Date.prototype.toISOString
  const regexpToString = RegExp.prototype.toString
  const isNaN_ = Number.isNaN
  const PromiseCtor = Promise
  const promiseThen = Promise.prototype.then
  const FunctionCtor = Function
  const SetCtor = Set, MapCtor = Map, DateCtor = Date, ErrorCtor = Error, RegExpCtor = RegExp, DataViewCtor = DataView
  const instanceOf = (v, C) => { try { return v instanceof C } catch { return false } }
  const MAX_DEPTH = 1000
  const MAX_LOG_CHARS = 8000
  const MAX_LOG_LINES = 200
  const IDENTIFIER = /^[A-Za-z_$][\w$]*$/
  const regexpExec = RegExp.prototype.exec
  let fn = null
  let log = { text: '', lines: 0, truncated: false }
  let prepared = null
  let preparedJson = 'null'

  const str = (v) => { try { return '' + v } catch { return '[unprintable]' } }
  function num(n) {
    if (isNaN_(n)) return quote('NaN')
    if (n === Infinity) return quote('Infinity')
    if (n === -Infinity) return quote('-Infinity')
    return n === 0 ? '0' : apply(numberToString, n, [])
  }
  function encode(v, path, depth) {
    switch (typeof v) {
      case 'undefined': return 'null'
      case 'number': return num(v)
      case 'bigint': return quote(apply(bigintToString, v, []) + 'n')
      case 'function': return quote('[Function: ' + (str(v.name) || '(anonymous)') + ']')
      case 'symbol': return quote(apply(symbolToString, v, []))
      case 'string': return quote(v)
      case 'boolean': return v ? 'true' : 'false'
    }
    if (v === null) return 'null'
    if (depth >= MAX_DEPTH) return quote('[Too deep]')
    for (let i = 0; i < path.length; i++) if (path[i] === v) return quote('[Circular]')
    path[path.length] = v
    try { return container(v, path, depth + 1) } catch { return quote('[Unserializable]') } finally { path.length -= 1 }
  }
  function list(items, path, depth) {
    let out = '['
    for (let i = 0; i < items.length; i++) out += (i ? ',' : '') + encode(items[i], path, depth)
    return out + ']'
  }
  function container(v, path, depth) {
    if (isArray(v)) { const a = []; for (let i = 0; i < v.length; i++) a[i] = v[i]; return list(a, path, depth) }
    if (isView(v)) {
      if (instanceOf(v, DataViewCtor)) return quote('[DataView]')
      const a = []; for (let i = 0; i < v.length; i++) a[i] = v[i]; return list(a, path, depth)
    }
    if (instanceOf(v, SetCtor)) { const a = []; apply(setForEach, v, [(x) => { a[a.length] = x }]); return list(a, path, depth) }
    if (instanceOf(v, MapCtor)) return mapObject(v, path, depth)
    if (instanceOf(v, DateCtor)) return isNaN_(apply(dateTime, v, [])) ? 'null' : quote(apply(dateIso, v, []))
    if (instanceOf(v, ErrorCtor)) return quote(str(v.name) + ': ' + str(v.message))
    if (instanceOf(v, RegExpCtor)) return quote(apply(regexpToString, v, []))
    const ks = keys(v)
    let out = '{'
    for (let i = 0; i < ks.length; i++) out += (i ? ',' : '') + quote(ks[i]) + ':' + encode(v[ks[i]], path, depth)
    return out + '}'
  }
  function mapObject(m, path, depth) {
    const entries = create(null)
    const order = []
    apply(mapForEach, m, [(val, k) => {
      const key = typeof k === 'string' ? k : encode(k, path, depth)
      if (!apply(hasOwn, entries, [key])) order[order.length] = key
      entries[key] = encode(val, path, depth)
    }])
    let out = '{'
    for (let i = 0; i < order.length; i++) out += (i ? ',' : '') + quote(order[i]) + ':' + entries[order[i]]
    return out + '}'
  }
  function write(args) {
    if (log.truncated) return
    let line = ''
    for (let i = 0; i < args.length; i++) line += (i ? ' ' : '') + (typeof args[i] === 'string' ? args[i] : encode(args[i], [], 0))
    if (log.lines >= MAX_LOG_LINES || log.text.length + line.length + 1 > MAX_LOG_CHARS) {
      log.truncated = true
      return
    }
    log.text += line + '\n'
    log.lines += 1
  }
  const fakeConsole = Object.freeze({
    log: (...a) => write(a), info: (...a) => write(a), warn: (...a) => write(a),
    error: (...a) => write(a), debug: (...a) => write(a),
  })
  function takeLog() {
    let text = log.text
    if (text[text.length - 1] === '\n') text = apply(slice, text, [0, text.length - 1])
    if (log.truncated) text = text ? text + '\n[output truncated]' : '[output truncated]'
    log = { text: '', lines: 0, truncated: false }
    return text
  }
  function describe(err) {
    if (instanceOf(err, ErrorCtor)) {
      return { error: apply(slice, str(err.name) + ': ' + str(err.message), [0, 2000]), kind: str(err.name) }
    }
    return { error: apply(slice, 'Uncaught ' + encode(err, [], 0), [0, 2000]), kind: 'Uncaught' }
  }
  function report(fields) {
    let out = '{'
    const ks = keys(fields)
    for (let i = 0; i < ks.length; i++) {
      const v = fields[ks[i]]
      out += (i ? ',' : '') + quote(ks[i]) + ':' + (ks[i] === 'actual' ? v : quote(v))
    }
    return out + '}'
  }
  return Object.freeze({
    load(code, name) {
      if (!apply(regexpExec, IDENTIFIER, [name])) return report({ error: 'TypeError: invalid function name', kind: 'TypeError' })
      try {
        const body = code + "\n;return typeof " + name + " === 'undefined' ? undefined : " + name + ';'
        fn = apply(new FunctionCtor('console', body), undefined, [fakeConsole])
      } catch (err) {
        const d = describe(err)
        return report({ error: d.error, kind: d.kind, stdout: takeLog() })
      }
      if (typeof fn !== 'function') return report({ error: "ReferenceError: No function named '" + name + "' was defined", kind: 'ReferenceError' })
      return report({ ok: 'yes', stdout: takeLog() })
    },
    run() {
      const failed = (err) => { const d = describe(err); return report({ error: d.error, kind: d.kind, stdout: takeLog() }) }
      const done = (value) => report({ actual: encode(value, [], 0), stdout: takeLog() })
      try {
        const args = prepared
        prepared = null
        const value = apply(fn, undefined, args)
        if (instanceOf(value, PromiseCtor)) return apply(promiseThen, value, [done, failed])
        return done(value)
      } catch (err) {
        return failed(err)
      }
    },
    prepare(argsJson) { prepared = parse(argsJson); preparedJson = argsJson },
    // Whether the calls so far changed their arguments (a batch on one argument list would then
    // time the function on its own output: number-of-islands sinks the grid it is given).
    mutated() { return encode(prepared, new SetCtor(), 0) !== encode(parse(preparedJson), new SetCtor(), 0) },
    repeat(times) {
      for (let i = 0; i < times; i++) apply(fn, undefined, prepared)
      takeLog()
    },
  })
})();
