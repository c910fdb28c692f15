#!/usr/bin/env python3
"""Validates stackgap's machine outputs against docs/schema/ (docs/formats.md).

usage: validate.py STACKGAP SOURCE_DIR WORK_DIR [CORPUS_DIR]

JSON Schema: every reports/*.json, the diff JSON of every golden pair, check
JSON of the golden and example templates, a batch summary.json (with one
failed task) and, with CORPUS_DIR, 50 corpus tasks.  SARIF against
sarif-subset.schema.json plus the cross-references a schema cannot express
(ruleIndex, unique fingerprints, level = severity).  JUnit: well-formed XML
and counts that add up.  Before any of that it checks that each validator
rejects a deliberately broken document, so the test cannot pass vacuously.
"""
import copy
import glob
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import jsonschema

STACKGAP, SRC, WORK = (os.path.abspath(p) for p in sys.argv[1:4])
CORPUS = sys.argv[4] if len(sys.argv) > 4 else None
SCHEMA_DIR = os.path.join(SRC, "docs", "schema")
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}

schemas = {}
for path in glob.glob(os.path.join(SCHEMA_DIR, "*.schema.json")):
    with open(path, encoding="utf-8") as f:
        s = json.load(f)
    jsonschema.Draft202012Validator.check_schema(s)
    schemas[os.path.basename(path)] = s


def validator(name):
    """A validator for docs/schema/NAME that resolves refs to its siblings."""
    s = schemas[name]
    try:  # jsonschema >= 4.18
        from referencing import Registry, Resource

        reg = Registry().with_resources(
            (x["$id"], Resource.from_contents(x)) for x in schemas.values())
        return jsonschema.Draft202012Validator(s, registry=reg)
    except ImportError:  # Debian 12: jsonschema 4.10
        store = {x["$id"]: x for x in schemas.values()}
        resolver = jsonschema.RefResolver(s["$id"], s, store=store)
        return jsonschema.Draft202012Validator(s, resolver=resolver)


V = {k: validator(k + ".schema.json")
     for k in ("diff-v1", "report-v1", "check-v1", "batch-v1", "sarif-subset")}
errors = []
counts = {}


def schema_errors(kind, doc):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in V[kind].iter_errors(doc)]


def sarif_errors(doc):
    errs = schema_errors("sarif-subset", doc)
    if errs:
        return errs
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    if ids != sorted(set(ids)):
        errs.append("rule ids not unique and sorted")
    prints = set()
    for i, r in enumerate(run["results"]):
        if r["ruleIndex"] >= len(rules) or rules[r["ruleIndex"]]["id"] != r["ruleId"]:
            errs.append(f"results/{i}: ruleIndex does not name ruleId {r['ruleId']}")
        sev = r.get("properties", {}).get("severity")
        if LEVEL.get(sev) != r["level"]:
            errs.append(f"results/{i}: level {r['level']} for severity {sev}")
        fp = json.dumps(r["partialFingerprints"], sort_keys=True)
        if fp in prints:
            errs.append(f"results/{i}: duplicate partialFingerprints {fp}")
        prints.add(fp)
    if len(set(r["ruleId"] for r in run["results"])) != len(rules):
        errs.append("rules[] lists ids no result uses")
    return errs


def junit_errors(text):
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as e:
        return [f"not well-formed XML: {e}"]
    errs = []
    if root.tag != "testsuites":
        return [f"root is <{root.tag}>, not <testsuites>"]
    total = {"tests": 0, "failures": 0, "skipped": 0}
    for suite in root:
        if suite.tag != "testsuite" or not suite.get("name"):
            errs.append(f"<{suite.tag}> without a name under <testsuites>")
            continue
        cases = [c for c in suite if c.tag == "testcase"]
        got = {"tests": len(cases),
               "failures": sum(1 for c in cases if c.find("failure") is not None),
               "skipped": sum(1 for c in cases if c.find("skipped") is not None)}
        for k, v in got.items():
            if suite.get(k) != str(v):
                errs.append(f"suite {suite.get('name')}: {k}={suite.get(k)}, counted {v}")
            total[k] += v
        for c in cases:
            if not c.get("name") or not c.get("classname") or not c.get("file"):
                errs.append(f"suite {suite.get('name')}: testcase without name/classname/file")
            if c.get("line") is not None and int(c.get("line")) < 1:
                errs.append(f"testcase {c.get('name')}: line {c.get('line')}")
            f = c.find("failure")
            if f is not None and (not f.get("message") or not f.get("type")):
                errs.append(f"testcase {c.get('name')}: failure without message/type")
    for k, v in total.items():
        if root.get(k) != str(v):
            errs.append(f"testsuites: {k}={root.get(k)}, counted {v}")
    return errs


def check(kind, label, doc):
    """Records the errors of doc (parsed JSON, or XML text for junit)."""
    if kind == "sarif":
        errs = sarif_errors(doc)
    elif kind == "junit":
        errs = junit_errors(doc)
    else:
        errs = schema_errors(kind, doc)
    counts[kind] = counts.get(kind, 0) + 1
    for e in errs[:5]:
        errors.append(f"{label}: {kind}: {e}")


def run(args, cwd=None, ok=(0, 1)):
    p = subprocess.run([STACKGAP] + args, cwd=cwd, capture_output=True, text=True)
    if p.returncode not in ok:
        errors.append(f"stackgap {' '.join(args)}: exit {p.returncode}: {p.stderr.strip()}")
        return None
    return p.stdout


def load_json(label, text):
    try:
        return json.loads(text)
    except (TypeError, ValueError) as e:
        errors.append(f"{label}: not JSON: {e}")
        return None


def report_formats(label, args, cwd=None):
    """report/task/check in json, sarif and junit, each validated."""
    check_cmd = args[0] == "check"
    for fmt in ("json", "sarif", "junit"):
        out = run(args + ["--format", fmt], cwd)
        if out is None:
            continue
        if fmt == "junit":
            check("junit", label, out)
            continue
        doc = load_json(f"{label} ({fmt})", out)
        if doc is not None:
            check("sarif" if fmt == "sarif" else "check-v1" if check_cmd else "report-v1", label, doc)


# ---- 1. each validator rejects a broken document -----------------------------------------
def must_fail(kind, label, doc):
    before = len(errors)
    check(kind, label, doc)
    if len(errors) == before:
        errors.append(f"self-test: the {kind} validator accepted a broken document ({label})")
    else:
        print(f"rejected as it should ({label}): {errors[before]}")
        del errors[before:]
    counts[kind] -= 1


example = ["../../examples/model.yaml", "../../examples/ideal.json"]
ex_dir = os.path.join(SRC, "testdata", "golden", "example")
good = {fmt: run(["report"] + example + ["--format", fmt], ex_dir) for fmt in ("json", "sarif", "junit")}
if None in good.values():
    sys.exit("\n".join(errors))
rep = json.loads(good["json"])
sarif = json.loads(good["sarif"])
broken = []
d = copy.deepcopy(rep); d["findings"][0]["severity"] = "severe"; broken.append(("report-v1", "unknown severity", d))
d = copy.deepcopy(rep); d["findings"][0]["categry"] = "iam"; broken.append(("report-v1", "misspelt field", d))
d = copy.deepcopy(rep); del d["summary"]["verdict"]; broken.append(("report-v1", "missing verdict", d))
d = copy.deepcopy(rep); d["diff"]["entries"][0]["status"] = "moved"; broken.append(("report-v1", "bad diff status", d))
d = copy.deepcopy(rep["diff"]); d["old"]["format"] = "toml"; broken.append(("diff-v1", "bad format", d))
broken.append(("check-v1", "report as check", rep))
broken.append(("batch-v1", "no tasks", {"schema": "stackgap/batch/v1"}))
d = copy.deepcopy(sarif); d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
broken.append(("sarif", "startLine 0", d))
d = copy.deepcopy(sarif); d["runs"][0]["results"][0]["level"] = "fatal"; broken.append(("sarif", "bad level", d))
d = copy.deepcopy(sarif); d["runs"][0]["results"][1]["ruleIndex"] = 0; broken.append(("sarif", "wrong ruleIndex", d))
d = copy.deepcopy(sarif); del d["runs"][0]["results"][0]["partialFingerprints"]; broken.append(("sarif", "no fingerprint", d))
broken.append(("junit", "wrong count", good["junit"].replace('tests="', 'tests="1', 1)))
broken.append(("junit", "not well-formed", good["junit"].replace("&amp;", "&", 1).replace("</testsuites>", "")))
for kind, label, doc in broken:
    must_fail(kind, label, doc)
self_tests = len(broken)

# ---- 2. committed reports, golden diffs, check --------------------------------------------
for path in sorted(glob.glob(os.path.join(SRC, "reports", "*.json"))):
    doc = load_json(path, open(path, encoding="utf-8").read())
    if doc is not None:
        check("report-v1", path, doc)

templates = [os.path.join(SRC, "testdata", "examples", f) for f in ("model.yaml", "ideal.json")]
for cmd in sorted(glob.glob(os.path.join(SRC, "testdata", "golden", "*", "*.cmd"))):
    words = open(cmd, encoding="utf-8").read().split()
    if len(words) < 3 or words[0] != "diff":
        continue
    case = os.path.dirname(cmd)
    a, b = words[1], words[2]
    out = run(["diff", a, b, "--format", "json"], case, ok=(0, 1, 2))
    if out:
        doc = load_json(cmd, out)
        if doc is not None:
            check("diff-v1", cmd, doc)
        for t in (a, b):
            p = os.path.normpath(os.path.join(case, t))
            if os.path.isfile(p) and p not in templates:
                templates.append(p)
for t in templates:
    for fmt in ("json", "sarif", "junit"):
        out = run(["check", t, "--format", fmt], ok=(0, 1, 2))
        if not out:
            continue
        if fmt == "junit":
            check("junit", t, out)
        else:
            doc = load_json(t, out)
            if doc is not None:
                check("check-v1" if fmt == "json" else "sarif", t, doc)

tasks = sorted(glob.glob(os.path.join(SRC, "testdata", "tasks", "*")))
for t in tasks:
    report_formats(os.path.relpath(t, SRC), ["task", t])
report_formats("example", ["report"] + example, ex_dir)

# ---- 3. batch, with one task that fails -----------------------------------------------------
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(os.path.join(WORK, "in"))
for t in tasks:
    shutil.copytree(t, os.path.join(WORK, "in", os.path.basename(t)))
os.makedirs(os.path.join(WORK, "in", "zz-no-ideal", "lib"))
with open(os.path.join(WORK, "in", "zz-no-ideal", "lib", "MODEL_RESPONSE.md"), "w") as f:
    f.write("No template here.\n")
run(["batch", os.path.join(WORK, "in"), "--out", os.path.join(WORK, "out"), "--progress", "none",
     "--jobs", "2"], ok=(2,))
summary = load_json("summary.json", open(os.path.join(WORK, "out", "summary.json")).read())
if summary is not None:
    check("batch-v1", "summary.json", summary)
    if not any(t["status"] == "failed" for t in summary["tasks"]):
        errors.append("summary.json: the task without an ideal did not fail")
for path in sorted(glob.glob(os.path.join(WORK, "out", "*", "report.json"))):
    doc = load_json(path, open(path, encoding="utf-8").read())
    if doc is not None:
        check("report-v1", path, doc)

# ---- 4. a sample of the corpus --------------------------------------------------------------
if CORPUS:
    found = sorted(os.path.dirname(os.path.dirname(p))
                   for p in glob.glob(os.path.join(CORPUS, "**", "lib", "MODEL_RESPONSE.md"),
                                      recursive=True))
    step = max(1, len(found) // 50)
    sample = found[::step][:50]
    if len(sample) < min(50, len(found)) or not sample:
        errors.append(f"corpus: {len(found)} tasks found under {CORPUS}")
    for t in sample:
        report_formats(os.path.relpath(t, CORPUS), ["task", t])

for e in errors:
    print(e)
print(f"validated: {', '.join(f'{v} {k}' for k, v in sorted(counts.items()))}; "
      f"{self_tests} broken documents rejected; {len(errors)} problems")
sys.exit(1 if errors else 0)
