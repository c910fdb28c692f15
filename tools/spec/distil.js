#!/usr/bin/env node
// distil.js SPEC.json PACKAGE VERSION PUBLISHED > cfnspec.txt
// Distils the CloudFormation resource specification into the compact, sorted,
// line-oriented file that stackgap embeds (format: docs/spec.md). Only what
// stackgap checks is kept: names, required, update type, shape, doc anchors, attributes.
'use strict';
const fs = require('fs');
const [specPath, pkg, version, published] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
const DOCS = 'http://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/';

const PRIM = { String: 's', Integer: 'i', Long: 'l', Double: 'd', Boolean: 'b',
               Timestamp: 't', Json: 'j' };
function prim(p) {
  if (!(p in PRIM)) throw new Error('unknown primitive ' + p);
  return PRIM[p];
}
// Shape: a primitive letter, @Struct, [item (list), {item (map)}, or * (a union
// type the spec lists several types for: not checked).
function shape(p) {
  if (p.PrimitiveTypes || p.Types || p.PrimitiveItemTypes || p.InclusiveItemTypes) return '*';
  if (p.PrimitiveType) return prim(p.PrimitiveType);
  if (p.Type === 'List' || p.Type === 'Map') {
    const open = p.Type === 'List' ? '[' : '{';
    if (p.PrimitiveItemType) return open + prim(p.PrimitiveItemType);
    if (p.ItemType) return open + '@' + p.ItemType;
    return open + '*';
  }
  if (p.Type) return '@' + p.Type;
  return '*';
}
const UPD = { Mutable: 'M', Immutable: 'I', Conditional: 'C' };
function noTab(s) {
  if (/[\t\n\r]/.test(s)) throw new Error('tab or newline in ' + JSON.stringify(s));
  return s;
}
// Doc links: the page (prefix and .html stripped) once per type; each property's
// anchor is left empty when it is the type's most common prefix + lowercase name.
function page(url) {
  if (!url) return '';
  let u = url.split('#')[0];
  // Links elsewhere (SAM's) are kept whole; a reader tells them by their scheme.
  if (!u.startsWith(DOCS)) return url;
  u = u.slice(DOCS.length);
  return u.endsWith('.html') ? u.slice(0, -5) : u;
}
function anchors(props) {
  const counts = new Map();
  for (const [name, p] of Object.entries(props)) {
    const a = (p.Documentation || '').split('#')[1] || '';
    const low = name.toLowerCase();
    if (a.endsWith(low)) {
      const pre = a.slice(0, a.length - low.length);
      counts.set(pre, (counts.get(pre) || 0) + 1);
    }
  }
  let best = '', n = 0;
  for (const [pre, c] of counts) if (c > n || (c === n && pre < best)) { best = pre; n = c; }
  return best;
}
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);  // byte order, as strcmp

const out = [];
out.push('# stackgap CloudFormation resource specification, distilled by tools/spec/refresh.sh');
out.push('# Format: docs/spec.md. Do not edit by hand.');
// Blocks: each resource type (R), then its property types (S, named relative to it:
// ".Rule"), each followed by its properties (P) and attributes (A). Property types
// that belong to no resource type (Tag) come first, with their full names.
function block(kind, name, full, t, body) {
  const props = t.Properties || {};
  const stem = full.replace(/^AWS::/, '').replace(/::|\./g, '-').toLowerCase();
  const defPre = 'cfn-' + stem + '-';
  const pre = anchors(props) || defPre;
  // A property type without Properties is an alias of a shape (e.g. a list of Tag).
  const alias = kind === 'S' && !t.Properties ? shape(t) : '';
  // Page and anchor prefix are left empty when they follow AWS's naming scheme.
  const pg = page(t.Documentation);
  const defPage = (kind === 'R' ? 'aws-resource-' : 'aws-properties-') + stem;
  body.push(line([kind, noTab(name), pg === defPage ? '' : pg, pre === defPre ? '' : pre, alias]));
  for (const pn of Object.keys(props).sort(cmp)) {
    const p = props[pn];
    // A property documented on another page than its type keeps its whole link.
    const pd = p.Documentation || '', td = t.Documentation || '';
    const samePage = pd.includes('#') && td.startsWith(DOCS) && pd.split('#')[0] === td.split('#')[0];
    const a = samePage ? pd.split('#')[1] : pd;
    const flags = (p.Required ? 'r' : '-') + (UPD[p.UpdateType] || '-');
    body.push(line(['P', noTab(pn), flags, shape(p), a === pre + pn.toLowerCase() ? '' : a]));
    counts.props++;
  }
  const attrs = t.Attributes || {};
  for (const an of Object.keys(attrs).sort(cmp)) {
    body.push(line(['A', noTab(an), shape(attrs[an])]));
    counts.attrs++;
  }
}
// Trailing empty fields are dropped.
function line(fields) {
  while (fields.length > 2 && fields[fields.length - 1] === '') fields.pop();
  return fields.join('\t');
}
const counts = { props: 0, attrs: 0 };
const body = [];
const byResource = new Map();
for (const name of Object.keys(spec.PropertyTypes).sort(cmp)) {
  const dot = name.indexOf('.');
  const owner = dot < 0 ? null : name.slice(0, dot);
  if (owner && spec.ResourceTypes[owner]) {
    if (!byResource.has(owner)) byResource.set(owner, []);
    byResource.get(owner).push(name);
  } else {
    block('S', name, name, spec.PropertyTypes[name], body);
  }
}
for (const name of Object.keys(spec.ResourceTypes).sort(cmp)) {
  block('R', name, name, spec.ResourceTypes[name], body);
  for (const s of byResource.get(name) || [])
    block('S', s.slice(name.length), s, spec.PropertyTypes[s], body);
}
out.push(['V', pkg, version, spec.ResourceSpecificationVersion, published].join('\t'));
out.push('D\t' + DOCS);
process.stdout.write(out.concat(body).join('\n') + '\n');
process.stderr.write(`distil: ${Object.keys(spec.ResourceTypes).length} resource types, ` +
  `${Object.keys(spec.PropertyTypes).length} property types, ${counts.props} properties, ${counts.attrs} attributes\n`);
