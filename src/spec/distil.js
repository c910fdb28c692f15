#!/usr/bin/env node
// distil.js DB.json.gz PACKAGE VERSION PUBLISHED > cfnspec.txt
// Distils @aws-cdk/aws-service-spec's database (the CloudFormation registry schemas
// as cdk reads them) into the compact, sorted, line-oriented file that stackgap
// embeds (format: docs/spec.md). Only what stackgap checks is kept: names,
// required, update behaviour, shape, attributes.
'use strict';
const fs = require('fs');
const zlib = require('zlib');
const [dbPath, pkg, version, published] = process.argv.slice(2);
const db = JSON.parse(zlib.gunzipSync(fs.readFileSync(dbPath)));
const S = db.schema;
const DOCS = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/';
// Entities are stored in an array-like object: index them by $id.
const typeDefs = {};
for (const d of Object.values(S.typeDefinition.entities)) typeDefs[d.$id] = d;

const PRIM = { string: 's', integer: 'i', number: 'd', boolean: 'b', 'date-time': 't', json: 'j' };
// Shape: a primitive letter, @Struct, [item (list), {item (map)}, or * (a union,
// or a property whose type changed: either is accepted, so neither is checked).
function shape(t) {
  if (t.type in PRIM) return PRIM[t.type];
  if (t.type === 'tag') return '@Tag';
  if (t.type === 'ref') {
    const d = typeDefs[t.reference.$ref];
    return d ? '@' + d.name : '*'; // a few references dangle in the database

  }
  if (t.type === 'array' || t.type === 'map') {
    const item = shape(t.element);
    if (item[0] === '[' || item[0] === '{') return (t.type === 'array' ? '[' : '{') + '*';
    return (t.type === 'array' ? '[' : '{') + item;
  }
  if (t.type === 'union') return '*';
  throw new Error('unknown type ' + JSON.stringify(t));
}
function propShape(p) {
  return p.previousTypes && p.previousTypes.length ? '*' : shape(p.type);
}
const UPD = { yes: 'I', maybe: 'C' };
function noTab(s) {
  if (/[\t\n\r]/.test(s)) throw new Error('tab or newline in ' + JSON.stringify(s));
  return s;
}
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0); // byte order, as strcmp
const counts = { props: 0, attrs: 0, structs: 0 };

// Blocks: each resource type (R), then its property types (S, named relative to
// it: ".Rule"), each followed by its properties (P) and attributes (A). Tag, the
// one global property type, comes first. Doc links follow AWS's page names and
// are derived by the reader, so no page or anchor field is written.
function block(kind, name, props, attrs, body) {
  body.push(kind + '\t' + noTab(name));
  for (const pn of Object.keys(props).sort(cmp)) {
    const p = props[pn];
    const flags = (p.required ? 'r' : '-') + (UPD[p.causesReplacement] || 'M');
    body.push('P\t' + noTab(pn) + '\t' + flags + '\t' + propShape(p));
    counts.props++;
  }
  for (const an of Object.keys(attrs || {}).sort(cmp)) {
    body.push('A\t' + noTab(an) + '\t' + shape(attrs[an].type));
    counts.attrs++;
  }
}
// The property types a resource type reaches through its properties, transitively.
function usedTypes(r) {
  const seen = new Map();
  const visit = (t) => {
    if (t.type === 'ref' && !seen.has(t.reference.$ref)) {
      const d = typeDefs[t.reference.$ref];
      seen.set(t.reference.$ref, d);
      for (const p of Object.values(d ? d.properties : {})) visit(p.type);
    }
    if (t.element) visit(t.element);
    for (const u of t.types || []) visit(u);
  };
  for (const p of Object.values(r.properties)) visit(p.type);
  return [...seen.values()].filter(Boolean);
}
const body = [];
body.push('S\tTag');
body.push('P\tKey\trM\ts');
body.push('P\tValue\trM\ts');
const resources = Object.values(S.resource.entities).sort((a, b) =>
  cmp(a.cloudFormationType, b.cloudFormationType));
for (const r of resources) {
  block('R', r.cloudFormationType, r.properties, r.attributes, body);
  // A resource can use two definitions of one name (from different parts of its
  // schema): they are merged, and a property they type differently is not checked.
  const byName = new Map();
  for (const d of usedTypes(r)) {
    const props = byName.get(d.name) || {};
    for (const [pn, p] of Object.entries(d.properties)) {
      if (props[pn] && propShape(props[pn]) !== propShape(p))
        props[pn] = { ...p, required: false, type: { type: 'union', types: [] } };
      else if (props[pn]) props[pn] = { ...p, required: props[pn].required && p.required };
      else props[pn] = p;
    }
    byName.set(d.name, props);
  }
  for (const name of [...byName.keys()].sort(cmp)) {
    block('S', '.' + name, byName.get(name), null, body);
    counts.structs++;
  }
}
const head = [
  '# stackgap CloudFormation resource specification, distilled by src/spec/refresh.sh',
  '# Format: docs/spec.md. Do not edit by hand.',
  ['V', pkg, version, 'registry schemas', published].join('\t'),
  'D\t' + DOCS,
];
process.stdout.write(head.concat(body).join('\n') + '\n');
process.stderr.write(`distil: ${resources.length} resource types, ${counts.structs + 1} property ` +
  `types, ${counts.props} properties, ${counts.attrs} attributes\n`);
