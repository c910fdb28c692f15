#!/usr/bin/env node
// cdk_diff.js - times @aws-cdk/cloudformation-diff, the engine behind `cdk diff`,
// on the same template pairs as stackgap (see bench/compare_cdk.sh and
// docs/performance.md).  The npm packages are not a dependency of stackgap:
// compare_cdk.sh installs them into the build tree (BUILD/cdkdiff) and passes
// that folder as --prefix.
//
//   node cdk_diff.js --prefix DIR [--format] OLD NEW
//       one pair in this (fresh) process: prints one JSON line with the time
//       to load the package, to load both templates, fullDiff, formatting,
//       and the process's peak RSS.  Run it under bench_exec to time the whole
//       process, node's start-up included.
//   node cdk_diff.js --prefix DIR --pairs LIST [--runs N] [--format]
//       warm: every pair of LIST ("OLD<TAB>NEW" per line) read into memory,
//       one untimed pass to warm the JIT, then N timed passes; prints one JSON
//       line with the median pass, pairs/s, per-pair percentiles, peak RSS.
//   node cdk_diff.js --prefix DIR --check LIST
//       prints the lines of LIST whose templates parse and diff without an
//       exception (the reason for every other line goes to stderr).
//   node cdk_diff.js --prefix DIR --spec
//       times loadAwsServiceSpecSync(), the resource database fullDiff loads
//       lazily on the first changed resource of a process.
//
// Each timed pair is: parse both texts, fullDiff(old, new) and, with --format,
// formatDifferences() into a stream that only counts bytes (what `cdk diff`
// prints).  Parsing: .json files with JSON.parse (the fastest path; the cdk
// CLI reads the deployed template with its YAML loader even when it is JSON,
// which is slower); .yml/.yaml/.template with @aws-cdk/yaml-cfn's deserialize,
// the CloudFormation-flavoured YAML loader (short tags !Ref, !GetAtt, !Sub ...)
// the cdk CLI uses.
'use strict';

const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const T_START = performance.now();

function usage(msg) {
  if (msg) process.stderr.write(`cdk_diff.js: ${msg}\n`);
  process.stderr.write(
    'usage: node cdk_diff.js --prefix DIR [--format] OLD NEW\n' +
    '       node cdk_diff.js --prefix DIR --pairs LIST [--runs N] [--format]\n' +
    '       node cdk_diff.js --prefix DIR --check LIST\n');
  process.exit(2);
}

const opts = { prefix: process.env.CDKDIFF_PREFIX || '', format: false, runs: 5, pairs: '', check: '', spec: false, files: [] };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--prefix' && i + 1 < argv.length) opts.prefix = argv[++i];
  else if (a === '--format') opts.format = true;
  else if (a === '--runs' && i + 1 < argv.length) opts.runs = parseInt(argv[++i], 10);
  else if (a === '--pairs' && i + 1 < argv.length) opts.pairs = argv[++i];
  else if (a === '--check' && i + 1 < argv.length) opts.check = argv[++i];
  else if (a === '--spec') opts.spec = true;
  else if (a.startsWith('-')) usage(`unknown option ${a}`);
  else opts.files.push(a);
}
if (!opts.prefix) usage('--prefix DIR (the npm prefix holding node_modules) is required');
if (!(opts.runs >= 1)) usage('--runs wants a positive number');
if (!opts.pairs && !opts.check && !opts.spec && opts.files.length !== 2) usage('want OLD NEW, --pairs LIST, --check LIST or --spec');

// yaml-cfn warns on tags it does not know (!Contains in Rules, ...) through
// process warnings: count them instead of printing one line per template.
let yamlWarnings = 0;
process.removeAllListeners('warning');
process.on('warning', () => { yamlWarnings++; });

// Load the engine from the build tree's node_modules, and time it: that is
// part of what a fresh `cdk diff` process pays.
const req = createRequire(path.resolve(opts.prefix, 'package.json'));
const T_REQ0 = performance.now();
const cfnDiff = req('@aws-cdk/cloudformation-diff');
const yamlCfn = req('@aws-cdk/yaml-cfn');
const T_REQ1 = performance.now();

function isJsonPath(p) {
  return p.toLowerCase().endsWith('.json');
}

function parseTemplate(file, text) {
  const t = isJsonPath(file) ? JSON.parse(text) : yamlCfn.deserialize(text);
  if (t === null || typeof t !== 'object' || Array.isArray(t)) throw new Error(`${file}: not a mapping`);
  return t;
}

// What `cdk diff` writes, counted and thrown away.
function sink() {
  const s = { bytes: 0, columns: 120, write(chunk) { s.bytes += chunk.length; return true; } };
  return s;
}

function peakRssMb() {
  return (process.resourceUsage().maxRSS * 1024) / 1e6; // maxRSS is in KiB
}

function median(v) { return pct(v, 0.5); }
function pct(v, p) {
  if (!v.length) return 0;
  const s = [...v].sort((a, b) => a - b);
  return s[Math.round(p * (s.length - 1))];
}
const r1 = (x) => Math.round(x * 10) / 10;
const r3 = (x) => Math.round(x * 1000) / 1000;

function readPairs(list) {
  const out = [];
  for (const line of fs.readFileSync(list, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [oldPath, newPath] = line.split('\t');
    if (!newPath) throw new Error(`${list}: want OLD<TAB>NEW, got: ${line}`);
    out.push({ line, oldPath, newPath });
  }
  return out;
}

// One pair: parse, fullDiff, maybe format.  Returns the phase times in ms.
function diffPair(p) {
  const t0 = performance.now();
  const oldT = parseTemplate(p.oldPath, p.oldText);
  const newT = parseTemplate(p.newPath, p.newText);
  const t1 = performance.now();
  const d = cfnDiff.fullDiff(oldT, newT);
  const t2 = performance.now();
  let bytes = 0;
  if (opts.format) {
    const s = sink();
    cfnDiff.formatDifferences(s, d);
    bytes = s.bytes;
  }
  const t3 = performance.now();
  return { load: t1 - t0, diff: t2 - t1, format: t3 - t2, total: t3 - t0, changes: d.differenceCount, bytes };
}

if (opts.spec) {
  const t0 = performance.now();
  const db = req('@aws-cdk/aws-service-spec').loadAwsServiceSpecSync();
  const t1 = performance.now();
  const n = db.all('resource').length;
  process.stdout.write(JSON.stringify({ tool: 'cdk', mode: 'spec', spec_load_ms: r1(t1 - t0), resource_types: n,
    peak_rss_mb: r1(peakRssMb()) }) + '\n');
} else if (opts.check) {
  let ok = 0, bad = 0;
  for (const p of readPairs(opts.check)) {
    try {
      p.oldText = fs.readFileSync(p.oldPath, 'utf8');
      p.newText = fs.readFileSync(p.newPath, 'utf8');
      diffPair(p);
      process.stdout.write(p.line + '\n');
      ok++;
    } catch (e) {
      process.stderr.write(`cdk_diff.js: skipped ${p.oldPath}: ${String(e.message).split('\n')[0]}\n`);
      bad++;
    }
  }
  process.stderr.write(`cdk_diff.js: ${ok} pairs usable, ${bad} skipped\n`);
} else if (opts.pairs) {
  const pairs = readPairs(opts.pairs);
  let bytes = 0;
  for (const p of pairs) {
    p.oldText = fs.readFileSync(p.oldPath, 'utf8');
    p.newText = fs.readFileSync(p.newPath, 'utf8');
    bytes += Buffer.byteLength(p.oldText) + Buffer.byteLength(p.newText);
  }
  const passes = [], cpus = [], phases = { load: [], diff: [], format: [] };
  const perPair = pairs.map(() => []);
  let failed = 0;
  for (let run = -1; run < opts.runs; run++) { // run -1: warm-up, untimed
    const sum = { load: 0, diff: 0, format: 0 };
    const c0 = process.cpuUsage();
    const p0 = performance.now();
    pairs.forEach((p, i) => {
      const t0 = performance.now();
      try {
        const r = diffPair(p);
        sum.load += r.load; sum.diff += r.diff; sum.format += r.format;
      } catch (e) { if (run < 0) failed++; }
      if (run >= 0) perPair[i].push((performance.now() - t0) * 1e3);
    });
    if (run >= 0) {
      passes.push(performance.now() - p0);
      const c = process.cpuUsage(c0); // all of node's threads: GC helpers too
      cpus.push((c.user + c.system) / 1e3);
      for (const k in sum) phases[k].push(sum[k]);
    }
  }
  const pairMed = perPair.map(median);
  const pass = median(passes);
  process.stdout.write(JSON.stringify({
    tool: 'cdk', mode: 'warm', format: opts.format, pairs: pairs.length, failed, input_mb: r3(bytes / 1e6), runs: opts.runs,
    pass_ms: r1(pass), pass_min_ms: r1(Math.min(...passes)), pass_max_ms: r1(Math.max(...passes)),
    pairs_per_s: r1(pairs.length / (pass / 1e3)),
    cpu_ms: r1(median(cpus)), cpu_pairs_per_s: r1(pairs.length / (median(cpus) / 1e3)),
    parse_ms: r1(median(phases.load)), diff_ms: r1(median(phases.diff)), format_ms: r1(median(phases.format)),
    pair_us_median: Math.round(pct(pairMed, 0.5)), pair_us_p95: Math.round(pct(pairMed, 0.95)),
    pair_us_max: Math.round(Math.max(...pairMed)),
    require_ms: r1(T_REQ1 - T_REQ0), peak_rss_mb: r1(peakRssMb()), yaml_warnings: yamlWarnings,
  }) + '\n');
} else {
  const p = { oldPath: opts.files[0], newPath: opts.files[1] };
  const t0 = performance.now();
  p.oldText = fs.readFileSync(p.oldPath, 'utf8');
  p.newText = fs.readFileSync(p.newPath, 'utf8');
  const read = performance.now() - t0;
  const r = diffPair(p);
  process.stdout.write(JSON.stringify({
    tool: 'cdk', mode: 'single', format: opts.format, old: p.oldPath, new: p.newPath,
    script_start_ms: r1(T_START), // since node's time origin: node's own start-up
    require_ms: r1(T_REQ1 - T_REQ0), read_ms: r1(read), parse_ms: r1(r.load), diff_ms: r1(r.diff),
    format_ms: r1(r.format), total_ms: r1(performance.now() - T_START), changes: r.changes,
    output_bytes: r.bytes, peak_rss_mb: r1(peakRssMb()),
  }) + '\n');
}
