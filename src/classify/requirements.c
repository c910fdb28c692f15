/* requirements.c - requirements stated in a PROMPT.md, and whether the
 * model's template meets them (see requirements.h).
 *
 * Extraction.  cmark-gfm parses the prompt and a requirement is
 *   - a list item: the text of its own paragraphs (nested items are
 *     requirements of their own); an item that only introduces a nested
 *     list ("ECS Service with:"), names a file or is one bare word is not
 *     a requirement;
 *   - a row of a pipe table (header and separator skipped; cmark-gfm's
 *     table extension is not used: its global registry would outlive us);
 *   - a sentence of a paragraph that carries a requirement word (must,
 *     should, ensure, required, need to, do not, no ...) or opens with an
 *     imperative verb ("Create", "Enable", "Deploy" ...).
 * Code blocks, HTML and headings are never requirements.  The text keeps
 * the prompt's words (code spans included, emphasis markers dropped),
 * whitespace collapsed, at most REQ_TEXT_MAX bytes.  Categories and
 * resource types come from one keyword table (kw_rows): the longest
 * keyword at each word wins, so "lifecycle policy" is not an IAM policy
 * and "public subnet" is not a public-access concern.  A type is not
 * taken when the keyword is negated ("no NAT Gateway", "instead of IAM
 * users") or names something that already exists ("the provided VPC ID").
 * An item or sentence that names no type (or no category) takes those of
 * its parent item, else of its section: the last short heading of level 2
 * or more, or bold "**S3 Buckets**" / "AWS Lambda:" pseudo-heading (a title
 * names no section).  Requirements without category and type that are not
 * explicit are prose and are dropped; identical texts are kept once.
 *
 * Checking - rules of thumb, conservative: not-checkable rather than a
 * wrong verdict.
 *   1. No model: a requirement with types or categories is unmet ("the
 *      response has no template"); one with neither is not-checkable.
 *   2. Each named type (alternatives such as DBInstance|DBCluster count as
 *      one) must have a resource in the model, else unmet (completeness);
 *      not-checkable instead when the model delegates to nested stacks.
 *      A few stand-ins count: a SAM function for its role, RDS-managed
 *      master passwords for a secret, an AWS managed key for plain "KMS".
 *   3. A rule violation in one of the requirement's categories makes it
 *      unmet, citing the rule: on a resource of a named type when it names
 *      types, anywhere in the template when it names only categories - if
 *      the rule speaks about what the text asks (rule_relevant: a shared
 *      word beyond the keywords, or a focused "All S3 buckets must be
 *      encrypted"; "least privilege" covers the IAM and security-group
 *      rules) and the offending value is not what the prompt asked for
 *      ("allow SSH from 0.0.0.0/0").  Tagging, naming, parameters, outputs
 *      and deletion are left to the probes of rule 6.
 *   4. Property checks (prop_rows), gated by keywords of the text:
 *      "versioning" + S3 -> VersioningConfiguration.Status Enabled, "PITR" +
 *      DynamoDB, "Multi-AZ" + RDS, "encrypt" + RDS/S3/EFS ...  With "all /
 *      every / each" every resource must pass, otherwise one is enough;
 *      values set by intrinsics that cannot be resolved decide nothing.
 *   5. Counts: "N subnets", "N AZs" (distinct AvailabilityZone values of
 *      the subnets), "N days" of log or backup retention.
 *   6. Category probes: tagging (Tags carried, tag keys the text names),
 *      outputs (an Output references the named resource), naming
 *      (EnvironmentSuffix declared and used), secrets (literal passwords),
 *      deletion (Retain / deletion protection against "destroyable"),
 *      parameters; the others only supply "met" evidence (a resource of a
 *      kind the category concerns, e.g. an AWS::CloudWatch::Alarm).
 *   7. Otherwise: types present -> met ("AWS::X::Y Id present") when the
 *      text names them itself, not-checkable when they only come from its
 *      section; categories only -> met when a probe found evidence, else
 *      not-checkable; neither -> not-checkable.
 * An unmet verdict of rules 2 and 4-6 on a requirement worded as optional
 * ("optional", "where appropriate", "if needed") becomes not-checkable. */
#include "stackgap/requirements.h"

#include "load/md_inline.h"

#include <cmark-gfm.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "stackgap/strbuf.h"

#define REQ_TEXT_MAX 300    /* bytes of a requirement's text */
#define MAP_TEXT_MAX 2000   /* bytes of a text the keyword mapper reads */
#define MAX_TYPES 24        /* resource types one requirement keeps */
#define MAX_HITS 96         /* keyword hits one text keeps */
#define NEG_WINDOW 4        /* words a negation reaches forward */
#define HEADING_WORDS 6     /* longest heading that names a topic */
#define SHORT_LINE 50       /* a shorter line without a period still ends a segment */

const char *sg_req_status_id(sg_req_status s)
{
    switch (s) {
    case SG_REQ_MET:
        return "met";
    case SG_REQ_UNMET:
        return "unmet";
    case SG_REQ_NOT_CHECKABLE:
        return "not-checkable";
    }
    return "?";
}

/* ---- keyword table ----------------------------------------------------------
 *
 * Keywords are lower-case words separated by single spaces, matched on word
 * boundaries after the text is lower-cased and every non-alphanumeric byte
 * turned into a space ("Multi-AZ" -> "multi az", "SSE-S3" -> "sse s3").
 * A word also matches its plural (-s, -es, -y/-ies); a trailing '*' makes it
 * a prefix ("encrypt*"), a trailing '=' forbids the plural ("output=" is the
 * deliverable, "outputs" the template section).  Rows without categories
 * and types only consume words so that a shorter keyword does not fire. */

#define C(x) (1u << SG_CAT_##x)

#define T_S3 "AWS::S3::Bucket"
#define T_KMS "AWS::KMS::Key"
#define T_LAMBDA "AWS::Lambda::Function|AWS::Serverless::Function"
#define T_DDB "AWS::DynamoDB::Table|AWS::DynamoDB::GlobalTable|AWS::Serverless::SimpleTable"
#define T_RDS "AWS::RDS::DBInstance|AWS::RDS::DBCluster"
#define T_DB                                                                                       \
    T_RDS "|AWS::DynamoDB::Table|AWS::DocDB::DBCluster|AWS::Neptune::DBCluster"                    \
          "|AWS::Redshift::Cluster"
#define T_EC2                                                                                      \
    "AWS::EC2::Instance|AWS::EC2::LaunchTemplate|AWS::AutoScaling::LaunchConfiguration"            \
    "|AWS::AutoScaling::AutoScalingGroup|AWS::EKS::Nodegroup|AWS::EC2::EC2Fleet"                  \
    "|AWS::EC2::SpotFleet"
#define T_LB "AWS::ElasticLoadBalancingV2::LoadBalancer|AWS::ElasticLoadBalancing::LoadBalancer"
#define T_APIGW                                                                                    \
    "AWS::ApiGateway::RestApi|AWS::ApiGatewayV2::Api|AWS::Serverless::Api"                         \
    "|AWS::Serverless::HttpApi"
#define T_ASG "AWS::AutoScaling::AutoScalingGroup"
#define T_SCALING_POLICY                                                                           \
    "AWS::ApplicationAutoScaling::ScalingPolicy|AWS::AutoScaling::ScalingPolicy"
#define T_SCALING T_ASG "|AWS::ApplicationAutoScaling::ScalableTarget|" T_SCALING_POLICY
#define T_ECS "AWS::ECS::Cluster|AWS::ECS::Service|AWS::ECS::TaskDefinition"
#define T_ALARM "AWS::CloudWatch::Alarm|AWS::CloudWatch::CompositeAlarm"
#define T_ROLE "AWS::IAM::Role"
#define T_POLICY "AWS::IAM::Policy|AWS::IAM::ManagedPolicy|AWS::IAM::Role"
#define T_SECRET "AWS::SecretsManager::Secret"
#define T_SG "AWS::EC2::SecurityGroup"
#define T_SG_RULE T_SG "|AWS::EC2::SecurityGroupIngress|AWS::EC2::SecurityGroupEgress"
#define T_SUBNET "AWS::EC2::Subnet"
#define T_LOGGROUP "AWS::Logs::LogGroup"
#define T_TRAIL "AWS::CloudTrail::Trail"
#define T_R53                                                                                      \
    "AWS::Route53::HostedZone|AWS::Route53::RecordSet|AWS::Route53::RecordSetGroup"                \
    "|AWS::Route53::HealthCheck"
#define T_EVENTS "AWS::Events::Rule|AWS::Scheduler::Schedule"
#define T_SFN "AWS::StepFunctions::StateMachine|AWS::Serverless::StateMachine"
#define T_CACHE                                                                                    \
    "AWS::ElastiCache::CacheCluster|AWS::ElastiCache::ReplicationGroup"                            \
    "|AWS::ElastiCache::ServerlessCache"
#define T_WAF "AWS::WAFv2::WebACL|AWS::WAF::WebACL|AWS::WAFRegional::WebACL"
#define T_CONFIG "AWS::Config::ConfigRule|AWS::Config::ConfigurationRecorder"
#define T_FIREHOSE "AWS::KinesisFirehose::DeliveryStream"
#define T_SEARCH "AWS::OpenSearchService::Domain|AWS::Elasticsearch::Domain"
#define T_BACKUP "AWS::Backup::BackupPlan|AWS::Backup::BackupVault"
#define T_VPCE "AWS::EC2::VPCEndpoint"
#define T_OAI                                                                                      \
    "AWS::CloudFront::CloudFrontOriginAccessIdentity|AWS::CloudFront::OriginAccessControl"
#define T_PARAMGROUP                                                                               \
    "AWS::RDS::DBParameterGroup|AWS::RDS::DBClusterParameterGroup"                                 \
    "|AWS::ElastiCache::ParameterGroup"

typedef struct kw_row {
    const char *kw;
    uint32_t cats;
    const char *types; /* "A|B": alternatives, any of them satisfies */
} kw_row;

static const kw_row kw_rows[] = {
    /* encryption */
    {"encrypt*", C(ENCRYPTION), NULL},
    {"unencrypted", C(ENCRYPTION), NULL},
    {"kms", C(ENCRYPTION), T_KMS},
    {"kms key", C(ENCRYPTION), T_KMS},
    {"kms cmk", C(ENCRYPTION), T_KMS},
    {"cmk", C(ENCRYPTION), T_KMS},
    {"customer managed key", C(ENCRYPTION), T_KMS},
    {"customer managed kms key", C(ENCRYPTION), T_KMS},
    {"customer managed kms", C(ENCRYPTION), T_KMS},
    {"customer managed encryption key", C(ENCRYPTION), T_KMS},
    {"aws managed", C(ENCRYPTION), NULL},
    {"aws managed key", C(ENCRYPTION), NULL},
    {"aws managed kms key", C(ENCRYPTION), NULL},
    {"aws managed kms", C(ENCRYPTION), NULL},
    {"aws owned key", C(ENCRYPTION), NULL},
    {"sse kms", C(ENCRYPTION), NULL},
    {"sse s3", C(ENCRYPTION), T_S3},
    {"sse", C(ENCRYPTION), NULL},
    {"aes 256", C(ENCRYPTION), NULL},
    {"aes256", C(ENCRYPTION), NULL},
    {"at rest", C(ENCRYPTION), NULL},
    {"in transit", C(ENCRYPTION), NULL},
    {"tls", C(ENCRYPTION), NULL},
    {"ssl", C(ENCRYPTION), NULL},
    {"https", C(ENCRYPTION), NULL},
    {"securetransport", C(ENCRYPTION), NULL},
    {"secure transport", C(ENCRYPTION), NULL},
    {"key rotation", C(ENCRYPTION), T_KMS},
    {"key policy", C(ENCRYPTION) | C(IAM), NULL},
    {"kms alias", C(ENCRYPTION), "AWS::KMS::Alias"},
    {"key alias", C(ENCRYPTION), "AWS::KMS::Alias"},
    {"acm", C(ENCRYPTION), NULL},
    {"certificate", C(ENCRYPTION), NULL},
    {"certificate manager", C(ENCRYPTION), NULL},
    /* iam */
    {"iam", C(IAM), NULL},
    {"iam role", C(IAM), T_ROLE},
    {"role", C(IAM), T_ROLE},
    {"execution role", C(IAM), T_ROLE},
    {"service role", C(IAM), T_ROLE},
    {"task role", C(IAM), T_ROLE},
    {"assume role", C(IAM), T_ROLE},
    {"iam policy", C(IAM), T_POLICY},
    {"managed policy", C(IAM), T_POLICY},
    {"inline policy", C(IAM), T_POLICY},
    {"policy", C(IAM), NULL},
    {"iam user", C(IAM), NULL}, /* "MFA for all IAM users" quantifies, creates none */
    {"iam group", C(IAM), NULL},
    {"instance profile", C(IAM), "AWS::IAM::InstanceProfile"},
    {"least privilege", C(IAM), NULL},
    {"least privileged", C(IAM), NULL},
    {"privilege*", C(IAM), NULL},
    {"permission*", C(IAM), NULL},
    {"permissions boundary", C(IAM), NULL},
    {"mfa", C(IAM), NULL},
    {"multi factor", C(IAM), NULL},
    {"access control", C(IAM), NULL},
    {"bucket policy", C(IAM), "AWS::S3::BucketPolicy"},
    {"s3 bucket policy", C(IAM), "AWS::S3::BucketPolicy"},
    {"topic policy", C(IAM), "AWS::SNS::TopicPolicy"},
    {"queue policy", C(IAM), "AWS::SQS::QueuePolicy"},
    {"password policy", C(IAM) | C(SECRETS), NULL},
    {"wildcard", C(IAM), NULL},
    /* policies that are not IAM */
    {"lifecycle", C(COST), NULL},
    {"lifecycle policy", C(COST), NULL},
    {"lifecycle rule", C(COST), NULL},
    {"lifecycle configuration", C(COST), NULL},
    {"scaling policy", C(AVAILABILITY), T_SCALING_POLICY},
    {"auto scaling policy", C(AVAILABILITY), T_SCALING_POLICY},
    {"target tracking", C(AVAILABILITY), T_SCALING_POLICY},
    {"retention policy", C(LOGGING), NULL},
    {"deletion policy", C(DELETION), NULL},
    {"deletionpolicy", C(DELETION), NULL},
    {"update replace policy", C(DELETION), NULL},
    {"updatereplacepolicy", C(DELETION), NULL},
    {"removal policy", C(DELETION), NULL},
    {"removalpolicy", C(DELETION), NULL},
    {"endpoint policy", C(NETWORK), NULL},
    {"rollback", C(DEPLOYABILITY), NULL},
    /* network */
    {"vpc", C(NETWORK), "AWS::EC2::VPC"},
    {"vpc id", 0, NULL},
    {"default vpc", C(NETWORK), NULL},
    {"subnet", C(NETWORK), T_SUBNET},
    {"subnet id", 0, NULL},
    {"ec2 subnet", C(NETWORK), T_SUBNET},
    {"ec2 launch template", 0, "AWS::EC2::LaunchTemplate|AWS::AutoScaling::LaunchConfiguration"},
    {"ec2 security group", C(NETWORK), T_SG},
    {"public subnet", C(NETWORK), T_SUBNET},
    {"private subnet", C(NETWORK), T_SUBNET},
    {"isolated subnet", C(NETWORK), T_SUBNET},
    {"database subnet", C(NETWORK), T_SUBNET},
    {"db subnet group", C(NETWORK), "AWS::RDS::DBSubnetGroup"},
    {"database subnet group", C(NETWORK), "AWS::RDS::DBSubnetGroup"},
    {"subnet group", C(NETWORK), "AWS::RDS::DBSubnetGroup|AWS::ElastiCache::SubnetGroup"},
    {"security group", C(NETWORK), T_SG},
    {"security group rule", C(NETWORK), T_SG_RULE},
    {"ingress rule", C(NETWORK), T_SG_RULE},
    {"egress rule", C(NETWORK), T_SG_RULE},
    {"nat", C(NETWORK), "AWS::EC2::NatGateway"},
    {"nat gateway", C(NETWORK), "AWS::EC2::NatGateway"},
    {"nat instance", C(NETWORK), "AWS::EC2::Instance"},
    {"internet gateway", C(NETWORK), "AWS::EC2::InternetGateway"},
    {"igw", C(NETWORK), "AWS::EC2::InternetGateway"},
    {"route table", C(NETWORK), "AWS::EC2::RouteTable"},
    {"network acl", C(NETWORK), "AWS::EC2::NetworkAcl"},
    {"nacl", C(NETWORK), "AWS::EC2::NetworkAcl"},
    {"vpc endpoint", C(NETWORK), T_VPCE},
    {"gateway endpoint", C(NETWORK), T_VPCE},
    {"interface endpoint", C(NETWORK), T_VPCE},
    {"endpoint for s3", C(NETWORK), T_VPCE},
    {"s3 endpoint", C(NETWORK), T_VPCE},
    {"dynamodb endpoint", C(NETWORK), T_VPCE},
    {"privatelink", C(NETWORK), T_VPCE},
    {"vpc flow log", C(LOGGING) | C(NETWORK), "AWS::EC2::FlowLog"},
    {"flow log", C(LOGGING) | C(NETWORK), "AWS::EC2::FlowLog"},
    {"vpc peering", C(NETWORK), "AWS::EC2::VPCPeeringConnection"},
    {"transit gateway", C(NETWORK), "AWS::EC2::TransitGateway"},
    {"elastic ip", C(NETWORK), "AWS::EC2::EIP"},
    {"eip", C(NETWORK), "AWS::EC2::EIP"},
    {"vpn", C(NETWORK), NULL},
    {"port", C(NETWORK), NULL},
    {"port mapping", 0, NULL},
    {"ssh", C(NETWORK), NULL},
    {"rdp", C(NETWORK), NULL},
    {"cidr", C(NETWORK), NULL},
    {"ingress", C(NETWORK), NULL},
    {"egress", C(NETWORK), NULL},
    {"inbound", C(NETWORK), NULL},
    {"outbound", C(NETWORK), NULL},
    {"firewall", C(NETWORK), NULL},
    {"network firewall", C(NETWORK), "AWS::NetworkFirewall::Firewall"},
    {"network", C(NETWORK), NULL},
    {"networking", C(NETWORK), NULL},
    {"ip address", C(NETWORK), NULL},
    {"ip range", C(NETWORK), NULL},
    {"internet facing", C(NETWORK), NULL},
    {"domain name", C(NETWORK), NULL},
    {"custom domain", C(NETWORK), NULL},
    {"dns name", 0, NULL},
    {"route 53", C(NETWORK), T_R53},
    {"route53", C(NETWORK), T_R53},
    {"hosted zone", C(NETWORK), T_R53},
    {"dns record", C(NETWORK), T_R53},
    {"record set", C(NETWORK), T_R53},
    {"route53 health check", C(AVAILABILITY), "AWS::Route53::HealthCheck"},
    {"route 53 health check", C(AVAILABILITY), "AWS::Route53::HealthCheck"},
    {"waf", C(NETWORK), T_WAF},
    {"wafv2", C(NETWORK), T_WAF},
    {"waf v2", C(NETWORK), T_WAF},
    {"web acl", C(NETWORK), T_WAF},
    {"web application firewall", C(NETWORK), T_WAF},
    {"shield", C(NETWORK), NULL},
    /* public access */
    {"public", 0, NULL}, /* "public and private subnets" describes topology */
    {"public access*", C(PUBLIC_ACCESS), NULL},
    {"public read", C(PUBLIC_ACCESS), NULL},
    {"no public", C(PUBLIC_ACCESS), NULL},
    {"not public", C(PUBLIC_ACCESS), NULL},
    {"publicly", C(PUBLIC_ACCESS), NULL},
    {"private", C(PUBLIC_ACCESS), NULL},
    {"public access", C(PUBLIC_ACCESS), NULL},
    {"block public access", C(PUBLIC_ACCESS), NULL},
    {"public access block", C(PUBLIC_ACCESS), NULL},
    {"publicly accessible", C(PUBLIC_ACCESS), NULL},
    {"public ip", C(PUBLIC_ACCESS) | C(NETWORK), NULL},
    {"public ip address", C(PUBLIC_ACCESS) | C(NETWORK), NULL},
    {"origin access identity", C(PUBLIC_ACCESS), T_OAI},
    {"origin access control", C(PUBLIC_ACCESS), T_OAI},
    {"oai", C(PUBLIC_ACCESS), T_OAI},
    {"oac", C(PUBLIC_ACCESS), T_OAI},
    /* monitoring */
    {"cloudwatch", C(MONITORING), NULL},
    {"cloudwatch alarm", C(MONITORING), T_ALARM},
    {"alarm", C(MONITORING), T_ALARM},
    {"dashboard", C(MONITORING), "AWS::CloudWatch::Dashboard"},
    {"cloudwatch dashboard", C(MONITORING), "AWS::CloudWatch::Dashboard"},
    {"metric*", C(MONITORING), NULL},
    {"metric filter", C(MONITORING) | C(LOGGING), "AWS::Logs::MetricFilter"},
    {"monitor*", C(MONITORING), NULL},
    {"alert*", C(MONITORING), NULL},
    {"notification*", C(MONITORING), NULL},
    {"observability", C(MONITORING), NULL},
    {"observable", C(MONITORING), NULL},
    {"x ray", C(MONITORING), NULL},
    {"xray", C(MONITORING), NULL},
    {"tracing", C(MONITORING), NULL},
    {"container insights", C(MONITORING), NULL},
    {"enhanced monitoring", C(MONITORING), NULL},
    {"performance insights", C(MONITORING), NULL},
    {"guardduty", C(MONITORING), "AWS::GuardDuty::Detector"},
    {"guard duty", C(MONITORING), "AWS::GuardDuty::Detector"},
    {"security hub", C(MONITORING), "AWS::SecurityHub::Hub"},
    {"aws config", C(MONITORING), T_CONFIG},
    {"config rule", C(MONITORING), T_CONFIG},
    {"config recorder", C(MONITORING), T_CONFIG},
    {"configuration recorder", C(MONITORING), T_CONFIG},
    /* logging */
    {"log", C(LOGGING), NULL},
    {"logging", C(LOGGING), NULL},
    {"logged", C(LOGGING), NULL},
    {"log group", C(LOGGING), T_LOGGROUP},
    {"cloudwatch log group", C(LOGGING), T_LOGGROUP},
    {"cloudwatch logs group", C(LOGGING), T_LOGGROUP},
    {"cloudwatch log", C(LOGGING), NULL},
    {"cloudwatch logging", C(LOGGING), NULL},
    {"access log", C(LOGGING), NULL},
    {"access logging", C(LOGGING), NULL},
    {"server access logging", C(LOGGING), NULL},
    {"audit*", C(LOGGING), NULL},
    {"cloudtrail", C(LOGGING), T_TRAIL},
    {"cloud trail", C(LOGGING), T_TRAIL},
    {"retention", C(LOGGING), NULL},
    {"log retention", C(LOGGING), NULL},
    {"retention period", C(LOGGING), NULL},
    /* backup */
    {"backup*", C(BACKUP), NULL},
    {"back up", C(BACKUP), NULL},
    {"backup retention", C(BACKUP), NULL},
    {"backup plan", C(BACKUP), T_BACKUP},
    {"backup vault", C(BACKUP), T_BACKUP},
    {"aws backup", C(BACKUP), T_BACKUP},
    {"versioning", C(BACKUP), NULL},
    {"versioned", C(BACKUP), NULL},
    {"point in time", C(BACKUP), NULL},
    {"point in time recovery", C(BACKUP), NULL},
    {"pitr", C(BACKUP), NULL},
    {"snapshot*", C(BACKUP), NULL},
    {"replication", C(BACKUP), NULL},
    {"cross region replication", C(BACKUP), NULL},
    {"disaster recovery", C(BACKUP) | C(AVAILABILITY), NULL},
    {"recovery", C(BACKUP), NULL},
    /* availability */
    {"multi az", C(AVAILABILITY), NULL},
    {"multiaz", C(AVAILABILITY), NULL},
    {"availability zone", C(AVAILABILITY), NULL},
    {"az", C(AVAILABILITY), NULL},
    {"high availability", C(AVAILABILITY), NULL},
    {"highly available", C(AVAILABILITY), NULL},
    {"auto scaling", C(AVAILABILITY), T_SCALING},
    {"autoscaling", C(AVAILABILITY), T_SCALING},
    {"auto scale", C(AVAILABILITY), T_SCALING},
    {"auto scaling group", C(AVAILABILITY), T_ASG},
    {"autoscaling group", C(AVAILABILITY), T_ASG},
    {"asg", C(AVAILABILITY), T_ASG},
    {"failover", C(AVAILABILITY), NULL},
    {"fault toleran*", C(AVAILABILITY), NULL},
    {"redundan*", C(AVAILABILITY), NULL},
    {"resilien*", C(AVAILABILITY), NULL},
    {"health check", C(AVAILABILITY), NULL},
    {"zero downtime", C(AVAILABILITY), NULL},
    {"read replica", C(AVAILABILITY), NULL},
    /* deletion */
    {"deletion protection", C(DELETION), NULL},
    {"deletionprotection", C(DELETION), NULL},
    {"retain", C(DELETION), NULL},
    {"retain log*", C(LOGGING), NULL},
    {"retain only", C(COST), NULL},
    {"retain last", C(COST), NULL},
    {"retain the last", C(COST), NULL},
    {"retain up to", C(COST), NULL},
    {"retain data", C(LOGGING), NULL},
    {"retain for", C(LOGGING), NULL},
    {"retain audit*", C(LOGGING), NULL},
    {"retain backup*", C(BACKUP), NULL},
    {"retain snapshot*", C(BACKUP), NULL},
    {"destroy*", C(DELETION), NULL},
    {"deletable", C(DELETION), NULL},
    {"termination protection", C(DELETION), NULL},
    /* tagging */
    {"tag", C(TAGGING), NULL},
    {"tagged", C(TAGGING), NULL},
    {"tagging", C(TAGGING), NULL},
    {"cost center", C(TAGGING), NULL},
    {"costcenter", C(TAGGING), NULL}, /* not "cost*" */
    {"cost allocation", C(TAGGING) | C(COST), NULL},
    /* naming */
    {"naming", C(NAMING), NULL},
    {"naming convention", C(NAMING), NULL},
    {"names", C(NAMING), NULL},
    {"resource name", C(NAMING), NULL},
    {"name prefix", C(NAMING), NULL},
    {"suffix", C(NAMING), NULL},
    {"environmentsuffix", C(NAMING), NULL},
    {"environment suffix", C(NAMING), NULL},
    {"unique name", C(NAMING), NULL},
    {"globally unique", C(NAMING), NULL},
    /* parameters */
    {"parameter", C(PARAMETERS), NULL},
    {"parameteriz*", C(PARAMETERS), NULL},
    {"parameteris*", C(PARAMETERS), NULL},
    {"cloudformation condition", C(PARAMETERS), NULL},
    {"template condition", C(PARAMETERS), NULL},
    {"conditions section", C(PARAMETERS), NULL},
    {"condition section", C(PARAMETERS), NULL},
    {"use condition", C(PARAMETERS), NULL},
    {"conditional resource", C(PARAMETERS), NULL},
    {"conditional creation", C(PARAMETERS), NULL},
    {"conditional logic", C(PARAMETERS), NULL},
    {"conditional deployment", C(PARAMETERS), NULL},
    {"conditionally create*", C(PARAMETERS), NULL},
    {"mapping", C(PARAMETERS), NULL},
    {"parameter group", 0, T_PARAMGROUP},
    {"db parameter group", 0, T_PARAMGROUP},
    {"cluster parameter group", 0, T_PARAMGROUP},
    {"hardcod*", C(DEPLOYABILITY), NULL},
    {"hard cod*", C(DEPLOYABILITY), NULL},
    {"pseudo parameter", C(PARAMETERS) | C(DEPLOYABILITY), NULL},
    /* secrets */
    {"secret*", C(SECRETS), NULL},
    {"secrets manager", C(SECRETS), T_SECRET},
    {"secret manager", C(SECRETS), T_SECRET},
    {"password*", C(SECRETS), NULL},
    {"credential*", C(SECRETS), NULL},
    {"noecho", C(SECRETS), NULL},
    {"no echo", C(SECRETS), NULL},
    {"parameter store", C(SECRETS), NULL},
    {"ssm parameter", C(SECRETS), NULL},
    {"systems manager parameter", C(SECRETS), NULL},
    {"api key", C(SECRETS), NULL},
    /* outputs */
    {"output=", 0, NULL},
    {"outputs", C(OUTPUTS), NULL},
    {"stack output", C(OUTPUTS), NULL},
    {"export*", C(OUTPUTS), NULL},
    {"cross stack", C(OUTPUTS), NULL},
    /* cost */
    {"cost*", C(COST), NULL},
    {"budget", C(COST), NULL},
    {"spot", C(COST), NULL},
    {"on demand", C(COST), NULL},
    {"pay per request", C(COST), NULL},
    {"glacier", C(COST), NULL},
    {"intelligent tiering", C(COST), NULL},
    /* deployability */
    {"cfn lint", C(DEPLOYABILITY), NULL},
    {"cfn nag", C(DEPLOYABILITY), NULL},
    {"validate template", C(DEPLOYABILITY), NULL},
    {"deployable", C(DEPLOYABILITY), NULL},
    {"cross account", C(DEPLOYABILITY), NULL},
    {"cross region", C(DEPLOYABILITY), NULL},
    {"account id", C(DEPLOYABILITY), NULL},
    {"region name", C(DEPLOYABILITY), NULL},
    {"circular dependenc*", C(DEPLOYABILITY), NULL},
    {"dependson", C(DEPLOYABILITY), NULL},
    {"depends on", C(DEPLOYABILITY), NULL},
    /* resource types */
    {"s3", 0, T_S3},
    {"s3 bucket", 0, T_S3},
    {"bucket", 0, T_S3},
    {"lambda", 0, T_LAMBDA},
    {"lambda function", 0, T_LAMBDA},
    {"lambda layer", 0, "AWS::Lambda::LayerVersion|AWS::Serverless::LayerVersion"},
    {"dynamodb", 0, T_DDB},
    {"dynamo db", 0, T_DDB},
    {"rds", 0, T_RDS},
    {"aurora", 0, T_RDS},
    {"database", 0, T_DB},
    {"db instance", 0, T_RDS},
    {"db cluster", 0, T_RDS},
    {"rds instance", 0, T_RDS},
    {"rds cluster", 0, T_RDS},
    {"aurora instance", 0, T_RDS},
    {"aurora cluster", 0, T_RDS},
    {"database instance", 0, T_DB},
    {"database cluster", 0, T_DB},
    {"cluster instance", 0, T_RDS},
    {"mysql", 0, T_RDS},
    {"mysql instance", 0, T_RDS},
    {"postgresql", 0, T_RDS},
    {"postgresql instance", 0, T_RDS},
    {"postgres", 0, T_RDS},
    {"postgres instance", 0, T_RDS},
    {"read replica instance", C(AVAILABILITY), T_RDS},
    {"ec2", 0, T_EC2},
    {"ec2 instance", 0, T_EC2},
    {"instance", 0, NULL},
    {"instance type", 0, NULL},
    {"container instance", 0, NULL},
    {"spot instance", C(COST), T_EC2},
    {"bastion", 0, T_EC2},
    {"bastion host", 0, T_EC2},
    {"launch template", 0, "AWS::EC2::LaunchTemplate|AWS::AutoScaling::LaunchConfiguration"},
    {"launch configuration", 0, "AWS::EC2::LaunchTemplate|AWS::AutoScaling::LaunchConfiguration"},
    {"load balancer", 0, T_LB},
    {"application load balancer", 0, T_LB},
    {"network load balancer", 0, T_LB},
    {"elastic load balancer", 0, T_LB},
    {"elastic load balancing", 0, T_LB},
    {"alb", 0, T_LB},
    {"nlb", 0, T_LB},
    {"elb", 0, T_LB},
    {"target group", 0, "AWS::ElasticLoadBalancingV2::TargetGroup"},
    {"listener", 0, "AWS::ElasticLoadBalancingV2::Listener"},
    {"api gateway", 0, T_APIGW},
    {"apigateway", 0, T_APIGW},
    {"rest api", 0, T_APIGW},
    {"http api", 0, T_APIGW},
    {"websocket api", 0, T_APIGW},
    {"usage plan", 0, "AWS::ApiGateway::UsagePlan"},
    {"sns", 0, "AWS::SNS::Topic"},
    {"sns topic", 0, "AWS::SNS::Topic"},
    {"email subscription", C(MONITORING), "AWS::SNS::Subscription|AWS::SNS::Topic"},
    {"sqs", 0, "AWS::SQS::Queue"},
    {"sqs queue", 0, "AWS::SQS::Queue"},
    {"queue", 0, "AWS::SQS::Queue"},
    {"dead letter queue", C(AVAILABILITY), "AWS::SQS::Queue|AWS::SNS::Topic"},
    {"dlq", C(AVAILABILITY), "AWS::SQS::Queue|AWS::SNS::Topic"},
    {"cloudfront", 0, "AWS::CloudFront::Distribution"},
    {"cloudfront distribution", 0, "AWS::CloudFront::Distribution"},
    {"ecs", 0, T_ECS},
    {"ecs cluster", 0, "AWS::ECS::Cluster"},
    {"ecs service", 0, "AWS::ECS::Service"},
    {"fargate", 0, T_ECS},
    {"fargate service", 0, "AWS::ECS::Service"},
    {"task definition", 0, "AWS::ECS::TaskDefinition"},
    {"ecr", 0, "AWS::ECR::Repository"},
    {"eks", 0, "AWS::EKS::Cluster"},
    {"eks cluster", 0, "AWS::EKS::Cluster"},
    {"node group", 0, "AWS::EKS::Nodegroup"},
    {"efs", 0, "AWS::EFS::FileSystem"},
    {"elastic file system", 0, "AWS::EFS::FileSystem"},
    {"mount target", 0, "AWS::EFS::MountTarget"},
    {"kinesis", 0, "AWS::Kinesis::Stream"},
    {"kinesis stream", 0, "AWS::Kinesis::Stream"},
    {"kinesis data stream", 0, "AWS::Kinesis::Stream"},
    {"firehose", 0, T_FIREHOSE},
    {"kinesis firehose", 0, T_FIREHOSE},
    {"kinesis data firehose", 0, T_FIREHOSE},
    {"delivery stream", 0, T_FIREHOSE},
    {"step function", 0, T_SFN},
    {"state machine", 0, T_SFN},
    {"eventbridge", 0, T_EVENTS},
    {"event bridge", 0, T_EVENTS},
    {"eventbridge rule", 0, T_EVENTS},
    {"cloudwatch event", 0, T_EVENTS},
    {"event rule", 0, T_EVENTS},
    {"scheduled rule", 0, T_EVENTS},
    {"event bus", 0, "AWS::Events::EventBus"},
    {"custom event bus", 0, "AWS::Events::EventBus"},
    {"eventbridge bus", 0, "AWS::Events::EventBus"},
    {"elasticache", 0, T_CACHE},
    {"redis", 0, T_CACHE},
    {"memcached", 0, T_CACHE},
    {"cognito", 0, "AWS::Cognito::UserPool"},
    {"user pool", 0, "AWS::Cognito::UserPool"},
    {"redshift", 0, "AWS::Redshift::Cluster|AWS::RedshiftServerless::Workgroup"},
    {"opensearch", 0, T_SEARCH},
    {"elasticsearch", 0, T_SEARCH},
    {"msk", 0, "AWS::MSK::Cluster|AWS::MSK::ServerlessCluster"},
    {"codepipeline", 0, "AWS::CodePipeline::Pipeline"},
    {"codebuild", 0, "AWS::CodeBuild::Project"},
    {"codecommit", 0, "AWS::CodeCommit::Repository"},
    {"codedeploy", 0, "AWS::CodeDeploy::Application|AWS::CodeDeploy::DeploymentGroup"},
    {"elastic beanstalk", 0,
     "AWS::ElasticBeanstalk::Environment|AWS::ElasticBeanstalk::Application"},
    {"aws glue", 0, "AWS::Glue::Job|AWS::Glue::Crawler|AWS::Glue::Database"},
    {"glue job", 0, "AWS::Glue::Job"},
    {"glue crawler", 0, "AWS::Glue::Crawler"},
    {"stackset", C(DEPLOYABILITY), NULL},
    {"stack set", C(DEPLOYABILITY), NULL},
    {"nested stack", C(DEPLOYABILITY), NULL},
    {"wait condition", 0,
     "AWS::CloudFormation::WaitCondition|AWS::CloudFormation::WaitConditionHandle"},
};

#define NROWS (sizeof kw_rows / sizeof *kw_rows)

/* Words that make a sentence a requirement (is_explicit). */
static const char *const explicit_words[] = {
    "must", "shall", "should", "ensure*", "required", "require", "requires", "need to",
    "needs to", "has to", "have to", "mandatory", "enforce*", "only allow", "do not", "don t",
    "never", "no=", "cannot", "can t", "must not", "forbidden", "prohibited", "not allowed",
    "make sure", "is essential", NULL};

/* The subset that makes a requirement mandatory: unmet, it is critical.
 * "should", "make sure" and plain imperatives are requirements too, but
 * not mandatory ones. */
static const char *const mandatory_words[] = {
    "must", "shall", "required", "require", "requires", "mandatory", "has to", "have to",
    "need to", "needs to", "never", "must not", "do not", "don t", "cannot", "can t",
    "forbidden", "prohibited", "not allowed", "is essential", NULL};

/* Verbs that open an imperative sentence ("Create a DynamoDB table ..."). */
static const char *const imperative_verbs[] = {
    "create", "deploy", "configure", "enable", "use", "set", "implement", "define",
    "provision", "include", "add", "tag", "attach", "apply", "store", "restrict", "allow",
    "deny", "encrypt", "expose", "grant", "limit", "build", "provide", "establish",
    "integrate", "launch", "enforce", "make", "ensure", "place", "route", "block",
    "disable", "protect", "retain", "keep", "assign", "associate", "specify", "export",
    "log", "monitor", "schedule", "trigger", "send", "put", "run", "host", "utilize",
    "leverage", "register", "mount", "replicate", "rotate", "back", "emit", "publish",
    "notify", "connect", "secure", "isolate", "support", "output", "setup", "spin",
    "turn", "lock", "require", "avoid", "do", "never", "parameterize", "parameterise",
    "reference", "pass", "forward", "capture", "collect", "stream", "expire",
    "transition", "archive", "scale", "give", NULL};

/* Words skipped before the verb ("Also enable ...", "Finally, create ..."). */
static const char *const filler_words[] = {"also",  "additionally", "finally", "then",
                                           "next",  "lastly",       "please",  "and",
                                           "first", "second",       "third",   "optionally",
                                           NULL};

/* Openers after which the verb follows the first comma ("For logs, configure ..."). */
static const char *const lead_words[] = {"for",  "to",   "in",   "on",    "after", "before",
                                         "with", "once", "when", "where", "if",    "as",
                                         "within", "using", NULL};

/* Words that negate a resource named right after them ("no NAT Gateway"). */
static const char *const negators[] = {"no=", "without", "avoid", "nor", "except", "excluding",
                                       NULL};

/* "do not create a NAT Gateway", "never use the default VPC": a negated
 * verb of existence; "never expose the database" keeps the database. */
static const char *const not_words[] = {"not", "never", "t", NULL};
static const char *const existence_verbs[] = {
    "create", "use", "include", "deploy", "provision", "add", "need", "require", "have",
    "build", "launch", "attach", "introduce", "rely", "set", NULL};

static const char *const no_word[] = {"no=", NULL};

/* Words that mark a resource as existing, passed in rather than created. */
static const char *const existing_words[] = {"existing", "provided", "preexisting", "given",
                                             "imported", "external", "specified", NULL};

/* After "no X", these make "no" a quantifier ("no RDS instances are public"). */
static const char *const quantifier_verbs[] = {"are", "is", "have", "has", "can", "should",
                                               "must", "may", "will", "shall", "be", NULL};

/* After a resource: it is not wanted ("VPC not required"). */
static const char *const post_negations[] = {"not required", "not needed", "not necessary",
                                             "unnecessary", NULL};

/* Before a service: it is the target of an endpoint, not a resource. */
static const char *const endpoint_words[] = {"endpoint", NULL};

/* ---- tokens ------------------------------------------------------------------ */

typedef struct tok {
    uint32_t off, len;
    bool clause; /* a clause break (, ; : . ( ) ...) comes before this word */
} tok;

typedef struct toks {
    char *s; /* the text, lower-cased, separators turned into spaces */
    tok *v;
    size_t n;
    uint32_t letters; /* letter_bit() of every token's first character */
} toks;

/* a-z one bit each, every other character bit 26 */
static uint32_t letter_bit(char c)
{
    return (c >= 'a' && c <= 'z') ? (uint32_t)1 << (c - 'a') : (uint32_t)1 << 26;
}

static bool is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Length of a literal "AWS::Service::Resource[::More]" at text[i], or 0. */
static size_t literal_len(const char *text, size_t len, size_t i)
{
    if (i + 5 >= len || memcmp(text + i, "AWS::", 5) != 0 ||
        (i > 0 && is_alnum((unsigned char)text[i - 1])))
        return 0;
    size_t p = i + 5;
    for (;;) {
        size_t st = p;
        while (p < len && is_alnum((unsigned char)text[p]))
            p++;
        if (p == st || p + 2 >= len || text[p] != ':' || text[p + 1] != ':' ||
            !is_alnum((unsigned char)text[p + 2]))
            return p - i;
        p += 2;
    }
}

/* Apostrophes (ASCII and U+2019) vanish so "don't" and "don’t" both read
 * "don t"; every other non-alphanumeric byte separates words. */
static void tokenize(const char *text, size_t len, toks *t)
{
    if (len > MAP_TEXT_MAX)
        len = MAP_TEXT_MAX;
    t->s = sg_xmalloc(len + 1);
    t->v = sg_xmalloc((len / 2 + 1) * sizeof *t->v);
    t->n = 0;
    t->letters = 0;
    bool clause = false;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        size_t lit = literal_len(text, len, i);
        if (lit) { /* "AWS::EC2::VPC" is one name, not the words aws, ec2, vpc */
            memset(t->s + i, ' ', lit);
            i += lit;
            clause = true;
            continue;
        }
        if (is_alnum(c)) {
            size_t st = i;
            while (i < len && is_alnum((unsigned char)text[i])) {
                t->s[i] = lower(text[i]);
                i++;
            }
            t->v[t->n++] = (tok){(uint32_t)st, (uint32_t)(i - st), clause};
            t->letters |= letter_bit(t->s[st]);
            clause = false;
            continue;
        }
        if (strchr(",;:.()!?[]{}\"", c) && c != '\0')
            clause = true;
        t->s[i++] = ' ';
    }
    t->s[len] = '\0';
}

static void toks_free(toks *t)
{
    free(t->s);
    free(t->v);
}

/* One word of a keyword against one token: exact, plural, or prefix. */
static bool word_match(const char *w, size_t wl, const char *kw, size_t kl)
{
    if (kl > 1 && w[0] != kw[0]) /* every form below compares the first letter */
        return false;
    if (kl && kw[kl - 1] == '*')
        return wl >= kl - 1 && memcmp(w, kw, kl - 1) == 0;
    if (kl && kw[kl - 1] == '=')
        return wl == kl - 1 && memcmp(w, kw, kl - 1) == 0;
    if (wl >= kl && memcmp(w, kw, kl) == 0) {
        if (wl == kl)
            return true;
        if (wl == kl + 1)
            return w[kl] == 's';
        return wl == kl + 2 && w[kl] == 'e' && w[kl + 1] == 's';
    }
    /* policy -> policies */
    return kl > 1 && kw[kl - 1] == 'y' && wl == kl + 2 && memcmp(w, kw, kl - 1) == 0 &&
           memcmp(w + kl - 1, "ies", 3) == 0;
}

/* The first letter decides most calls: it is tested before kw is measured. */
static bool tok_is(const toks *t, size_t i, const char *kw)
{
    if (i >= t->n)
        return false;
    const char *w = t->s + t->v[i].off;
    if (kw[0] != w[0] && kw[0] && kw[1])
        return false;
    return word_match(w, t->v[i].len, kw, strlen(kw));
}

/* Tokens the keyword matches at token i (all its words, within one clause), or 0. */
static size_t match_words(const toks *t, size_t i, const char *kw)
{
    size_t k = 0;
    const char *p = kw;
    while (*p) {
        if (i + k >= t->n || (k > 0 && t->v[i + k].clause))
            return 0;
        const char *w = t->s + t->v[i + k].off;
        if (w[0] != p[0] && p[1] != ' ' && p[1] != '\0') /* as in tok_is */
            return 0;
        size_t wl = 0;
        while (p[wl] && p[wl] != ' ')
            wl++;
        if (!word_match(w, t->v[i + k].len, p, wl))
            return 0;
        k++;
        p += wl;
        if (*p == ' ')
            p++;
    }
    return k;
}

/* match_words, with its usual outcome - the first letters differ - decided
 * where callers looping over every token can inline it. */
static inline size_t match_kw(const toks *t, size_t i, const char *kw)
{
    if (i < t->n && t->s[t->v[i].off] != kw[0] && kw[0] && kw[1] != ' ' && kw[1] != '\0')
        return 0;
    return match_words(t, i, kw);
}

/* Can keyword kw match anywhere in t?  False when no token starts with its
 * first letter (as in tok_is, a one-letter word with * or = matches any). */
static bool may_occur(const toks *t, const char *kw)
{
    if (!kw[0] || kw[0] == '*' || kw[0] == '=')
        return true;
    return (t->letters & letter_bit(kw[0])) != 0;
}

/* Does any keyword of "a|b|c" occur in the text? */
static bool has_any(const toks *t, const char *alts)
{
    char buf[128];
    const char *p = alts;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n < sizeof buf && may_occur(t, p)) {
            memcpy(buf, p, n);
            buf[n] = '\0';
            for (size_t i = 0; i < t->n; i++)
                if (match_kw(t, i, buf))
                    return true;
        }
        p += n;
        if (*p == '|')
            p++;
    }
    return false;
}

static bool word_exact(const toks *t, size_t i, const char *w)
{
    if (i >= t->n || t->s[t->v[i].off] != w[0]) /* w is never empty */
        return false;
    size_t n = strlen(w);
    return t->v[i].len == n && memcmp(t->s + t->v[i].off, w, n) == 0;
}

static bool in_list(const toks *t, size_t i, const char *const *list)
{
    for (; *list; list++)
        if (tok_is(t, i, *list))
            return true;
    return false;
}

/* A requirement word; "no" only opening a clause ("No hardcoded ARNs"),
 * not inside prose ("a sentence with no requirement"). */
static bool has_explicit_word(const toks *t)
{
    for (const char *const *w = explicit_words; *w; w++)
        for (size_t i = 0; i < t->n && may_occur(t, *w); i++)
            if (match_kw(t, i, *w) && (strcmp(*w, "no=") != 0 || i == 0 || t->v[i].clause))
                return true;
    return false;
}

static bool has_mandatory_word(const toks *t)
{
    for (const char *const *w = mandatory_words; *w; w++)
        for (size_t i = 0; i < t->n && may_occur(t, *w); i++)
            if (match_kw(t, i, *w))
                return true;
    return false;
}

/* The words before token i within its clause, nearest first, up to `reach`:
 * does one of them belong to `list`? */
static bool preceded_by(const toks *t, size_t i, size_t reach, const char *const *list)
{
    for (size_t j = 1; j <= reach && j <= i; j++) {
        if (t->v[i - j + 1].clause)
            return false;
        if (in_list(t, i - j, list))
            return true;
    }
    return false;
}

/* Does a phrase of `list` start within `reach` words after token i (same clause)? */
static bool followed_by(const toks *t, size_t i, size_t reach, const char *const *list)
{
    for (size_t j = i; j < t->n && j < i + reach; j++) {
        if (j > i && t->v[j].clause)
            return false;
        for (const char *const *p = list; *p; p++)
            if (match_kw(t, j, *p))
                return true;
    }
    return false;
}

/* Is the thing named by tokens [i, i+n) unwanted rather than required? */
static bool negated_at(const toks *t, size_t i, size_t n)
{
    if (preceded_by(t, i, 3, negators)) {
        /* "no RDS instances are publicly accessible" quantifies */
        bool quantifier = i + n < t->n && !t->v[i + n].clause &&
                          in_list(t, i + n, quantifier_verbs) && preceded_by(t, i, 3, no_word);
        if (!quantifier)
            return true;
    }
    for (size_t j = 1; j <= NEG_WINDOW && j < i; j++) {
        if (t->v[i - j + 1].clause)
            break;
        size_t v = i - j;
        if (in_list(t, v, existence_verbs) && !t->v[v].clause &&
            (in_list(t, v - 1, not_words) ||
             (v >= 2 && !t->v[v - 1].clause && in_list(t, v - 2, not_words))))
            return true;
        /* "instead of X", "rather than X" */
        if ((word_exact(t, v, "of") && word_exact(t, v - 1, "instead")) ||
            (word_exact(t, v, "than") && word_exact(t, v - 1, "rather")))
            return true;
    }
    /* "VPC not required"; "endpoints for S3" reach a service, not a resource */
    return followed_by(t, i + n, 3, post_negations) || preceded_by(t, i, 4, endpoint_words);
}

/* ---- keyword hits and the mapping ------------------------------------------- */

typedef struct hit {
    const kw_row *row;
    size_t at, n;
    bool negated;  /* "no NAT Gateway": the type is not wanted */
    bool existing; /* "the provided VPC": passed in, not created */
} hit;

/* Keyword rows bucketed by their first two characters, built once: a token
 * is tried against its bucket only, not the whole table (this was the
 * report's hottest loop).  A bucket keeps table order: the first of the
 * longest matches wins.  The second character's class: a-z, 0-9, or
 * anything else (a one-letter token has ' ' or '\0' there); a row whose
 * words may differ there (a final *, = or y) sits in every class of its
 * first character. */
#define NCLASS 37
#define NBUCKETS (256 * NCLASS)
static uint16_t bucket_start[NBUCKETS + 1];
static uint16_t bucket_rows[NROWS * NCLASS]; /* static: nothing stays allocated */
static uint8_t first_word_len[NROWS]; /* a cheap first test before match_kw */
static pthread_once_t buckets_once = PTHREAD_ONCE_INIT;

static size_t char_class(char c)
{
    if (c >= 'a' && c <= 'z')
        return (size_t)(c - 'a');
    if (c >= '0' && c <= '9')
        return 26 + (size_t)(c - '0');
    return 36;
}

#define ROW_WORDS ((NROWS + 63) / 64)
typedef struct row_set {
    uint64_t w[ROW_WORDS];
} row_set;

/* Every type the table names, with the rows that name it, hashed once:
 * check_presence asks rows_naming() for each type of each requirement. */
typedef struct type_rows {
    const char *s; /* NULL: an empty slot */
    size_t len;
    row_set rows;
} type_rows;
#define TYPE_SLOTS 1024 /* a power of two, at least twice the types the table names */
static type_rows type_tab[TYPE_SLOTS]; /* static: nothing stays allocated */
static bool type_tab_full;             /* more types than that: rows_naming() scans */

static type_rows *type_slot(const char *s, size_t len)
{
    uint64_t h = sg_fnv1a(SG_FNV1A_BASIS, s, len);
    size_t i = (size_t)h & (TYPE_SLOTS - 1);
    while (type_tab[i].s && !(type_tab[i].len == len && memcmp(type_tab[i].s, s, len) == 0))
        i = (i + 1) & (TYPE_SLOTS - 1);
    return &type_tab[i];
}

static void split_row_types(void)
{
    size_t n = 0; /* alternatives in all: the table holds at most that many types */
    for (size_t r = 0; r < NROWS; r++)
        for (const char *p = kw_rows[r].types; p; p = strchr(p + 1, '|'))
            n++;
    if (2 * n > TYPE_SLOTS) {
        type_tab_full = true;
        return;
    }
    for (size_t r = 0; r < NROWS; r++)
        for (const char *p = kw_rows[r].types; p && *p;) {
            size_t k = strcspn(p, "|");
            type_rows *t = type_slot(p, k);
            t->s = p;
            t->len = k;
            t->rows.w[r / 64] |= (uint64_t)1 << (r % 64);
            p += k + (p[k] == '|');
        }
}

static void build_buckets(void)
{
    split_row_types();
    int second[NROWS]; /* the class every match has second, or -1 for any */
    for (size_t r = 0; r < NROWS; r++) {
        const char *kw = kw_rows[r].kw;
        size_t fl = strcspn(kw, " ");
        first_word_len[r] = (uint8_t)fl;
        /* the letters every match of word_match shares: all but a final *, = or y */
        size_t fixed = fl && (kw[fl - 1] == '*' || kw[fl - 1] == '=' || kw[fl - 1] == 'y')
                           ? fl - 1
                           : fl;
        second[r] = fixed >= 2 ? (int)char_class(kw[1]) : -1;
    }
    static uint16_t count[NBUCKETS];
    for (int pass = 0; pass < 2; pass++) {
        for (size_t r = 0; r < NROWS; r++) {
            size_t base = (size_t)(unsigned char)kw_rows[r].kw[0] * NCLASS;
            for (size_t k = 0; k < NCLASS; k++) {
                if (second[r] >= 0 && (size_t)second[r] != k)
                    continue;
                if (pass)
                    bucket_rows[bucket_start[base + k] + count[base + k]] = (uint16_t)r;
                count[base + k]++;
            }
        }
        if (pass)
            break;
        for (size_t b = 0; b < NBUCKETS; b++)
            bucket_start[b + 1] = (uint16_t)(bucket_start[b] + count[b]);
        memset(count, 0, sizeof count);
    }
}

static size_t find_hits(const toks *t, hit *out, size_t cap)
{
    pthread_once(&buckets_once, build_buckets);
    size_t nh = 0;
    for (size_t i = 0; i < t->n;) {
        const kw_row *best = NULL;
        size_t bn = 0;
        const char *w = t->s + t->v[i].off;
        size_t wl = t->v[i].len;
        size_t bk = (size_t)(unsigned char)w[0] * NCLASS + char_class(w[1]);
        for (size_t b = bucket_start[bk]; b < bucket_start[bk + 1]; b++) {
            size_t r = bucket_rows[b];
            if (!word_match(w, wl, kw_rows[r].kw, first_word_len[r]))
                continue;
            size_t m = match_kw(t, i, kw_rows[r].kw);
            if (m > bn) {
                bn = m;
                best = &kw_rows[r];
            }
        }
        if (!best) {
            i++;
            continue;
        }
        if (nh < cap) {
            hit *h = &out[nh++];
            h->row = best;
            h->at = i;
            h->n = bn;
            h->negated = negated_at(t, i, bn);
            h->existing = preceded_by(t, i, 2, existing_words);
        }
        i += bn;
    }
    return nh;
}

typedef struct typeset {
    const char *v[MAX_TYPES];
    size_t n;
} typeset;

static bool typeset_has(const typeset *s, const char *type, size_t len)
{
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->v[i]) == len && memcmp(s->v[i], type, len) == 0)
            return true;
    return false;
}

static void typeset_add(sg_arena *a, typeset *s, const char *type, size_t len)
{
    if (len == 0 || s->n == MAX_TYPES || typeset_has(s, type, len))
        return;
    s->v[s->n++] = sg_arena_strndup(a, type, len);
}

/* Adds each type of an "A|B" list. */
static void typeset_add_alts(sg_arena *a, typeset *s, const char *alts)
{
    while (*alts) {
        const char *bar = strchr(alts, '|');
        size_t n = bar ? (size_t)(bar - alts) : strlen(alts);
        typeset_add(a, s, alts, n);
        alts += n;
        if (*alts == '|')
            alts++;
    }
}

static bool alts_contain(const char *alts, const char *type)
{
    size_t tl = strlen(type);
    while (*alts) {
        const char *bar = strchr(alts, '|');
        size_t n = bar ? (size_t)(bar - alts) : strlen(alts);
        if (n == tl && memcmp(alts, type, n) == 0)
            return true;
        alts += n;
        if (*alts == '|')
            alts++;
    }
    return false;
}

/* Template-structure names that look like types but are not resources. */
static bool is_resource_type_literal(const char *s, size_t n)
{
    static const char *const not_types[] = {"AWS::CloudFormation::Init",
                                            "AWS::CloudFormation::Interface",
                                            "AWS::CloudFormation::Designer", NULL};
    for (const char *const *p = not_types; *p; p++)
        if (strlen(*p) == n && memcmp(*p, s, n) == 0)
            return false;
    return true;
}

/* Literal "AWS::Service::Resource" names in the text (not "AWS::Region",
 * not parameter types such as "AWS::EC2::VPC::Id"). */
static void literal_types(sg_arena *a, const char *text, size_t len, typeset *s)
{
    for (size_t i = 0; i < len; i++) {
        size_t n = literal_len(text, len, i);
        if (!n)
            continue;
        size_t seps = 0;
        for (size_t k = i; k + 1 < i + n; k++)
            seps += text[k] == ':' && text[k + 1] == ':';
        if (seps == 2 && is_resource_type_literal(text + i, n))
            typeset_add(a, s, text + i, n);
        i += n;
    }
}

typedef struct mapping {
    uint32_t cats;
    typeset types;
    bool is_explicit;  /* a requirement word: it is a requirement */
    bool is_mandatory; /* a mandatory word: unmet, it is critical */
    bool imperative;
    bool suppressed; /* named a type only to negate it: inherit none */
} mapping;

/* The first word that can be the sentence's verb. */
static size_t verb_index(const toks *t)
{
    size_t i = 0;
    while (i < t->n && (t->s[t->v[i].off] >= '0' && t->s[t->v[i].off] <= '9'))
        i++; /* "1." numbering */
    while (i < t->n && in_list(t, i, filler_words))
        i++;
    if (i < t->n && in_list(t, i, lead_words)) {
        for (size_t j = i + 1; j < t->n && j < i + 12; j++)
            if (t->v[j].clause)
                return j;
        return t->n;
    }
    return i;
}

static bool is_verb(const toks *t, size_t i)
{
    for (const char *const *v = imperative_verbs; *v; v++)
        if (word_exact(t, i, *v))
            return true;
    return false;
}

static bool is_imperative(const toks *t)
{
    size_t i = verb_index(t);
    if (is_verb(t, i))
        return true;
    /* "S3 Bucket: Create ..." - a short label, then the verb */
    for (size_t j = i + 1; j < t->n && j < i + 6; j++)
        if (t->v[j].clause)
            return is_verb(t, j);
    return false;
}

static void map_text(sg_arena *a, const char *text, size_t len, mapping *m)
{
    memset(m, 0, sizeof *m);
    toks t;
    tokenize(text, len, &t);
    hit hits[MAX_HITS];
    size_t nh = find_hits(&t, hits, MAX_HITS);
    for (size_t i = 0; i < nh; i++) {
        m->cats |= hits[i].row->cats;
        if (hits[i].existing)
            m->cats |= C(PARAMETERS);
        if (hits[i].row->types && (hits[i].existing || hits[i].negated))
            m->suppressed = true;
        else if (hits[i].row->types)
            typeset_add_alts(a, &m->types, hits[i].row->types);
    }
    literal_types(a, text, len > MAP_TEXT_MAX ? MAP_TEXT_MAX : len, &m->types);
    m->is_explicit = has_explicit_word(&t);
    m->is_mandatory = has_mandatory_word(&t);
    m->imperative = is_imperative(&t);
    toks_free(&t);
}

/* ---- extraction ------------------------------------------------------------ */

typedef struct ctx {
    uint32_t cats;
    const char **types;
    size_t ntypes;
} ctx;

typedef struct seen_slot {
    uint64_t hash;
    size_t req; /* index + 1 of the requirement with that text; 0 = empty */
} seen_slot;

typedef struct xctx {
    sg_arena *a;
    sg_requirement *v;
    size_t n, cap;
    seen_slot *seen; /* open-addressing set of the texts kept */
    size_t seen_cap;
    ctx section; /* what the current heading or pseudo-heading names */
    ctx *stack;  /* enclosing list items */
    size_t depth, stack_cap;
} xctx;

static uint64_t hash_text(const char *s)
{
    uint64_t h = sg_fnv1a(SG_FNV1A_BASIS, s, strlen(s));
    return h ? h : 1;
}

/* The slot of text in the set: where it is, or the empty slot to put it. */
static seen_slot *seen_find(const xctx *x, const char *text, uint64_t h)
{
    size_t mask = x->seen_cap - 1, j = (size_t)(h & mask);
    while (x->seen[j].req &&
           (x->seen[j].hash != h || strcmp(x->v[x->seen[j].req - 1].text, text) != 0))
        j = (j + 1) & mask;
    return &x->seen[j];
}

/* Is text new?  If so, remembers it as requirement `req` (0-based). */
static bool seen_insert(xctx *x, const char *text, size_t req)
{
    if ((x->n + 1) * 2 > x->seen_cap) {
        size_t old_cap = x->seen_cap;
        seen_slot *old = x->seen;
        x->seen_cap = old_cap ? old_cap * 2 : 256;
        x->seen = calloc(x->seen_cap, sizeof *x->seen);
        if (!x->seen)
            abort();
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].req)
                *seen_find(x, x->v[old[i].req - 1].text, old[i].hash) = old[i];
        free(old);
    }
    uint64_t h = hash_text(text);
    seen_slot *slot = seen_find(x, text, h);
    if (slot->req)
        return false;
    slot->hash = h;
    slot->req = req + 1;
    return true;
}

static ctx ctx_of(sg_arena *a, const mapping *m)
{
    ctx c = {m->cats, NULL, m->types.n};
    if (m->types.n) {
        c.types = sg_arena_alloc(a, m->types.n * sizeof *c.types);
        memcpy(c.types, m->types.v, m->types.n * sizeof *c.types);
    }
    return c;
}

/* What a text without types or categories of its own inherits: the
 * enclosing item's, else the current section's. */
static ctx inherited(const xctx *x)
{
    return x->depth ? x->stack[x->depth - 1] : x->section;
}

static ctx fill(ctx own, ctx from, const mapping *m)
{
    if (!own.cats)
        own.cats = from.cats;
    if (!own.ntypes && !m->suppressed) {
        own.types = from.types;
        own.ntypes = from.ntypes;
    }
    return own;
}

static void push(xctx *x, ctx c)
{
    if (x->depth == x->stack_cap) {
        x->stack_cap = x->stack_cap ? x->stack_cap * 2 : 16;
        x->stack = sg_xrealloc(x->stack, x->stack_cap * sizeof *x->stack);
    }
    x->stack[x->depth++] = c;
}

/* Collapses whitespace, trims, drops a leading bullet, and caps the text
 * at REQ_TEXT_MAX bytes on a UTF-8 boundary ("..." marks a cut). */
static char *clean_text(sg_arena *a, const char *s, size_t n)
{
    char *out = sg_xmalloc(n + 1);
    size_t k = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = k > 0;
            continue;
        }
        if (space)
            out[k++] = ' ';
        space = false;
        out[k++] = c;
    }
    size_t st = 0;
    static const char *const bullets[] = {"- ", "* ", "+ ", "\xe2\x80\xa2 ", "\xe2\x97\xa6 ",
                                          "\xe2\x96\xaa ", NULL};
    for (const char *const *b = bullets; *b; b++) {
        size_t bl = strlen(*b);
        if (k >= bl && memcmp(out, *b, bl) == 0) {
            st = bl;
            break;
        }
    }
    size_t len = k - st;
    if (len > REQ_TEXT_MAX) {
        len = REQ_TEXT_MAX - 3;
        while (len > 0 && ((unsigned char)out[st + len] & 0xC0) == 0x80)
            len--;
        while (len > 0 && out[st + len - 1] == ' ')
            len--;
        memcpy(out + st + len, "...", 3);
        len += 3;
    }
    char *r = sg_arena_strndup(a, out + st, len);
    free(out);
    return r;
}

/* A list item that is only a file name ("lib/TapStack.yml", "`main.json`"). */
static bool is_file_name(const char *s)
{
    if (strchr(s, ' '))
        return false;
    static const char *const exts[] = {".yml", ".yaml", ".json", ".md", ".ts", ".py",
                                       ".js",  ".sh",   ".txt",  ".template", NULL};
    size_t n = strlen(s);
    while (n && strchr("`'\".,:", s[n - 1]))
        n--;
    for (const char *const *e = exts; *e; e++) {
        size_t el = strlen(*e);
        if (n > el && memcmp(s + n - el, *e, el) == 0)
            return true;
    }
    return strchr(s, '/') != NULL;
}

static size_t count_words(const char *s)
{
    size_t n = 0;
    bool in = false;
    for (; *s; s++) {
        bool w = *s != ' ';
        if (w && !in)
            n++;
        in = w;
    }
    return n;
}

/* Adds a requirement; the text and mapping are final. */
static void add_req(xctx *x, const char *text, uint32_t line, const mapping *m, ctx eff)
{
    if (!eff.cats && !eff.ntypes && !m->is_explicit)
        return; /* prose */
    if (!seen_insert(x, text, x->n))
        return;
    if (x->n == x->cap) {
        x->cap = x->cap ? x->cap * 2 : 32;
        x->v = sg_xrealloc(x->v, x->cap * sizeof *x->v);
    }
    sg_requirement *r = &x->v[x->n++];
    memset(r, 0, sizeof *r);
    r->text = text;
    r->line = line;
    r->is_explicit = m->is_mandatory;
    r->categories = eff.cats;
    r->types = eff.types;
    r->ntypes = eff.ntypes;
    r->status = SG_REQ_NOT_CHECKABLE;
}


/* A topic heading ("### S3 Buckets", "## 2. Lambda Function") sets the
 * section's context; a title (level 1) or a long heading clears it, so a
 * document titled "... on ECS Fargate" does not make every line about ECS. */
static void on_heading(xctx *x, cmark_node *nd)
{
    x->section = (ctx){0, NULL, 0};
    if (cmark_node_get_heading_level(nd) < 2)
        return;
    sg_strbuf b = SG_STRBUF_INIT;
    sg_md_inline_text(nd, &b, '\n', 0);
    const char *text = clean_text(x->a, b.data ? b.data : "", b.len);
    if (count_words(text) <= HEADING_WORDS) {
        mapping m;
        map_text(x->a, b.data ? b.data : "", b.len, &m);
        x->section = ctx_of(x->a, &m);
    }
    sg_strbuf_free(&b);
}

/* The item's own text: its paragraphs, not its nested lists. */
static void on_item(xctx *x, cmark_node *item)
{
    sg_strbuf b = SG_STRBUF_INIT;
    bool has_list = false;
    uint32_t line = (uint32_t)cmark_node_get_start_line(item);
    bool first = true;
    for (cmark_node *c = cmark_node_first_child(item); c; c = cmark_node_next(c)) {
        cmark_node_type t = cmark_node_get_type(c);
        if (t == CMARK_NODE_LIST) {
            has_list = true;
        } else if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING) {
            if (first)
                line = (uint32_t)cmark_node_get_start_line(c);
            first = false;
            if (b.len)
                sg_strbuf_putc(&b, ' ');
            sg_md_inline_text(c, &b, '\n', 0);
        }
    }
    const char *text = clean_text(x->a, b.data ? b.data : "", b.len);
    mapping m;
    map_text(x->a, b.data ? b.data : "", b.len, &m);
    sg_strbuf_free(&b);
    ctx own = ctx_of(x->a, &m);
    ctx eff = fill(own, inherited(x), &m);
    push(x, eff);
    size_t len = strlen(text);
    if (len < 3 || is_file_name(text))
        return;
    /* a lone word ("aws", "Environment") counts only under a parent item */
    if (count_words(text) == 1 && !own.cats && !own.ntypes && x->depth < 2)
        return;
    /* "ECS Service with:" over a nested list is context, not a requirement */
    bool colon = text[len - 1] == ':';
    if (has_list && !m.is_explicit && (colon || count_words(text) <= 4))
        return;
    if (colon && !own.cats && !own.ntypes)
        return; /* "The template must:" */
    add_req(x, text, line, &m, eff);
}

static bool is_upper_start(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '`' || s[i] == '"' || s[i] == '\''))
        i++;
    if (i >= n)
        return false;
    unsigned char c = (unsigned char)s[i];
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 || c == '(' ||
           c == '-' || c == '*';
}

/* Ends with a word that carries the sentence on to the next line. */
static bool ends_with_connector(const char *s, size_t n)
{
    static const char *const words[] = {"with", "and", "or", "the", "a", "an", "of", "for",
                                        "to", "in", "on", "using", "by", "from", "that",
                                        "which", "across", "between", "via", "into", "at",
                                        "as", "is", "are", "be", NULL};
    while (n && s[n - 1] == ' ')
        n--;
    if (n && s[n - 1] == ',')
        return true;
    size_t st = n;
    while (st && is_alnum((unsigned char)s[st - 1]))
        st--;
    for (const char *const *w = words; *w; w++)
        if (strlen(*w) == n - st && memcmp(s + st, *w, n - st) == 0)
            return true;
    return false;
}

/* A period that is not an abbreviation's ("e.g.", "etc.", "U.S."). */
static bool ends_sentence(const char *s, size_t i)
{
    if (s[i] != '.')
        return true;
    size_t st = i;
    while (st && is_alnum((unsigned char)s[st - 1]))
        st--;
    size_t wl = i - st;
    if (wl <= 1)
        return false;
    static const char *const abbrev[] = {"eg", "ie", "etc", "vs", "approx", "incl", "cf",
                                         "g", "e", "min", "max", "no", NULL};
    for (const char *const *a = abbrev; *a; a++)
        if (strlen(*a) == wl) {
            bool eq = true;
            for (size_t k = 0; k < wl; k++)
                if (lower(s[st + k]) != (*a)[k])
                    eq = false;
            if (eq)
                return false;
        }
    return true;
}

static void on_segment(xctx *x, const char *s, size_t n, uint32_t line)
{
    const char *text = clean_text(x->a, s, n);
    size_t len = strlen(text);
    if (len < 3)
        return;
    mapping m;
    map_text(x->a, s, n, &m);
    ctx own = ctx_of(x->a, &m);
    if (text[len - 1] == ':') {
        if (!m.is_explicit && count_words(text) <= HEADING_WORDS) {
            x->section = own; /* "AWS Lambda:" */
            return;
        }
        if (!own.cats && !own.ntypes)
            return; /* "The template must:" introduces what follows */
    }
    if (!m.is_explicit && !m.imperative)
        return;
    add_req(x, text, line, &m, fill(own, inherited(x), &m));
}

/* A paragraph of only bold or emphasized text ("**S3 Buckets**") heads
 * what follows like a heading. */
static bool is_pseudo_heading(cmark_node *para, const char *text)
{
    cmark_node *c = cmark_node_first_child(para);
    if (!c)
        return false;
    cmark_node_type t = cmark_node_get_type(c);
    if (t != CMARK_NODE_STRONG && t != CMARK_NODE_EMPH)
        return false;
    cmark_node *nx = cmark_node_next(c);
    if (nx) {
        const char *lit = cmark_node_get_literal(nx);
        if (cmark_node_next(nx) || cmark_node_get_type(nx) != CMARK_NODE_TEXT || !lit ||
            strspn(lit, ": ") != strlen(lit))
            return false;
    }
    return count_words(text) <= HEADING_WORDS;
}

/* Does the line break at s[i] end a segment?  It does after . : ; ! ?,
 * and before a line that starts like a new sentence when the line before
 * is short and does not end with a word that carries on ("with", "and",
 * ","): lines of a list written without markers.  Long lines are
 * hard-wrapped prose ("... an Application Load\nBalancer"). */
static bool break_cuts(const char *s, size_t st, size_t i, size_t n)
{
    size_t e = i;
    while (e > st && s[e - 1] == ' ')
        e--;
    char last = e > st ? s[e - 1] : '\0';
    if (last && strchr(".:;!?", last))
        return true;
    size_t ls = i;
    while (ls > 0 && s[ls - 1] != '\n')
        ls--;
    return i - ls < SHORT_LINE && is_upper_start(s + i + 1, n - i - 1) &&
           !ends_with_connector(s + st, e - st);
}

/* Splits text into sentences and lines that stand alone. */
static void split_segments(xctx *x, const char *s, size_t n, uint32_t line0)
{
    size_t st = 0, counted = 0;
    uint32_t breaks = 0;
    for (size_t i = 0; i <= n; i++) {
        size_t end;
        if (i == n) {
            end = n;
        } else if (s[i] == '\n') {
            if (!break_cuts(s, st, i, n))
                continue;
            end = i;
        } else if (s[i] && strchr(".!?", s[i]) && i + 1 < n &&
                   (s[i + 1] == ' ' || s[i + 1] == '\n') && is_upper_start(s + i + 1, n - i - 1) &&
                   ends_sentence(s, i)) {
            end = i + 1;
        } else {
            continue;
        }
        while (st < end && (s[st] == ' ' || s[st] == '\n'))
            st++;
        for (; counted < st; counted++)
            breaks += s[counted] == '\n';
        if (end > st)
            on_segment(x, s + st, end - st, line0 + breaks);
        st = end;
    }
}

/* A pipe table's separator line: "| --- | :-: |". */
static bool is_table_separator(const char *s, size_t n)
{
    bool dash = false, pipe = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '-')
            dash = true;
        else if (s[i] == '|')
            pipe = true;
        else if (s[i] != ':' && s[i] != ' ' && s[i] != '\t')
            return false;
    }
    return dash && pipe;
}

/* One table row: its cells, trimmed, joined by " | ". */
static void on_table_row(xctx *x, const char *s, size_t n, uint32_t line)
{
    sg_strbuf b = SG_STRBUF_INIT;
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '|'))
        i++;
    while (n > i && (s[n - 1] == ' ' || s[n - 1] == '|'))
        n--;
    while (i < n) {
        size_t e = i;
        while (e < n && s[e] != '|')
            e++;
        size_t ce = e;
        while (ce > i && s[ce - 1] == ' ')
            ce--;
        if (ce > i) {
            if (b.len)
                sg_strbuf_puts(&b, " | ");
            sg_strbuf_putn(&b, s + i, ce - i);
        }
        i = e + 1;
        while (i < n && s[i] == ' ')
            i++;
    }
    const char *text = clean_text(x->a, b.data ? b.data : "", b.len);
    mapping m;
    map_text(x->a, b.data ? b.data : "", b.len, &m);
    sg_strbuf_free(&b);
    if (strlen(text) >= 3)
        add_req(x, text, line, &m, fill(ctx_of(x->a, &m), inherited(x), &m));
}

/* A paragraph: sentences, and the rows of a pipe table when one of its
 * lines is a table separator (the line before it is the header). */
static void on_paragraph(xctx *x, cmark_node *para)
{
    sg_strbuf b = SG_STRBUF_INIT;
    sg_md_inline_text(para, &b, '\n', 0);
    const char *s = b.data ? b.data : "";
    size_t n = b.len;
    uint32_t line0 = (uint32_t)cmark_node_get_start_line(para);
    if (is_pseudo_heading(para, clean_text(x->a, s, n))) {
        mapping m;
        map_text(x->a, s, n, &m);
        x->section = ctx_of(x->a, &m);
        sg_strbuf_free(&b);
        return;
    }
    size_t prev = 0, cur = 0; /* starts of the previous and current line */
    uint32_t k = 0;           /* index of the current line */
    while (cur < n) {
        size_t e = cur;
        while (e < n && s[e] != '\n')
            e++;
        if (k > 0 && memchr(s + prev, '|', cur - prev) && is_table_separator(s + cur, e - cur)) {
            if (prev > 0)
                split_segments(x, s, prev - 1, line0);
            size_t r = e < n ? e + 1 : n;
            for (uint32_t row = k + 1; r < n; row++) {
                size_t re = r;
                while (re < n && s[re] != '\n')
                    re++;
                on_table_row(x, s + r, re - r, line0 + row);
                r = re < n ? re + 1 : n;
            }
            sg_strbuf_free(&b);
            return;
        }
        prev = cur;
        cur = e < n ? e + 1 : n;
        k++;
    }
    split_segments(x, s, n, line0);
    sg_strbuf_free(&b);
}

int sg_requirements_extract(sg_arena *a, const char *file, const char *md, size_t len,
                            sg_requirements *out, sg_error *err)
{
    memset(out, 0, sizeof *out);
    if (!file)
        file = "<prompt>";
    if (!md)
        len = 0;
    const sg_limits *lim = sg_limits_default();
    if (len > lim->max_input_bytes)
        return sg_fail(err, file, 0, 0, "prompt is %zu bytes, more than the limit of %zu", len,
                       lim->max_input_bytes);

    xctx x;
    memset(&x, 0, sizeof x);
    x.a = a;

    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
    cmark_parser_feed(p, md ? md : "", len);
    cmark_node *doc = cmark_parser_finish(p);
    if (doc) {
        cmark_iter *it = cmark_iter_new(doc);
        cmark_event_type ev;
        while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
            cmark_node *nd = cmark_iter_get_node(it);
            cmark_node_type t = cmark_node_get_type(nd);
            if (ev == CMARK_EVENT_EXIT) {
                if (t == CMARK_NODE_ITEM && x.depth)
                    x.depth--;
                continue;
            }
            if (t == CMARK_NODE_HEADING) {
                cmark_node *par = cmark_node_parent(nd);
                if (!par || cmark_node_get_type(par) != CMARK_NODE_ITEM)
                    on_heading(&x, nd);
            } else if (t == CMARK_NODE_ITEM) {
                on_item(&x, nd);
            } else if (t == CMARK_NODE_PARAGRAPH) {
                cmark_node *par = cmark_node_parent(nd);
                if (!par || cmark_node_get_type(par) != CMARK_NODE_ITEM)
                    on_paragraph(&x, nd);
            }
        }
        cmark_iter_free(it);
        cmark_node_free(doc);
    }
    cmark_parser_free(p);

    if (x.n) {
        out->v = sg_arena_alloc(a, x.n * sizeof *out->v);
        memcpy(out->v, x.v, x.n * sizeof *out->v);
        out->n = x.n;
    }
    free(x.v);
    free(x.seen);
    free(x.stack);
    return 0;
}

/* ---- checking: model lookups ------------------------------------------------- */

/* A rule title's words, tokenized once per sg_requirements_check call
 * (titles are compared with every requirement for every violation). */
/* stem() of every word of a text, made once: shared_words compares every
 * word of a rule title with every word of a requirement. */
typedef struct stem_set {
    char (*w)[32];
    size_t *n;
} stem_set;

typedef struct title_words {
    bool made;
    toks t;
    bool *content[2];
    stem_set stems;
} title_words;

typedef struct chk {
    sg_arena *a;
    const sg_template *m;
    const sg_violations *viol;
    const sg_requirement *r;
    toks t;
    hit hits[MAX_HITS];   /* find_hits(t), made when needed: named_by and content_words */
    size_t nh;
    bool hits_made;
    int focused;          /* focused(r), -1 until needed */
    bool *content[2];     /* content_words(t, loose / strict), made when needed */
    stem_set stems;       /* of t, made when needed (w NULL until then) */
    title_words *titles;  /* by rule index in the catalog; shared by the call */
    const sg_rule *catalog;
    size_t nrules;
} chk;

static bool ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (lower(*a) != lower(*b))
            return false;
    return *a == *b;
}

static const sg_node *props_of(const sg_resource *res)
{
    return sg_map_get(res->body, "Properties");
}

static const sg_node *prop_path(const sg_resource *res, const char *path)
{
    const sg_node *n = props_of(res);
    char buf[128];
    while (n && *path) {
        const char *dot = strchr(path, '.');
        size_t k = dot ? (size_t)(dot - path) : strlen(path);
        if (k >= sizeof buf)
            return NULL;
        memcpy(buf, path, k);
        buf[k] = '\0';
        n = sg_map_get(n, buf);
        path += k;
        if (*path == '.')
            path++;
    }
    return n;
}

static bool req_has_type(const sg_requirement *r, const char *type)
{
    for (size_t i = 0; i < r->ntypes; i++)
        if (strcmp(r->types[i], type) == 0)
            return true;
    return false;
}

/* A resource the requirement's types name (all resources when it names none). */
static bool in_scope(const sg_requirement *r, const sg_resource *res)
{
    return r->ntypes == 0 || req_has_type(r, res->type);
}

static const sg_resource *first_of_type(const sg_template *m, const char *type)
{
    for (size_t i = 0; i < m->nresources; i++)
        if (strcmp(m->resources[i].type, type) == 0)
            return &m->resources[i];
    return NULL;
}

static size_t count_type(const sg_template *m, const char *type)
{
    size_t n = 0;
    for (size_t i = 0; i < m->nresources; i++)
        n += strcmp(m->resources[i].type, type) == 0;
    return n;
}

/* Does any string in the subtree contain needle? */
static bool tree_has_text(const sg_node *n, const char *needle)
{
    if (!n)
        return false;
    if (n->kind == SG_SEQ) {
        for (uint32_t i = 0; i < n->len; i++)
            if (tree_has_text(n->u.items[i], needle))
                return true;
        return false;
    }
    if (n->kind == SG_MAP) {
        for (uint32_t i = 0; i < n->len; i++)
            if (tree_has_text(n->u.pairs[i].value, needle))
                return true;
        return false;
    }
    return n->kind == SG_STRING && strstr(n->u.str, needle) != NULL;
}

/* Does the subtree reference `name` (Ref, Fn::GetAtt, or ${name} in Fn::Sub)? */
static bool tree_refs(const sg_node *n, const char *name)
{
    if (!n)
        return false;
    if (n->kind == SG_SEQ) {
        for (uint32_t i = 0; i < n->len; i++)
            if (tree_refs(n->u.items[i], name))
                return true;
        return false;
    }
    if (n->kind != SG_MAP)
        return false;
    const char *fn = sg_node_intrinsic(n);
    if (fn) {
        const sg_node *v = n->u.pairs[0].value;
        if (strcmp(fn, "Ref") == 0 && sg_node_is_str(v, name))
            return true;
        if (strcmp(fn, "Fn::GetAtt") == 0 && v->kind == SG_SEQ && v->len > 0 &&
            sg_node_is_str(v->u.items[0], name))
            return true;
        if (strcmp(fn, "Fn::Sub") == 0) {
            const sg_node *s = v->kind == SG_SEQ && v->len > 0 ? v->u.items[0] : v;
            if (s->kind == SG_STRING) {
                size_t nl = strlen(name);
                for (const char *p = strstr(s->u.str, "${"); p; p = strstr(p + 2, "${"))
                    if (strncmp(p + 2, name, nl) == 0 && (p[2 + nl] == '}' || p[2 + nl] == '.'))
                        return true;
            }
        }
    }
    for (uint32_t i = 0; i < n->len; i++)
        if (tree_refs(n->u.pairs[i].value, name))
            return true;
    return false;
}

/* Does a key in the subtree contain `part` (case-insensitively), or a
 * string equal `value`? */
static bool tree_has_key_part(const sg_node *n, const char *part, const char *value)
{
    if (!n)
        return false;
    if (n->kind == SG_SEQ) {
        for (uint32_t i = 0; i < n->len; i++)
            if (tree_has_key_part(n->u.items[i], part, value))
                return true;
        return false;
    }
    if (n->kind != SG_MAP)
        return n->kind == SG_STRING && value && strcmp(n->u.str, value) == 0;
    size_t pl = strlen(part);
    for (uint32_t i = 0; i < n->len; i++) {
        const char *k = n->u.pairs[i].key->u.str;
        for (size_t j = 0; k[j]; j++) {
            size_t q = 0;
            while (q < pl && k[j + q] && lower(k[j + q]) == part[q])
                q++;
            if (q == pl)
                return true;
        }
        if (tree_has_key_part(n->u.pairs[i].value, part, value))
            return true;
    }
    return false;
}

/* Some types are satisfied without a resource of their own: SAM functions
 * create their role, RDS can keep its master password in Secrets Manager,
 * and "use KMS" (no customer managed key asked for) holds with an AWS
 * managed key (KmsKeyId, SSEAlgorithm aws:kms). */
static const sg_resource *type_present(chk *c, const char *type)
{
    const sg_template *m = c->m;
    const sg_resource *r = first_of_type(m, type);
    if (r)
        return r;
    bool any_kms = strcmp(type, T_KMS) == 0 &&
                   !has_any(&c->t, "customer managed|cmk|kms key|key rotation|customer owned");
    bool role = strcmp(type, T_ROLE) == 0, secret = strcmp(type, T_SECRET) == 0;
    if (!role && !secret && !any_kms)
        return NULL;
    for (size_t i = 0; i < m->nresources; i++) {
        const sg_resource *x = &m->resources[i];
        if (role && (strcmp(x->type, "AWS::Serverless::Function") == 0 ||
                     strcmp(x->type, "AWS::Serverless::StateMachine") == 0))
            return x;
        if (secret &&
            (sg_node_is_str(prop_path(x, "ManageMasterUserPassword"), "true") ||
             tree_has_text(props_of(x), "{{resolve:secretsmanager:")))
            return x;
        if (any_kms && tree_has_key_part(props_of(x), "kms", "aws:kms"))
            return x;
    }
    return NULL;
}

static bool has_nested_stacks(const sg_template *m)
{
    return first_of_type(m, "AWS::CloudFormation::Stack") ||
           first_of_type(m, "AWS::Serverless::Application");
}

/* Scalar value of n, a Ref to a parameter resolved to its Default; NULL
 * when it cannot be known without deploying (Fn::If, GetAtt ...). */
static const char *scalar_value(const sg_template *m, const sg_node *n)
{
    if (!n)
        return NULL;
    if (sg_node_is_scalar(n))
        return n->u.str;
    const char *fn = sg_node_intrinsic(n);
    if (fn && strcmp(fn, "Ref") == 0 && n->u.pairs[0].value->kind == SG_STRING) {
        const sg_node *p = sg_map_get(m->section[SG_SEC_PARAMETERS], n->u.pairs[0].value->u.str);
        const sg_node *d = sg_map_get(p, "Default");
        return d && sg_node_is_scalar(d) ? d->u.str : NULL;
    }
    return NULL;
}

static bool is_novalue(const sg_node *n)
{
    return sg_node_is_novalue(n);
}

/* ---- checking: verdicts ------------------------------------------------------ */

typedef struct verdict {
    int status; /* -1: no opinion yet */
    const char *evidence;
    const char *id;
    uint32_t line;
} verdict;

static verdict no_opinion(void)
{
    return (verdict){-1, NULL, NULL, 0};
}

static verdict make(sg_req_status st, const sg_resource *res, const sg_node *at,
                    const char *evidence)
{
    verdict v = {(int)st, evidence, NULL, 0};
    if (res) {
        v.id = res->id;
        v.line = at ? at->line : res->key->line;
    }
    return v;
}

/* The requirement's keyword hits, found once per requirement and model. */
static const hit *chk_hits(chk *c)
{
    if (!c->hits_made) {
        c->nh = find_hits(&c->t, c->hits, MAX_HITS);
        c->hits_made = true;
    }
    return c->hits;
}

/* The prompt's words that named a type ("KMS", "RDS"), or NULL when the
 * requirement inherited it from its heading or list item. */
static const char *named_by(chk *c, const char *type)
{
    if (strstr(c->r->text, type))
        return type; /* a literal "AWS::S3::Bucket" */
    const hit *hits = chk_hits(c);
    for (size_t i = 0; i < c->nh; i++) {
        if (!hits[i].row->types || hits[i].negated || hits[i].existing ||
            !alts_contain(hits[i].row->types, type))
            continue;
        const tok *a = &c->t.v[hits[i].at], *b = &c->t.v[hits[i].at + hits[i].n - 1];
        return sg_arena_strndup(c->a, c->r->text + a->off, b->off + b->len - a->off);
    }
    return NULL;
}

/* The keyword rows whose types include x. */
static row_set rows_naming(const char *x)
{
    pthread_once(&buckets_once, build_buckets);
    row_set s = {{0}};
    if (type_tab_full) { /* the table outgrew TYPE_SLOTS: scan it */
        for (size_t r = 0; r < NROWS; r++)
            if (kw_rows[r].types && alts_contain(kw_rows[r].types, x))
                s.w[r / 64] |= (uint64_t)1 << (r % 64);
        return s;
    }
    const type_rows *t = type_slot(x, strlen(x));
    return t->s ? t->rows : s;
}

/* Two types are alternatives when one keyword row names both. */
static bool alternatives(const row_set *x, const row_set *y)
{
    for (size_t k = 0; k < ROW_WORDS; k++)
        if (x->w[k] & y->w[k])
            return true;
    return false;
}

static bool is_optional(chk *c)
{
    return has_any(&c->t, "optional|optionally|recommended|nice to have|if applicable|"
                          "where applicable|if needed|if required|where helpful|if helpful|"
                          "where appropriate|as needed|where possible|if possible|"
                          "where relevant|where needed");
}

/* Rule 2: every named type (or one of its alternatives) is in the model. */
static verdict check_presence(chk *c)
{
    const sg_requirement *r = c->r;
    bool done[MAX_TYPES] = {false};
    row_set rows[MAX_TYPES];
    for (size_t i = 0; i < r->ntypes && i < MAX_TYPES; i++)
        rows[i] = rows_naming(r->types[i]);
    for (size_t i = 0; i < r->ntypes && i < MAX_TYPES; i++) {
        if (done[i])
            continue;
        bool found = false;
        sg_strbuf names = SG_STRBUF_INIT;
        const char *word = NULL;
        for (size_t j = i; j < r->ntypes && j < MAX_TYPES; j++) {
            if (j != i && (done[j] || !alternatives(&rows[i], &rows[j])))
                continue;
            done[j] = true;
            if (type_present(c, r->types[j]))
                found = true;
            if (names.len)
                sg_strbuf_puts(&names, " or ");
            sg_strbuf_puts(&names, r->types[j]);
            if (!word)
                word = named_by(c, r->types[j]);
        }
        if (!found) {
            verdict v;
            if (has_nested_stacks(c->m)) {
                v = make(SG_REQ_NOT_CHECKABLE, NULL, NULL,
                         sg_arena_printf(c->a,
                                         "no %s in the model, which delegates to nested stacks",
                                         names.data));
            } else if (is_optional(c)) {
                v = make(SG_REQ_NOT_CHECKABLE, NULL, NULL,
                         sg_arena_printf(c->a, "no %s in the model; the requirement is optional",
                                         names.data));
            } else if (word) {
                v = make(SG_REQ_UNMET, NULL, NULL,
                         sg_arena_printf(c->a, "no %s in the model; the requirement names \"%s\"",
                                         names.data, word));
            } else {
                v = make(SG_REQ_UNMET, NULL, NULL,
                         sg_arena_printf(c->a,
                                         "no %s in the model; the requirement's section names it",
                                         names.data));
            }
            sg_strbuf_free(&names);
            return v;
        }
        sg_strbuf_free(&names);
    }
    return no_opinion();
}

/* ---- rule 3: violations that speak about the requirement --------------------- */

/* Words that say nothing about what a rule checks: fillers, generic verbs
 * and the resource nouns of rule titles ("Lambda function ..."). */
static const char *const stop_words[] = {
    "the", "and", "for", "with", "its", "their", "has", "have", "not", "every", "all", "each",
    "any", "resource", "aws", "stack", "template", "use", "uses", "set", "sets", "enable*",
    "can", "from", "that", "which", "someone", "must", "should", "require*", "ensure*", "only",
    "own", "than", "more", "less", "into", "when", "are", "does", "off", "out", "access",
    "also", "key", "traffic", "authentication", "allow*", "create*", "configure*", "include*",
    "provide*", "implement*", "define*", "deploy*", "support*", "write*", "deliver*", "custom",
    "environment*", "server*", "repository", "function*", "cluster*", "table*", "topic*",
    "queue*", "stream*", "distribution*", "listener*", "domain*", "instance*", "container*",
    "trail*", "object*", NULL};

/* Crude stem: lower-case word without -s/-es/-ies/-ed/-ing/-ion/-ation/-ly,
 * a doubled last consonant undone ("logging" -> "log"). */
static size_t stem(const char *w, size_t n, char *out, size_t cap)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(out, w, n);
    static const char *const suffixes[] = {"ation", "ions", "ies", "ing", "ion", "ed", "es",
                                           "ly",    "s",    NULL};
    for (const char *const *sf = suffixes; *sf; sf++) {
        size_t k = strlen(*sf);
        if (n > k + 2 && memcmp(out + n - k, *sf, k) == 0) {
            n -= k;
            if (strcmp(*sf, "ies") == 0)
                out[n++] = 'y';
            break;
        }
    }
    if (n > 3 && out[n - 1] == out[n - 2] && !strchr("aeiou", out[n - 1]))
        n--;
    out[n] = '\0';
    return n;
}

static stem_set stems_of(const toks *t)
{
    stem_set s = {sg_xmalloc((t->n ? t->n : 1) * sizeof *s.w),
                  sg_xmalloc((t->n ? t->n : 1) * sizeof *s.n)};
    for (size_t i = 0; i < t->n; i++)
        s.n[i] = stem(t->s + t->v[i].off, t->v[i].len, s.w[i], sizeof s.w[i]);
    return s;
}

static void stems_free(stem_set *s)
{
    free(s->w);
    free(s->n);
}

static bool stems_match(const stem_set *a, size_t i, const stem_set *b, size_t j)
{
    return a->n[i] == b->n[j] && memcmp(a->w[i], b->w[j], a->n[i]) == 0;
}

/* Marks the tokens that say what a text is about: at least 3 letters, no
 * stop word, no resource noun ("bucket") and, when strict, no keyword of
 * the table at all: "logs" or "encrypted" would tie every logging or
 * encryption text to every such rule. */
static bool *content_words(const toks *t, const hit *hits, size_t nh, bool strict)
{
    bool *c = sg_xmalloc((t->n ? t->n : 1) * sizeof *c);
    for (size_t i = 0; i < t->n; i++)
        c[i] = t->v[i].len >= 3 && !in_list(t, i, stop_words);
    for (size_t h = 0; h < nh; h++)
        if (strict || hits[h].row->types)
            for (size_t k = 0; k < hits[h].n; k++)
                c[hits[h].at + k] = false;
    return c;
}

/* The violation's offending value is what the requirement asks for
 * ("allow SSH from 0.0.0.0/0"): a CIDR or quoted value of the detail
 * appears in the requirement's text. */
static bool asked_for(const chk *c, const sg_violation *v)
{
    const char *d = v->detail;
    if (!d)
        return false;
    while (*d) {
        while (*d == ' ')
            d++;
        const char *e = d;
        while (*e && *e != ' ')
            e++;
        const char *b = d, *f = e;
        while (b < f && strchr("\"'(", *b))
            b++;
        while (f > b && strchr("\"'),.;:", f[-1]))
            f--;
        bool quoted = *d == '"' || *d == '\'';
        if (f > b && (quoted || memchr(b, '/', (size_t)(f - b)))) {
            char buf[64];
            size_t n = (size_t)(f - b) < sizeof buf ? (size_t)(f - b) : sizeof buf - 1;
            memcpy(buf, b, n);
            buf[n] = '\0';
            if (n >= 3 && strstr(c->r->text, buf))
                return true;
        }
        d = e;
    }
    return false;
}

/* Title words that match words of the requirement. */
/* Title words of a catalog rule, made on first use; NULL for another rule
 * (tests): uncached. */
static const title_words *title_of(chk *c, const sg_rule *rule)
{
    size_t i = (size_t)(rule - c->catalog);
    if (i >= c->nrules)
        return NULL;
    title_words *w = &c->titles[i];
    if (!w->made) {
        tokenize(rule->title, strlen(rule->title), &w->t);
        hit hits[MAX_HITS];
        size_t nh = find_hits(&w->t, hits, MAX_HITS);
        w->content[0] = content_words(&w->t, hits, nh, false);
        w->content[1] = content_words(&w->t, hits, nh, true);
        w->stems = stems_of(&w->t);
        w->made = true;
    }
    return w;
}

static size_t shared_words(chk *c, const sg_rule *rule, bool strict)
{
    if (!c->content[strict]) {
        const hit *hits = chk_hits(c);
        c->content[strict] = content_words(&c->t, hits, c->nh, strict);
    }
    const bool *rc = c->content[strict];
    if (!c->stems.w)
        c->stems = stems_of(&c->t);
    title_words local = {false, {NULL, NULL, 0, 0}, {NULL, NULL}, {NULL, NULL}};
    const title_words *w = title_of(c, rule);
    if (!w) {
        w = &local;
        tokenize(rule->title, strlen(rule->title), &local.t);
        hit hits[MAX_HITS];
        size_t nh = find_hits(&local.t, hits, MAX_HITS);
        local.content[strict] = content_words(&local.t, hits, nh, strict);
        local.stems = stems_of(&local.t);
    }
    const toks *tt = &w->t;
    const bool *tc = w->content[strict];
    size_t shared = 0;
    for (size_t i = 0; i < tt->n; i++) {
        if (!tc[i])
            continue;
        bool found = false;
        for (size_t j = 0; j < c->t.n && !found; j++)
            found = rc[j] && stems_match(&w->stems, i, &c->stems, j);
        shared += found;
    }
    if (w == &local) {
        free(local.content[strict]);
        stems_free(&local.stems);
        toks_free(&local.t);
    }
    return shared;
}

/* One category and one type (with its alternatives). */
static bool focused(const sg_requirement *r)
{
    uint32_t cats = r->categories;
    if (!r->ntypes || !cats || (cats & (cats - 1)))
        return false;
    row_set first = rows_naming(r->types[0]);
    for (size_t i = 1; i < r->ntypes; i++) {
        row_set other = rows_naming(r->types[i]);
        if (!alternatives(&first, &other))
            return false;
    }
    return true;
}

/* Categories whose probes (rule 6) judge better than the lint rules: a
 * rule "database copies tags to snapshots" says nothing about "tag all
 * resources", one wanting deletion protection contradicts "destroyable". */
#define PROBED_CATS (C(TAGGING) | C(NAMING) | C(PARAMETERS) | C(OUTPUTS) | C(DELETION))

/* Does the rule check what the requirement asks?  Its category must be
 * one of the requirement's, and a content word of its title must match one
 * of the requirement's ("CloudTrail validates its log files" and "log file
 * validation enabled"; "EKS API endpoint is not public" and "private
 * endpoint access").  The table's keywords count only for a focused
 * requirement - one type, one category - that says nothing else: "All S3
 * buckets must be encrypted" and "S3 bucket has default encryption", but
 * not "log file validation" and "CloudTrail also delivers to CloudWatch
 * Logs".  "least privilege" covers every IAM and security-group rule. */
static bool rule_relevant(chk *c, const sg_rule *rule)
{
    if (rule->category >= SG_CAT_COUNT)
        return false;
    uint32_t bit = 1u << rule->category;
    if (!(c->r->categories & bit) || (bit & PROBED_CATS))
        return false;
    const char *rt = rule->resource_types ? rule->resource_types : "";
    if ((bit & (C(IAM) | C(NETWORK))) &&
        (strstr(rt, "AWS::IAM::") || strstr(rt, "SecurityGroup")) &&
        has_any(&c->t, "least privilege|least privileged|wildcard"))
        return true;
    if (!rule->title)
        return false;
    if (shared_words(c, rule, true) > 0)
        return true;
    /* a focused text with no word of its own: its keywords decide */
    for (size_t j = 0; j < c->t.n; j++)
        if (c->content[1][j])
            return false;
    if (c->focused < 0) /* alternatives() scans the keyword table: once per requirement */
        c->focused = focused(c->r);
    return c->focused && shared_words(c, rule, false) > 0;
}

/* Rule 3: a relevant rule violation, on a named type when there are some. */
static verdict check_violations(chk *c)
{
    const sg_requirement *r = c->r;
    if (!c->viol || !r->categories)
        return no_opinion();
    for (size_t i = 0; i < c->viol->n; i++) {
        const sg_violation *v = &c->viol->v[i];
        if (!v->rule || !rule_relevant(c, v->rule) || asked_for(c, v))
            continue;
        const sg_resource *res = v->resource_id ? sg_template_resource(c->m, v->resource_id) : NULL;
        if (r->ntypes && (!res || !req_has_type(r, res->type)))
            continue;
        sg_strbuf b = SG_STRBUF_INIT;
        if (res)
            sg_strbuf_printf(&b, "%s %s fails %s (%s)", res->type, res->id, v->rule->id,
                             sg_category_id(v->rule->category));
        else
            sg_strbuf_printf(&b, "the template fails %s (%s)", v->rule->id,
                             sg_category_id(v->rule->category));
        if (v->detail && *v->detail) {
            size_t dl = strlen(v->detail);
            while (dl && v->detail[dl - 1] == '.')
                dl--;
            sg_strbuf_puts(&b, ": ");
            sg_strbuf_putn(&b, v->detail, dl);
        } else if (v->rule->title) {
            sg_strbuf_printf(&b, ": %s", v->rule->title);
        }
        verdict out = make(SG_REQ_UNMET, res, v->node, sg_arena_strndup(c->a, b.data, b.len));
        if (!res) {
            out.line = v->node ? v->node->line : 0;
        }
        sg_strbuf_free(&b);
        return out;
    }
    return no_opinion();
}

/* ---- rule 4: property checks ------------------------------------------------ */

typedef enum expect { EXP_PRESENT, EXP_TRUE, EXP_NOT_TRUE, EXP_EQ, EXP_NOT_EQ } expect;

typedef struct prop_row {
    const char *when;   /* keywords, any of "a|b", that the text must contain */
    const char *also;   /* and any of these too, or NULL */
    const char *type;
    const char *path;   /* under Properties */
    expect exp;
    const char *value;  /* for EXP_EQ / EXP_NOT_EQ */
    const char *skip_if; /* resources setting this property are not judged */
    const char *what;   /* what the requirement asks for, in evidence */
} prop_row;

static const prop_row prop_rows[] = {
    {"versioning|versioned", NULL, "AWS::S3::Bucket", "VersioningConfiguration.Status", EXP_EQ,
     "Enabled", NULL, "versioning"},
    {"point in time|pitr", NULL, "AWS::DynamoDB::Table",
     "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", EXP_TRUE, NULL, NULL,
     "point-in-time recovery"},
    {"multi az|multiaz", NULL, "AWS::RDS::DBInstance", "MultiAZ", EXP_TRUE, NULL,
     "DBClusterIdentifier", "Multi-AZ"},
    {"encrypt*", NULL, "AWS::RDS::DBInstance", "StorageEncrypted", EXP_TRUE, NULL,
     "DBClusterIdentifier", "encryption"},
    {"encrypt*", NULL, "AWS::RDS::DBCluster", "StorageEncrypted", EXP_TRUE, NULL, "EngineMode",
     "encryption"},
    {"encrypt*", NULL, "AWS::S3::Bucket", "BucketEncryption", EXP_PRESENT, NULL, NULL,
     "encryption"},
    {"encrypt*", "kms|customer managed|cmk", "AWS::DynamoDB::Table", "SSESpecification.SSEEnabled",
     EXP_TRUE, NULL, NULL, "KMS encryption"},
    {"encrypt*", "kms|customer managed|cmk", "AWS::SNS::Topic", "KmsMasterKeyId", EXP_PRESENT,
     NULL, NULL, "KMS encryption"},
    {"encrypt*", "kms|customer managed|cmk", "AWS::SQS::Queue", "KmsMasterKeyId", EXP_PRESENT,
     NULL, NULL, "KMS encryption"},
    {"encrypt*", "kms|customer managed|cmk", "AWS::Logs::LogGroup", "KmsKeyId", EXP_PRESENT, NULL,
     NULL, "KMS encryption"},
    {"encrypt*", NULL, "AWS::EFS::FileSystem", "Encrypted", EXP_TRUE, NULL, NULL, "encryption"},
    {"encrypt*", NULL, "AWS::Kinesis::Stream", "StreamEncryption", EXP_PRESENT, NULL, NULL,
     "encryption"},
    {"rotation|rotate*", NULL, "AWS::KMS::Key", "EnableKeyRotation", EXP_TRUE, NULL, NULL,
     "key rotation"},
    {"retention|retain*", "log", "AWS::Logs::LogGroup", "RetentionInDays", EXP_PRESENT, NULL, NULL,
     "a log retention period"},
    {"deletion protection|deletionprotection", NULL, "AWS::RDS::DBInstance", "DeletionProtection",
     EXP_TRUE, NULL, "DBClusterIdentifier", "deletion protection"},
    {"deletion protection|deletionprotection", NULL, "AWS::RDS::DBCluster", "DeletionProtection",
     EXP_TRUE, NULL, NULL, "deletion protection"},
    {"deletion protection|deletionprotection", NULL, "AWS::DynamoDB::Table",
     "DeletionProtectionEnabled", EXP_TRUE, NULL, NULL, "deletion protection"},
    {"block public|public access", NULL, "AWS::S3::Bucket", "PublicAccessBlockConfiguration",
     EXP_PRESENT, NULL, NULL, "a public access block"},
    {"publicly|public access*", NULL, "AWS::RDS::DBInstance", "PubliclyAccessible", EXP_NOT_TRUE,
     NULL, NULL, "no public access"},
    {"x ray|xray|tracing", NULL, "AWS::Lambda::Function", "TracingConfig.Mode", EXP_EQ, "Active",
     NULL, "X-Ray tracing"},
    {"log file validation", NULL, "AWS::CloudTrail::Trail", "EnableLogFileValidation", EXP_TRUE,
     NULL, NULL, "log file validation"},
    {"all regions|multi region|multiregion", NULL, "AWS::CloudTrail::Trail", "IsMultiRegionTrail",
     EXP_TRUE, NULL, NULL, "a multi-region trail"},
    {"automated backup*|automatic backup*|backup retention", NULL, "AWS::RDS::DBInstance",
     "BackupRetentionPeriod", EXP_NOT_EQ, "0", "DBClusterIdentifier", "automated backups"},
    {"reserved concurren*", NULL, "AWS::Lambda::Function", "ReservedConcurrentExecutions",
     EXP_PRESENT, NULL, NULL, "reserved concurrency"},
};

/* 1 pass, 0 fail, -1 unknown (set by an intrinsic we cannot evaluate). */
static int judge(const sg_template *m, const prop_row *p, const sg_node *n)
{
    if (n && is_novalue(n))
        n = NULL;
    if (p->exp == EXP_PRESENT)
        return n != NULL;
    if (!n)
        return p->exp == EXP_NOT_TRUE || p->exp == EXP_NOT_EQ;
    const char *v = scalar_value(m, n);
    if (!v)
        return -1;
    switch (p->exp) {
    case EXP_TRUE:
        return ieq(v, "true");
    case EXP_NOT_TRUE:
        return !ieq(v, "true");
    case EXP_EQ:
        return strcmp(v, p->value) == 0;
    case EXP_NOT_EQ:
        return strcmp(v, p->value) != 0;
    default:
        return -1;
    }
}

static const char *expect_text(chk *c, const prop_row *p)
{
    switch (p->exp) {
    case EXP_PRESENT:
        return sg_arena_printf(c->a, "%s", p->path);
    case EXP_TRUE:
        return sg_arena_printf(c->a, "%s true", p->path);
    case EXP_NOT_TRUE:
        return sg_arena_printf(c->a, "%s not true", p->path);
    case EXP_EQ:
        return sg_arena_printf(c->a, "%s %s", p->path, p->value);
    case EXP_NOT_EQ:
        return sg_arena_printf(c->a, "%s other than %s", p->path, p->value);
    }
    return p->path;
}

/* "all / every / each": every resource must pass; otherwise one is enough. */
static bool wants_all(chk *c)
{
    return has_any(&c->t, "all|every|each");
}

/* The text asks to turn the property off ("without versioning"). */
static bool keyword_negated(chk *c, const char *alts)
{
    static const char *const neg[] = {"no=", "not", "without", "avoid", "disable", "disabled",
                                      NULL};
    char buf[128];
    const char *p = alts;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n < sizeof buf && may_occur(&c->t, p)) {
            memcpy(buf, p, n);
            buf[n] = '\0';
            for (size_t i = 0; i < c->t.n; i++) {
                size_t k = match_kw(&c->t, i, buf);
                if (k && (preceded_by(&c->t, i, 2, neg) ||
                          followed_by(&c->t, i + k, 2, neg + 4)))
                    return true;
            }
        }
        p += n;
        if (*p == '|')
            p++;
    }
    return false;
}

static verdict check_props(chk *c)
{
    const sg_requirement *r = c->r;
    verdict met = no_opinion();
    bool all = wants_all(c);
    for (size_t k = 0; k < sizeof prop_rows / sizeof *prop_rows; k++) {
        const prop_row *p = &prop_rows[k];
        if (!req_has_type(r, p->type) || !has_any(&c->t, p->when) ||
            (p->also && !has_any(&c->t, p->also)) || keyword_negated(c, p->when))
            continue;
        size_t pass = 0, fail = 0, unknown = 0;
        const sg_resource *first_pass = NULL, *first_fail = NULL;
        const sg_node *fail_node = NULL;
        for (size_t i = 0; i < c->m->nresources; i++) {
            const sg_resource *res = &c->m->resources[i];
            if (strcmp(res->type, p->type) != 0 || (p->skip_if && prop_path(res, p->skip_if)))
                continue;
            const sg_node *n = prop_path(res, p->path);
            int j = judge(c->m, p, n);
            if (j > 0) {
                if (!pass++)
                    first_pass = res;
            } else if (j == 0) {
                if (!fail++) {
                    first_fail = res;
                    fail_node = n;
                }
            } else {
                unknown++;
            }
        }
        if (fail && (all || (!pass && !unknown))) {
            const char *has;
            const char *v = fail_node ? scalar_value(c->m, fail_node) : NULL;
            if (v)
                has = sg_arena_printf(c->a, "has %s %s", p->path, v);
            else
                has = sg_arena_printf(c->a, "does not set %s", expect_text(c, p));
            const char *ev;
            if (fail > 1 && !all)
                ev = sg_arena_printf(
                    c->a,
                    "none of the %zu %s resources sets %s (%s %s); the requirement asks for %s",
                    fail, p->type, expect_text(c, p), first_fail->id, has, p->what);
            else
                ev = sg_arena_printf(c->a, "%s %s %s; the requirement asks for %s", p->type,
                                     first_fail->id, has, p->what);
            return make(SG_REQ_UNMET, first_fail, fail_node, ev);
        }
        if (pass && !fail && !unknown && met.status < 0) {
            const char *ev = sg_arena_printf(
                c->a, "%s %s present with %s%s", p->type, first_pass->id, expect_text(c, p),
                pass > 1 ? sg_arena_printf(c->a, " (and %zu more)", pass - 1) : "");
            met = make(SG_REQ_MET, first_pass, NULL, ev);
        } else if (pass && !all && met.status < 0) {
            const char *ev = sg_arena_printf(c->a, "%s %s present with %s", p->type,
                                             first_pass->id, expect_text(c, p));
            met = make(SG_REQ_MET, first_pass, NULL, ev);
        }
    }
    return met;
}

/* ---- rule 5: counts ------------------------------------------------------------ */

static long number_at(const toks *t, size_t i)
{
    static const char *const words[] = {"zero", "one", "two", "three", "four", "five", "six",
                                        "seven", "eight", "nine", "ten", NULL};
    if (i >= t->n)
        return -1;
    const char *s = t->s + t->v[i].off;
    size_t n = t->v[i].len;
    if (n <= 6 && s[0] >= '0' && s[0] <= '9') {
        long v = 0;
        for (size_t k = 0; k < n; k++) {
            if (s[k] < '0' || s[k] > '9')
                return -1;
            v = v * 10 + (s[k] - '0');
        }
        return v;
    }
    for (long k = 0; words[k]; k++)
        if (word_exact(t, i, words[k]))
            return k;
    return -1;
}

/* N in "N <adjectives> <kw>" ("3 AZs", "two private subnets"), or -1. */
static long count_before(const toks *t, const char *kw)
{
    static const char *const adj[] = {"public", "private", "isolated", "separate", "different",
                                      "distinct", "database", "app", "application", "more",
                                      "or", NULL};
    for (size_t i = 0; i < t->n; i++) {
        if (!match_kw(t, i, kw))
            continue;
        size_t j = i;
        while (j > 0 && i - j < 3 && in_list(t, j - 1, adj) && !t->v[j].clause)
            j--;
        if (j > 0 && !t->v[j].clause) {
            long v = number_at(t, j - 1);
            /* "7-14 days" is a range, not a count */
            if (v > 0 && !(j > 1 && number_at(t, j - 2) >= 0 && !t->v[j - 1].clause))
                return v;
        }
    }
    return -1;
}

/* Retention of `days` (or more) in property `prop` of the resources of
 * `types`: met when every one has it, unmet when none does. */
static verdict check_days(chk *c, const char *types, const char *prop, long days, bool at_least)
{
    const sg_template *m = c->m;
    size_t ok = 0, bad = 0, unknown = 0;
    const sg_resource *first_bad = NULL, *first_ok = NULL;
    const char *bad_v = NULL;
    for (size_t i = 0; i < m->nresources; i++) {
        const sg_resource *res = &m->resources[i];
        if (!alts_contain(types, res->type) || prop_path(res, "DBClusterIdentifier"))
            continue; /* an Aurora instance keeps its cluster's backups */
        const sg_node *n = prop_path(res, prop);
        const char *v = n ? scalar_value(m, n) : NULL;
        long got = v ? strtol(v, NULL, 10) : -1;
        if (n && !v) {
            unknown++;
        } else if (got == days || (at_least && got > days)) {
            if (!ok++)
                first_ok = res;
        } else if (!bad++) {
            first_bad = res;
            bad_v = v;
        }
    }
    if (ok && !bad && !unknown)
        return make(SG_REQ_MET, first_ok, NULL,
                    sg_arena_printf(c->a, "%s %s present with %s %s", first_ok->type, first_ok->id,
                                    prop, scalar_value(m, prop_path(first_ok, prop))));
    if (bad && !ok && !unknown) {
        const char *has = bad_v ? sg_arena_printf(c->a, "has %s %s", prop, bad_v)
                                : sg_arena_printf(c->a, "does not set %s", prop);
        return make(SG_REQ_UNMET, first_bad, NULL,
                    sg_arena_printf(c->a, "%s %s %s; the requirement asks for %s%ld days",
                                    first_bad->type, first_bad->id, has,
                                    at_least ? "at least " : "", days));
    }
    return no_opinion();
}

static verdict check_counts(chk *c)
{
    const sg_template *m = c->m;
    size_t nsub = count_type(m, T_SUBNET);
    long want_sub = count_before(&c->t, "subnet");
    if (want_sub > 0 && nsub > 0) {
        const sg_resource *s = first_of_type(m, T_SUBNET);
        if ((long)nsub < want_sub)
            return make(SG_REQ_UNMET, s, NULL,
                        sg_arena_printf(c->a, "the model has %zu %s; the requirement asks for %ld",
                                        nsub, T_SUBNET, want_sub));
    }
    long want_az = count_before(&c->t, "az");
    if (want_az < 0)
        want_az = count_before(&c->t, "availability zone");
    if (want_az > 0 && nsub > 0) {
        /* distinct AvailabilityZone expressions; normalized nodes carry hashes */
        const sg_node *seen[64];
        size_t nseen = 0;
        bool all_set = true;
        for (size_t i = 0; i < m->nresources; i++) {
            const sg_resource *res = &m->resources[i];
            if (strcmp(res->type, T_SUBNET) != 0)
                continue;
            const sg_node *az = prop_path(res, "AvailabilityZone");
            if (!az)
                az = prop_path(res, "AvailabilityZoneId");
            if (!az) {
                all_set = false;
                continue;
            }
            bool dup = false;
            for (size_t k = 0; k < nseen; k++)
                if (sg_node_equal(seen[k], az))
                    dup = true;
            if (!dup && nseen < 64)
                seen[nseen++] = az;
        }
        const sg_resource *s = first_of_type(m, T_SUBNET);
        if (all_set && (long)nseen < want_az)
            return make(SG_REQ_UNMET, s, NULL,
                        sg_arena_printf(c->a,
                                        "the model's %zu %s resources span %zu Availability "
                                        "Zone%s; the requirement asks for %ld",
                                        nsub, T_SUBNET, nseen, nseen == 1 ? "" : "s", want_az));
        if (all_set && (long)nseen >= want_az && (want_sub <= 0 || (long)nsub >= want_sub))
            return make(SG_REQ_MET, s, NULL,
                        sg_arena_printf(c->a,
                                        "the model's %zu %s resources span %zu Availability Zones",
                                        nsub, T_SUBNET, nseen));
    }
    if (want_sub > 0 && nsub > 0 && (long)nsub >= want_sub && want_az < 0)
        return make(SG_REQ_MET, first_of_type(m, T_SUBNET), NULL,
                    sg_arena_printf(c->a, "the model has %zu %s", nsub, T_SUBNET));

    /* "N days" of log or backup retention */
    long days = count_before(&c->t, "day");
    if (days <= 0 || !has_any(&c->t, "retention|retain*|keep*|kept"))
        return no_opinion();
    bool at_least = has_any(&c->t, "at least|minimum|min=|or more");
    if (has_any(&c->t, "backup*|back up") && !has_any(&c->t, "log"))
        return check_days(c, T_RDS, "BackupRetentionPeriod", days, at_least);
    if (has_any(&c->t, "log") &&
        !has_any(&c->t, "backup*|snapshot*|version*|lifecycle|transition*|expir*|glacier"))
        return check_days(c, T_LOGGROUP, "RetentionInDays", days, at_least);
    return no_opinion();
}

/* ---- rule 6: category probes ------------------------------------------------- */

/* Types that take no Tags property: they never count against tagging. */
static bool untaggable(const char *type)
{
    static const char *const v[] = {
        "AWS::EC2::Route", "AWS::EC2::SubnetRouteTableAssociation",
        "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::SecurityGroupIngress",
        "AWS::EC2::SecurityGroupEgress", "AWS::EC2::SubnetNetworkAclAssociation",
        "AWS::EC2::NetworkAclEntry", "AWS::S3::BucketPolicy", "AWS::IAM::Policy",
        "AWS::IAM::ManagedPolicy", "AWS::IAM::InstanceProfile", "AWS::Lambda::Permission",
        "AWS::Lambda::EventSourceMapping", "AWS::Lambda::Version", "AWS::Lambda::Alias",
        "AWS::SNS::Subscription", "AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy",
        "AWS::ApiGateway::Method", "AWS::ApiGateway::Resource", "AWS::ApiGateway::Deployment",
        "AWS::ApiGateway::Account", "AWS::KMS::Alias", "AWS::Logs::MetricFilter",
        "AWS::Logs::SubscriptionFilter", "AWS::AutoScaling::ScalingPolicy",
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        "AWS::ApplicationAutoScaling::ScalableTarget",
        "AWS::ElasticLoadBalancingV2::ListenerRule", "AWS::Route53::RecordSet",
        "AWS::CloudFormation::WaitCondition", "AWS::CloudFormation::WaitConditionHandle",
        "AWS::CloudFormation::CustomResource", "AWS::EC2::VPCEndpoint", NULL};
    if (strncmp(type, "Custom::", 8) == 0 || !*type)
        return true;
    for (const char *const *p = v; *p; p++)
        if (strcmp(*p, type) == 0)
            return true;
    return false;
}

static bool tags_have_key(const sg_node *tags, const char *key)
{
    if (!tags)
        return false;
    if (tags->kind == SG_MAP) /* SAM / some types take a key: value map */
        for (uint32_t i = 0; i < tags->len; i++)
            if (ieq(tags->u.pairs[i].key->u.str, key))
                return true;
    if (tags->kind == SG_SEQ)
        for (uint32_t i = 0; i < tags->len; i++) {
            const sg_node *k = sg_map_get(tags->u.items[i], "Key");
            if (k && k->kind == SG_STRING && ieq(k->u.str, key))
                return true;
        }
    return false;
}

/* Tag keys the text names as capitalized words ("Environment", "CostCenter"). */
static const char *const tag_keys[] = {"Environment", "Project",    "Owner",
                                       "CostCenter",  "Application", "Team",
                                       "Department",  "ManagedBy",  "DataClassification",
                                       "ComplianceScope", NULL};

/* w as a word of s, but not as a leading "Label:". */
static bool text_has_word_cs(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = strstr(s, w); p; p = strstr(p + 1, w))
        if ((p == s || !is_alnum((unsigned char)p[-1])) && !is_alnum((unsigned char)p[n]) &&
            !(p == s && p[n] == ':'))
            return true;
    return false;
}

static verdict probe_tagging(chk *c)
{
    size_t taggable = 0, tagged = 0;
    const sg_resource *first_tagged = NULL, *first_untagged = NULL;
    for (size_t i = 0; i < c->m->nresources; i++) {
        const sg_resource *res = &c->m->resources[i];
        if (!in_scope(c->r, res))
            continue;
        const sg_node *tags = prop_path(res, "Tags");
        if (tags && tags->len > 0) {
            taggable++;
            if (!tagged++)
                first_tagged = res;
        } else if (!untaggable(res->type)) {
            taggable++;
            if (!first_untagged)
                first_untagged = res;
        }
    }
    if (!taggable)
        return no_opinion();
    if (!tagged)
        return make(SG_REQ_UNMET, first_untagged, NULL,
                    sg_arena_printf(c->a,
                                    "none of the %zu taggable resources carries Tags (e.g. %s %s)",
                                    taggable, first_untagged->type, first_untagged->id));
    for (const char *const *k = tag_keys; *k; k++) {
        if (!text_has_word_cs(c->r->text, *k))
            continue;
        bool found = false;
        for (size_t i = 0; i < c->m->nresources && !found; i++)
            if (in_scope(c->r, &c->m->resources[i]))
                found = tags_have_key(prop_path(&c->m->resources[i], "Tags"), *k);
        if (!found)
            return make(SG_REQ_UNMET, first_tagged, NULL,
                        sg_arena_printf(c->a,
                                        "no resource carries a %s tag; the requirement names it "
                                        "(%zu of %zu resources carry Tags)",
                                        *k, tagged, taggable));
    }
    return make(SG_REQ_MET, first_tagged, NULL,
                sg_arena_printf(c->a, "%zu of %zu taggable resources carry Tags (e.g. %s %s)",
                                tagged, taggable, first_tagged->type, first_tagged->id));
}

static verdict probe_outputs(chk *c)
{
    const sg_node *outs = c->m->section[SG_SEC_OUTPUTS];
    size_t n = outs && outs->kind == SG_MAP ? outs->len : 0;
    if (!c->r->ntypes) {
        if (!n)
            return make(SG_REQ_UNMET, NULL, NULL, "the model has no Outputs");
        return make(SG_REQ_MET, NULL, NULL,
                    sg_arena_printf(c->a, "the model declares %zu Output%s (e.g. %s)", n,
                                    n == 1 ? "" : "s", outs->u.pairs[0].key->u.str));
    }
    for (size_t i = 0; i < c->m->nresources; i++) {
        const sg_resource *res = &c->m->resources[i];
        if (!in_scope(c->r, res))
            continue;
        for (size_t k = 0; k < n; k++)
            if (tree_refs(outs->u.pairs[k].value, res->id)) {
                verdict v = make(SG_REQ_MET, res, NULL,
                                 sg_arena_printf(c->a, "Output %s references %s %s",
                                                 outs->u.pairs[k].key->u.str, res->type, res->id));
                v.line = outs->u.pairs[k].key->line;
                return v;
            }
    }
    return make(SG_REQ_UNMET, NULL, NULL,
                sg_arena_printf(c->a, "no Output references a %s", c->r->types[0]));
}

static const sg_pair *param_named(const sg_template *m, const char *name)
{
    const sg_node *ps = m->section[SG_SEC_PARAMETERS];
    if (!ps || ps->kind != SG_MAP)
        return NULL;
    for (uint32_t i = 0; i < ps->len; i++)
        if (ieq(ps->u.pairs[i].key->u.str, name))
            return &ps->u.pairs[i];
    return NULL;
}

static verdict probe_naming(chk *c)
{
    if (!has_any(&c->t, "environmentsuffix|environment suffix"))
        return no_opinion();
    const sg_pair *p = param_named(c->m, "EnvironmentSuffix");
    if (!p)
        return make(SG_REQ_UNMET, NULL, NULL, "the model declares no EnvironmentSuffix parameter");
    const char *name = p->key->u.str;
    size_t users = 0, total = 0;
    const sg_resource *first = NULL;
    for (size_t i = 0; i < c->m->nresources; i++) {
        const sg_resource *res = &c->m->resources[i];
        if (!in_scope(c->r, res))
            continue;
        total++;
        if (tree_refs(props_of(res), name) && !users++)
            first = res;
    }
    if (!total)
        return no_opinion();
    verdict v;
    if (!users) {
        v = make(SG_REQ_UNMET, NULL, NULL,
                 sg_arena_printf(c->a, "parameter %s is declared but none of %zu resources uses it",
                                 name, total));
    } else {
        v = make(SG_REQ_MET, first, NULL,
                 sg_arena_printf(c->a, "parameter %s is used by %zu of %zu resources (e.g. %s %s)",
                                 name, users, total, first->type, first->id));
        return v;
    }
    v.line = p->key->line;
    return v;
}

/* "Use Mappings for AMI IDs", "Conditions for prod": the named section;
 * otherwise Parameters. */
static verdict probe_parameters(chk *c)
{
    sg_section sec = SG_SEC_PARAMETERS;
    if (has_any(&c->t, "mapping"))
        sec = SG_SEC_MAPPINGS;
    else if (has_any(&c->t, "cloudformation condition|template condition|conditions section|"
                            "condition section|use condition|conditional resource|"
                            "conditional creation|conditional logic|conditional deployment|"
                            "conditionally create*"))
        sec = SG_SEC_CONDITIONS;
    else if (c->r->ntypes)
        return no_opinion();
    const sg_node *ps = c->m->section[sec];
    const char *name = sg_section_name(sec);
    if (!ps || ps->kind != SG_MAP || ps->len == 0)
        return make(SG_REQ_UNMET, NULL, NULL,
                    sg_arena_printf(c->a, "the model declares no %s", name));
    verdict v = make(SG_REQ_MET, NULL, NULL,
                     sg_arena_printf(c->a, "the model declares %u %s entr%s (e.g. %s)", ps->len,
                                     name, ps->len == 1 ? "y" : "ies", ps->u.pairs[0].key->u.str));
    v.line = ps->u.pairs[0].key->line;
    return v;
}

/* A literal in a *Password property, not a dynamic reference. */
static const sg_pair *literal_password(const sg_node *props)
{
    if (!props || props->kind != SG_MAP)
        return NULL;
    for (uint32_t i = 0; i < props->len; i++) {
        const sg_pair *p = &props->u.pairs[i];
        const char *k = p->key->u.str;
        size_t kl = strlen(k);
        const char *v = p->value->kind == SG_STRING ? p->value->u.str : "";
        /* "AllowUsersToChangePassword: true" is a setting, not a password */
        if (kl >= 8 && ieq(k + kl - 8, "password") && *v && !ieq(v, "true") &&
            !ieq(v, "false") && !strstr(v, "{{resolve:"))
            return p;
    }
    return NULL;
}

static verdict probe_secrets(chk *c)
{
    const sg_resource *evid = NULL;
    const char *how = NULL;
    for (size_t i = 0; i < c->m->nresources; i++) {
        const sg_resource *res = &c->m->resources[i];
        if (!in_scope(c->r, res))
            continue;
        const sg_pair *lit = literal_password(props_of(res));
        if (lit)
            return make(SG_REQ_UNMET, res, lit->key,
                        sg_arena_printf(c->a, "%s %s sets %s to a literal", res->type, res->id,
                                        lit->key->u.str));
        if (evid)
            continue;
        if (strcmp(res->type, T_SECRET) == 0) {
            evid = res;
            how = "present";
        } else if (sg_node_is_str(prop_path(res, "ManageMasterUserPassword"), "true")) {
            evid = res;
            how = "keeps its master password in Secrets Manager";
        } else if (tree_has_text(props_of(res), "{{resolve:secretsmanager:") ||
                   tree_has_text(props_of(res), "{{resolve:ssm-secure:")) {
            evid = res;
            how = "reads its secret through a dynamic reference";
        }
    }
    if (evid)
        return make(SG_REQ_MET, evid, NULL,
                    sg_arena_printf(c->a, "%s %s %s", evid->type, evid->id, how));
    return no_opinion();
}

static bool policy_is(const sg_resource *res, const char *attr, const char *value)
{
    const sg_node *n = sg_map_get(res->body, attr);
    return n && n->kind == SG_STRING && ieq(n->u.str, value);
}

/* Three intents: destroyable ("no Retain", "DeletionPolicy: Delete",
 * "no deletion protection") fails on any Retain or protection; retained
 * ("deletion protection", "Snapshot") needs one; a bare "deletion
 * policies" needs some DeletionPolicy. */
static verdict probe_deletion(chk *c)
{
    bool negated = has_any(&c->t, "no=|not|never|forbidden|prohibited|avoid|without|don t");
    bool destroy = has_any(&c->t, "destroy*|deletable|removable|teardown|tear down|cleanly|"
                                  "clean up|cleanup|delete=|deletionprotection false|"
                                  "deletion protection false|deletion protection disabled|"
                                  "disable deletion protection") ||
                   (negated && has_any(&c->t, "retain*|deletion protection|deletionprotection"));
    bool retain = !destroy && has_any(&c->t, "retain*|snapshot*|deletion protection|"
                                             "deletionprotection");
    bool generic = has_any(&c->t, "deletionpolicy|deletion policy|removalpolicy|removal policy|"
                                  "updatereplacepolicy|update replace policy");
    const sg_resource *hit_res = NULL, *any_policy = NULL;
    const char *what = NULL;
    for (size_t i = 0; i < c->m->nresources && !hit_res; i++) {
        const sg_resource *res = &c->m->resources[i];
        if (!in_scope(c->r, res))
            continue;
        if (!any_policy && sg_map_get(res->body, "DeletionPolicy"))
            any_policy = res;
        const sg_node *dp = prop_path(res, "DeletionProtection");
        if (!dp)
            dp = prop_path(res, "DeletionProtectionEnabled");
        if (policy_is(res, "DeletionPolicy", "Retain"))
            what = "DeletionPolicy Retain";
        else if (!destroy && policy_is(res, "DeletionPolicy", "Snapshot"))
            what = "DeletionPolicy Snapshot";
        else if (policy_is(res, "UpdateReplacePolicy", "Retain"))
            what = "UpdateReplacePolicy Retain";
        else if (sg_node_is_str(dp, "true"))
            what = "deletion protection enabled";
        else if (!destroy && dp && sg_node_intrinsic(dp))
            what = "deletion protection set by a condition";
        if (what)
            hit_res = res;
    }
    if (destroy) {
        if (hit_res && has_any(&c->t, "except|other than|apart from|unless|besides"))
            return no_opinion(); /* "destroyable except the DynamoDB table" */
        if (hit_res)
            return make(SG_REQ_UNMET, hit_res, NULL,
                        sg_arena_printf(
                            c->a, "%s %s has %s; the requirement asks for destroyable resources",
                            hit_res->type, hit_res->id, what));
        return make(SG_REQ_MET, NULL, NULL,
                    "no resource in scope sets DeletionPolicy Retain or deletion protection");
    }
    if (retain && hit_res)
        return make(SG_REQ_MET, hit_res, NULL,
                    sg_arena_printf(c->a, "%s %s has %s", hit_res->type, hit_res->id, what));
    if (retain && !c->r->ntypes)
        return make(SG_REQ_UNMET, NULL, NULL,
                    "no resource sets DeletionPolicy Retain/Snapshot or deletion protection");
    if (generic && any_policy)
        return make(SG_REQ_MET, any_policy, NULL,
                    sg_arena_printf(c->a, "%s %s sets a DeletionPolicy", any_policy->type,
                                    any_policy->id));
    if (generic && !c->r->ntypes)
        return make(SG_REQ_UNMET, NULL, NULL, "no resource sets a DeletionPolicy");
    return no_opinion();
}

/* Evidence-only probes: a resource of a kind the category concerns. */
typedef struct concern {
    sg_category cat;
    const char *types; /* "A|B" resource types, or NULL */
    const char *prop;  /* or a property these resources set, or NULL */
} concern;

static const concern concerns[] = {
    {SG_CAT_ENCRYPTION, "AWS::KMS::Key", NULL},
    {SG_CAT_ENCRYPTION, NULL, "BucketEncryption"},
    {SG_CAT_ENCRYPTION, NULL, "StorageEncrypted"},
    {SG_CAT_ENCRYPTION, NULL, "KmsKeyId"},
    {SG_CAT_ENCRYPTION, NULL, "KmsMasterKeyId"},
    {SG_CAT_ENCRYPTION, NULL, "SSESpecification"},
    {SG_CAT_ENCRYPTION, NULL, "Encrypted"},
    {SG_CAT_IAM, T_POLICY "|AWS::IAM::InstanceProfile", NULL},
    {SG_CAT_NETWORK, "AWS::EC2::VPC|" T_SUBNET "|" T_SG, NULL},
    {SG_CAT_PUBLIC_ACCESS, NULL, "PublicAccessBlockConfiguration"},
    {SG_CAT_MONITORING, T_ALARM "|AWS::CloudWatch::Dashboard", NULL},
    {SG_CAT_LOGGING, T_LOGGROUP "|" T_TRAIL "|AWS::EC2::FlowLog", NULL},
    {SG_CAT_LOGGING, NULL, "LoggingConfiguration"},
    {SG_CAT_BACKUP, T_BACKUP, NULL},
    {SG_CAT_BACKUP, NULL, "VersioningConfiguration"},
    {SG_CAT_BACKUP, NULL, "PointInTimeRecoverySpecification"},
    {SG_CAT_BACKUP, NULL, "BackupRetentionPeriod"},
    {SG_CAT_AVAILABILITY, T_ASG, NULL},
    {SG_CAT_AVAILABILITY, NULL, "MultiAZ"},
};

static verdict probe_concern(chk *c, sg_category cat)
{
    for (size_t k = 0; k < sizeof concerns / sizeof *concerns; k++) {
        const concern *q = &concerns[k];
        if (q->cat != cat)
            continue;
        for (size_t i = 0; i < c->m->nresources; i++) {
            const sg_resource *res = &c->m->resources[i];
            if (!in_scope(c->r, res))
                continue;
            if (q->types && alts_contain(q->types, res->type))
                return make(SG_REQ_MET, res, NULL,
                            sg_arena_printf(c->a, "%s %s present", res->type, res->id));
            const sg_node *n = q->prop ? prop_path(res, q->prop) : NULL;
            if (n && !is_novalue(n) && !sg_node_is_str(n, "false"))
                return make(SG_REQ_MET, res, n,
                            sg_arena_printf(c->a, "%s %s sets %s", res->type, res->id, q->prop));
        }
    }
    return no_opinion();
}

static verdict probe(chk *c, sg_category cat)
{
    switch (cat) {
    case SG_CAT_TAGGING:
        return probe_tagging(c);
    case SG_CAT_OUTPUTS:
        return probe_outputs(c);
    case SG_CAT_NAMING:
        return probe_naming(c);
    case SG_CAT_PARAMETERS:
        return probe_parameters(c);
    case SG_CAT_SECRETS:
        return probe_secrets(c);
    case SG_CAT_DELETION:
        return probe_deletion(c);
    default:
        /* a named type's presence says more than a generic concern */
        return c->r->ntypes ? no_opinion() : probe_concern(c, cat);
    }
}

/* ---- the decision ------------------------------------------------------------ */

/* Met on presence: the first resource of each named type (up to three).
 * Types the text inherited from its section or parent item make presence
 * say nothing about the text itself: not-checkable. */
static verdict present_evidence(chk *c)
{
    const sg_requirement *r = c->r;
    const sg_resource *shown[3];
    size_t n = 0;
    for (size_t i = 0; i < r->ntypes && n < 3; i++) {
        const sg_resource *res = type_present(c, r->types[i]);
        bool dup = false;
        for (size_t k = 0; k < n; k++)
            dup |= shown[k] == res || (res && strcmp(shown[k]->type, res->type) == 0);
        if (res && !dup)
            shown[n++] = res;
    }
    if (!n)
        return make(SG_REQ_NOT_CHECKABLE, NULL, NULL,
                    "nothing in the model shows whether this holds");
    bool named = false;
    for (size_t i = 0; i < r->ntypes && !named; i++)
        named = named_by(c, r->types[i]) != NULL;
    if (!named) /* "Port mappings" under "Task Definition with:" */
        return make(SG_REQ_NOT_CHECKABLE, shown[0], NULL,
                    sg_arena_printf(c->a, "%s %s is there, but nothing checks the detail asked "
                                          "of it",
                                    shown[0]->type, shown[0]->id));
    sg_strbuf b = SG_STRBUF_INIT;
    for (size_t k = 0; k < n; k++) {
        if (k)
            sg_strbuf_puts(&b, k + 1 == n ? " and " : ", ");
        sg_strbuf_printf(&b, "%s %s", shown[k]->type, shown[k]->id);
    }
    bool stand_in = !req_has_type(r, shown[0]->type);
    sg_strbuf_puts(&b, stand_in ? " stands in for the named type" : " present");
    verdict v = make(SG_REQ_MET, shown[0], NULL, sg_arena_strndup(c->a, b.data, b.len));
    sg_strbuf_free(&b);
    return v;
}

static verdict judge_model(chk *c);

static verdict decide(chk *c)
{
    const sg_requirement *r = c->r;
    if (!r->ntypes && !r->categories)
        return make(SG_REQ_NOT_CHECKABLE, NULL, NULL,
                    "the requirement names no resource type or category");
    if (!c->m)
        return make(SG_REQ_UNMET, NULL, NULL, "the response has no template");
    verdict v = check_presence(c);
    if (v.status >= 0)
        return v;
    if ((v = check_violations(c)).status >= 0)
        return v;
    v = judge_model(c);
    if (v.status == SG_REQ_UNMET && is_optional(c)) {
        v.status = SG_REQ_NOT_CHECKABLE;
        v.evidence = sg_arena_printf(c->a, "%s; the requirement is optional", v.evidence);
    }
    return v;
}

/* Rules 4-7 on a model that has the named types and no relevant violation. */
static verdict judge_model(chk *c)
{
    const sg_requirement *r = c->r;
    verdict v;
    verdict met = no_opinion();
    if (r->ntypes) {
        v = check_props(c);
        if (v.status == SG_REQ_UNMET)
            return v;
        met = v;
    }
    v = check_counts(c);
    if (v.status == SG_REQ_UNMET)
        return v;
    if (met.status < 0)
        met = v;
    for (int cat = 0; cat < SG_CAT_COUNT; cat++) {
        if (!(r->categories & (1u << cat)))
            continue;
        v = probe(c, (sg_category)cat);
        if (v.status == SG_REQ_UNMET)
            return v;
        if (met.status < 0 && v.status == SG_REQ_MET)
            met = v;
    }
    if (met.status >= 0)
        return met;
    if (r->ntypes)
        return present_evidence(c);
    return make(SG_REQ_NOT_CHECKABLE, NULL, NULL,
                "nothing in the model shows whether this holds");
}

void sg_requirements_check(sg_arena *a, sg_requirements *reqs, const sg_template *model,
                           const sg_violations *model_violations)
{
    if (!reqs)
        return;
    size_t nrules;
    const sg_rule *catalog = sg_rules_catalog(&nrules);
    title_words *titles = calloc(nrules ? nrules : 1, sizeof *titles);
    for (size_t i = 0; i < reqs->n; i++) {
        sg_requirement *r = &reqs->v[i];
        chk c = {.a = a, .m = model, .viol = model_violations, .r = r, .focused = -1,
                 .titles = titles, .catalog = catalog, .nrules = nrules};
        tokenize(r->text, strlen(r->text), &c.t);
        verdict v = decide(&c);
        toks_free(&c.t);
        free(c.content[0]);
        free(c.content[1]);
        stems_free(&c.stems);
        r->status = (sg_req_status)v.status;
        r->evidence = v.evidence;
        r->evidence_id = v.id;
        r->evidence_line = v.line;
    }
    for (size_t i = 0; i < nrules; i++)
        if (titles[i].made) {
            toks_free(&titles[i].t);
            free(titles[i].content[0]);
            free(titles[i].content[1]);
            stems_free(&titles[i].stems);
        }
    free(titles);
}
