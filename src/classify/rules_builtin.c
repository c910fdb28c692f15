/* rules_builtin.c - the rules that are not catalog rows: what the diff, the
 * template-wide analysis and the prompt check report (docs/report.md),
 * described like catalog rules so that machine formats (SARIF rule
 * metadata, JUnit checks) can name and explain every rule id a finding
 * carries.  The ids and their defaults are the ones analyze.c and
 * classify.c emit; test_render checks that every finding of the bundled
 * reports has a description. */
#include <stdlib.h>
#include <string.h>

#include "stackgap/rules.h"

#define VARIES_C SG_CAT_COUNT /* the category comes from the table row or requirement */
#define VARIES_S SG_SEV_COUNT

/* Sorted by id (sg_rule_describe searches it). */
static const sg_rule builtin[] = {
    {"DIFF-ENTRY-DIFFERS", VARIES_C, VARIES_S, "",
     "Parameters, outputs, conditions, mappings and rules match the ideal's",
     "A parameter, output, condition, mapping or rule differs from the ideal's: callers and "
     "other stacks see a different interface.", ""},
    {"DIFF-EXTRA-ENTRY", VARIES_C, VARIES_S, "",
     "No parameters, outputs, conditions, mappings or rules beyond the ideal's",
     "The model declares an entry the ideal does not have.", ""},
    {"DIFF-EXTRA-RESOURCE", SG_CAT_COST, SG_SEV_LOW, "",
     "No resources beyond the ideal's",
     "Resources the ideal does not need cost money and widen what has to be secured.",
     ""},
    {"DIFF-MISSING-ENTRY", VARIES_C, VARIES_S, "",
     "Every parameter, output, condition, mapping and rule of the ideal is there",
     "An entry of the ideal is missing: deployments and other stacks that rely on it break.",
     ""},
    {"DIFF-MISSING-PROPERTY", VARIES_C, VARIES_S, "",
     "Every property the ideal sets is set",
     "The ideal sets a property the model leaves out, so the default applies; the category "
     "of the property says what that costs.", ""},
    {"DIFF-MISSING-RESOURCE", VARIES_C, VARIES_S, "",
     "Every resource type of the ideal is there",
     "The ideal has resources of a type the model lacks: a required part of the "
     "architecture is missing.", ""},
    {"DIFF-SCOPE-CREEP", SG_CAT_COST, SG_SEV_MEDIUM, "",
     "The answer is not over-engineered",
     "The model has at least twice the ideal's resources: more to pay for, secure and "
     "maintain than the task asks for.", ""},
    {"DIFF-WRONG-VALUE", VARIES_C, VARIES_S, "",
     "Properties have the ideal's values",
     "A property has another value than in the ideal; the category of the property says "
     "what that changes.", ""},
    {"REQ-UNMET", VARIES_C, VARIES_S, "",
     "The prompt's requirements are met",
     "The prompt states a requirement the template does not meet: critical when the prompt "
     "says must, shall or never; medium otherwise.", ""},
    {"SPEC-BAD-GETATT", SG_CAT_DEPLOYABILITY, SG_SEV_HIGH, "",
     "Fn::GetAtt names an attribute the resource type has",
     "The resource specification lists no such attribute for the type; CloudFormation "
     "rejects the template.", "cfn-lint E1010"},
    {"SPEC-MISSING-REQUIRED", SG_CAT_DEPLOYABILITY, SG_SEV_HIGH, "",
     "Every property the resource specification requires is set",
     "A required property is missing; the deployment fails when CloudFormation creates the "
     "resource.", "cfn-lint E3003"},
    {"SPEC-REPLACEMENT", VARIES_C, VARIES_S, "",
     "A change does not replace a resource",
     "The change sets a property CloudFormation can only apply by creating a new resource "
     "and deleting the old one: a new physical ID, and for stateful resources the data "
     "is lost unless a retain policy keeps it.", ""},
    {"SPEC-UNKNOWN-PROPERTY", SG_CAT_DEPLOYABILITY, SG_SEV_HIGH, "",
     "Every property is one the resource type has",
     "The resource specification has no such property for the type; CloudFormation "
     "rejects the template.", "cfn-lint E3002"},
    {"SPEC-UNKNOWN-TYPE", SG_CAT_DEPLOYABILITY, SG_SEV_HIGH, "",
     "Every resource type exists",
     "The resource specification has no such type; CloudFormation rejects the template.",
     "cfn-lint E3001"},
    {"SPEC-WRONG-SHAPE", SG_CAT_DEPLOYABILITY, SG_SEV_HIGH, "",
     "Property values have the shape the specification gives (scalar, list, object, type)",
     "A list where a string is expected, an object where a number is: CloudFormation "
     "rejects the value.", "cfn-lint E3012"},
    {"TPL-CONDITION-MISSING", SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, "",
     "Every condition used is defined",
     "A resource or output uses a condition the template does not define; CloudFormation "
     "rejects the template.", "cfn-lint E8002"},
    {"TPL-CYCLE", SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, "",
     "Resources do not depend on each other in a circle",
     "Circular dependencies make CloudFormation reject the template.", "cfn-lint E3004"},
    {"TPL-DEPENDSON-MISSING", SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, "",
     "DependsOn names existing resources",
     "DependsOn on a resource that does not exist makes CloudFormation reject the template.",
     "cfn-lint E3005"},
    {"TPL-GETATT-MISSING", SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, "",
     "Fn::GetAtt targets existing resources",
     "Fn::GetAtt on a resource that does not exist makes CloudFormation reject the "
     "template.", "cfn-lint E1010"},
    {"TPL-HARDCODED-ACCOUNT", SG_CAT_PARAMETERS, SG_SEV_MEDIUM, "",
     "No hard-coded account ids",
     "A hard-coded account id ties the stack to one account; use ${AWS::AccountId}.", ""},
    {"TPL-HARDCODED-AMI", SG_CAT_PARAMETERS, SG_SEV_MEDIUM, "",
     "No hard-coded AMI ids",
     "AMI ids differ per region and get deprecated; take the image from a parameter or a "
     "mapping.", ""},
    {"TPL-HARDCODED-ARN", SG_CAT_PARAMETERS, SG_SEV_LOW, "",
     "No hard-coded ARNs",
     "A literal ARN fixes partition, region and account; build it with Fn::Sub and the "
     "pseudo parameters, or reference the resource.", "cfn-lint I3042"},
    {"TPL-HARDCODED-AZ", SG_CAT_PARAMETERS, SG_SEV_MEDIUM, "",
     "No hard-coded availability zones",
     "Zone names exist in one region only; use Fn::Select with Fn::GetAZs.", "cfn-lint W3010"},
    {"TPL-HARDCODED-REGION", SG_CAT_PARAMETERS, SG_SEV_MEDIUM, "",
     "No hard-coded regions",
     "A hard-coded region ties the stack to that region; use ${AWS::Region}.", ""},
    {"TPL-INTRINSIC-MALFORMED", SG_CAT_DEPLOYABILITY, SG_SEV_HIGH, "",
     "Intrinsic functions exist and have the right shape",
     "CloudFormation rejects an unknown function or one with arguments of the wrong shape.",
     ""},
    {"TPL-MISSING", SG_CAT_COMPLETENESS, SG_SEV_CRITICAL, "",
     "The response holds a CloudFormation template",
     "Without a template nothing can be deployed.", ""},
    {"TPL-NAME-NO-SUFFIX", SG_CAT_NAMING, SG_SEV_MEDIUM, "",
     "Fixed resource names carry the environment suffix",
     "A fixed name without the environment suffix collides when a second environment is "
     "deployed in the same account.", ""},
    {"TPL-NO-RESOURCES", SG_CAT_COMPLETENESS, SG_SEV_CRITICAL, "",
     "The template declares resources",
     "A template must declare at least one resource.", "cfn-lint E1001"},
    {"TPL-PARAM-UNUSED", SG_CAT_PARAMETERS, SG_SEV_LOW, "",
     "Every parameter is used",
     "An unused parameter asks deployers for a value that changes nothing.", "cfn-lint W2001"},
    {"TPL-REF-MISSING", SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, "",
     "Ref targets existing resources and parameters",
     "Ref to something the template does not declare makes CloudFormation reject the "
     "template.", "cfn-lint E1012"},
    {"TPL-SUB-MISSING", SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, "",
     "Fn::Sub variables name existing resources and parameters",
     "A ${Name} in Fn::Sub that nothing declares makes CloudFormation reject the template.",
     "cfn-lint E1019"},
    {"TPL-SUFFIX-PARAM-MISSING", SG_CAT_NAMING, SG_SEV_HIGH, "",
     "The template has the environment-suffix parameter the ideal uses",
     "Without it, names cannot be made unique per environment.", ""},
    {"TPL-SYNTAX", SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, "",
     "The template parses",
     "CloudFormation rejects a template that does not parse.", ""},
    {"TPL-TRUNCATED", SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, "",
     "The template is complete",
     "A template cut off mid-answer misses everything after the cut.", ""},
    {"TPL-UNKNOWN-SECTION", SG_CAT_DEPLOYABILITY, SG_SEV_HIGH, "",
     "Top-level sections are ones CloudFormation knows",
     "CloudFormation rejects templates with top-level keys it does not know.",
     "cfn-lint E1001"},
};

const sg_rule *sg_rules_builtin(size_t *n)
{
    if (n)
        *n = sizeof builtin / sizeof *builtin;
    return builtin;
}

static int by_id(const void *key, const void *elem)
{
    return strcmp(key, ((const sg_rule *)elem)->id);
}

const sg_rule *sg_rule_describe(const char *id)
{
    if (!id)
        return NULL;
    const sg_rule *r = sg_rule_find(id);
    if (!r)
        r = bsearch(id, builtin, sizeof builtin / sizeof *builtin, sizeof *builtin, by_id);
    return r;
}
