#!/usr/bin/env node
// crosscheck_impact.js - stackgap's replacement verdicts next to cdk diff's, per
// changed top-level property (docs/spec.md, "Cross-check against cdk diff").
//
//   node crosscheck_impact.js --prefix DIR --sg STACKGAP --pairs LIST [--examples N]
//
// LIST has one "OLD<TAB>NEW" pair per line. For every resource that has the same
// logical ID and type on both sides, cdk's fullDiff gives each changed property a
// changeImpact (WILL_UPDATE, WILL_REPLACE, MAY_REPLACE, or NO_CHANGE for properties
// its database does not know); `stackgap diff --format json` gives each change an
// impact, reduced here to the highest per top-level property. Prints the counts of
// agreements and of each kind of disagreement, with examples.
'use strict';

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { createRequire } = require('module');

const opts = { prefix: '', sg: '', pairs: '', examples: 5 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--prefix') opts.prefix = argv[++i];
  else if (a === '--sg') opts.sg = argv[++i];
  else if (a === '--pairs') opts.pairs = argv[++i];
  else if (a === '--examples') opts.examples = parseInt(argv[++i], 10);
  else {
    process.stderr.write(`crosscheck_impact.js: unknown argument ${a}\n`);
    process.exit(2);
  }
}
if (!opts.prefix || !opts.sg || !opts.pairs) {
  process.stderr.write('usage: node crosscheck_impact.js --prefix DIR --sg STACKGAP --pairs LIST\n');
  process.exit(2);
}
const req = createRequire(path.join(path.resolve(opts.prefix), 'package.json'));
const cfnDiff = req('@aws-cdk/cloudformation-diff');
const yamlCfn = req('@aws-cdk/yaml-cfn');

function load(file) {
  const text = fs.readFileSync(file, 'utf8');
  return file.endsWith('.json') ? JSON.parse(text) : yamlCfn.deserialize(text);
}

// cdk's verdict names, and stackgap's mapped onto them.
const SG = { update: 'WILL_UPDATE', replace: 'WILL_REPLACE', conditional: 'MAY_REPLACE',
             unknown: 'UNKNOWN' };
const RANK = { update: 1, unknown: 2, conditional: 3, replace: 4 };

const tally = new Map(); // "cdk -> stackgap" -> {n, examples: Map(type.prop -> count)}
let pairs = 0, skipped = 0, compared = 0;
function count(cdk, sg, type, prop) {
  const key = `${cdk} -> ${sg}`;
  if (!tally.has(key)) tally.set(key, { n: 0, where: new Map() });
  const t = tally.get(key);
  t.n++;
  const w = `${type}.${prop}`;
  t.where.set(w, (t.where.get(w) || 0) + 1);
}

for (const line of fs.readFileSync(opts.pairs, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const [oldFile, newFile] = line.split('\t');
  let oldT, newT, sg;
  try {
    oldT = load(oldFile);
    newT = load(newFile);
    const out = (() => {
      try {
        return execFileSync(opts.sg, ['diff', oldFile, newFile, '--format', 'json'],
                            { encoding: 'utf8', maxBuffer: 1 << 28 });
      } catch (e) {
        if (e.status === 1) return e.stdout; // "different" is the usual answer
        throw e;
      }
    })();
    sg = JSON.parse(out);
  } catch (e) {
    skipped++;
    continue;
  }
  let diff;
  try {
    diff = cfnDiff.fullDiff(oldT, newT);
  } catch (e) {
    skipped++;
    continue;
  }
  pairs++;
  // stackgap: highest impact per (logical ID, top-level property), same-ID pairs only.
  const ours = new Map();
  for (const e of sg.entries) {
    if (e.section !== 'Resources' || e.status !== 'modified' || e.match !== 'id') continue;
    if (e.old.type !== e.new.type) continue;
    for (const c of e.changes) {
      if (c.segments[0] !== 'Properties') continue;
      const prop = typeof c.segments[1] === 'string' ? c.segments[1] : '(Properties)';
      const key = `${e.new.id}\u0000${prop}`;
      const prev = ours.get(key);
      if (!prev || RANK[c.impact] > RANK[prev.impact]) ours.set(key, { impact: c.impact, type: e.new.type });
    }
  }
  // cdk: every property diff of resources present on both sides with one type.
  const theirs = new Map();
  diff.resources.forEachDifference((id, rd) => {
    if (!rd.oldValue || !rd.newValue || rd.oldResourceType !== rd.newResourceType) return;
    for (const [prop, pd] of Object.entries(rd.propertyUpdates)) {
      if (!pd.isDifferent) continue;
      theirs.set(`${id}\u0000${prop}`, { impact: pd.changeImpact, type: rd.newResourceType });
    }
  });
  for (const key of new Set([...ours.keys(), ...theirs.keys()])) {
    const o = ours.get(key), t = theirs.get(key);
    const prop = key.split('\u0000')[1];
    const type = (o || t).type;
    compared++;
    count(t ? t.impact : 'no change seen', o ? SG[o.impact] : 'no change seen', type, prop);
  }
}

const rows = [...tally.entries()].sort((a, b) => b[1].n - a[1].n);
console.log(`pairs compared: ${pairs} (skipped: ${skipped}); changed properties: ${compared}`);
console.log('cdk verdict -> stackgap verdict: count  [most frequent type.property]');
let agree = 0;
for (const [key, t] of rows) {
  const [c, s] = key.split(' -> ');
  if (c === s) agree += t.n;
  const ex = [...t.where.entries()].sort((a, b) => b[1] - a[1]).slice(0, opts.examples)
    .map(([w, n]) => `${w} ${n}`).join(', ');
  console.log(`  ${c === s ? ' ' : '!'} ${key}: ${t.n}  [${ex}]`);
}
console.log(`agree: ${agree} of ${compared} (${compared ? (100 * agree / compared).toFixed(1) : 0}%)`);
