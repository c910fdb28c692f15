/* fuzz_spec.c - sg_spec_parse on an arbitrary distilled spec file (what
 * `--spec FILE` reads), then, when it loads, everything that consults the
 * spec: lookups and suggestions, the deployability checks on a fixed
 * template, and replacement impact on a fixed pair.  A malformed file must
 * fail with a positioned error; a well-formed one must never make a check
 * crash or loop (aliases, nesting). */
#include <string.h>

#include "fuzz_common.h"
#include "stackgap/analyze.h"
#include "stackgap/diff.h"
#include "stackgap/finding.h"
#include "stackgap/spec.h"

/* Names a small spec is likely to hold (the seeds use them), nested
 * property values, an alias-typed property, GetAtt and a rename. */
static const char old_template[] =
    "Resources:\n"
    "  Queue:\n"
    "    Type: AWS::SQS::Queue\n"
    "    Properties:\n"
    "      QueueName: q\n"
    "      RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 3}\n"
    "      Tags: [{Key: a, Value: b}]\n"
    "  Dlq:\n"
    "    Type: AWS::SQS::Queue\n"
    "  Loop:\n"
    "    Type: Custom::Loop\n"
    "    Properties: {Loop: {Loop: [1, {Loop: x}]}, ServiceToken: t}\n";
static const char new_template[] =
    "Resources:\n"
    "  Queue:\n"
    "    Type: AWS::SQS::Queue\n"
    "    Properties:\n"
    "      QueueName: q2\n"
    "      FifoQueue: true\n"
    "      RedrivePolicy: {deadLetterTargetArn: !GetAtt DeadLetters.Arn, maxReceiveCount: 5}\n"
    "      Tags: [{Key: a, Value: [b]}]\n"
    "  DeadLetters:\n"
    "    Type: AWS::SQS::Queue\n"
    "  Loop:\n"
    "    Type: AWS::Loop::Loop\n"
    "    Properties: {Loop: {Loop: [1, {Loop: x}]}, Attr: !GetAtt Queue.Nope}\n";

static bool load(sg_arena *a, const char *name, const char *text, sg_template *t)
{
    sg_error err;
    return sg_load_buffer(a, name, text, strlen(text), NULL, t, &err) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sg_spec *spec = NULL;
    sg_error err;
    if (sg_spec_parse((const char *)data, size, "fuzz.spec", &spec, &err) != 0) {
        if (!err.msg[0])
            abort(); /* a rejected file always says why */
        return 0;
    }
    sg_spec_use(spec);
    sg_spec_info info;
    sg_spec_get_info(spec, &info);
    const char *names[] = {"AWS::SQS::Queue", "AWS::Loop::Loop", "AWS::SQS::Queu", ""};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const sg_spec_type *t = sg_spec_resource(spec, names[i], strlen(names[i]));
        if (!t) {
            size_t n;
            (void)sg_spec_suggest_resource(spec, names[i], strlen(names[i]), &n);
            continue;
        }
        sg_strbuf b = SG_STRBUF_INIT;
        sg_spec_type_name(spec, t, &b);
        for (size_t k = 0; k < sg_spec_property_count(t); k++) {
            sg_spec_prop p;
            sg_spec_property_at(spec, t, k, &p);
            sg_spec_doc_link(spec, t, &p, &b);
        }
        sg_strbuf_free(&b);
    }
    sg_arena *a = sg_arena_new();
    sg_template old, new;
    if (load(a, "old.yaml", old_template, &old) && load(a, "new.yaml", new_template, &new)) {
        sg_findings f = {0};
        sg_analyze_template(a, &new, NULL, &f);
        sg_spec_check_template(a, &new, &f);
        sg_spec_check_template(a, &old, &f);
        sg_diff d;
        sg_diff_templates(a, &old, &new, NULL, &d);
        sg_diff_annotate_impact(a, &d);
        sg_replacement_findings(a, &d, &f);
        sg_findings_free(&f);
    }
    sg_arena_free(a);
    sg_spec_use(NULL);
    sg_spec_free(spec);
    return 0;
}
