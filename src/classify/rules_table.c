/* rules_table.c - the rule catalog: one row per rule (rules_internal.h says
 * what the fields mean; docs/rules.md is generated from these rows).
 *
 * Ids come from the research catalog (shared/research/rules-anchor.md), so
 * that a finding can cite the scanners' own ids in `anchors`.  Titles say
 * what passing means; `why` says what goes wrong otherwise.  Rows are
 * grouped by service; the catalog sorts them by id. */
#include "classify/rules_internal.h"

/* Resource types that several rows share. */
#define IDENTITY_POLICY_TYPES                                                                \
    "AWS::IAM::Role|AWS::IAM::User|AWS::IAM::Group|AWS::IAM::Policy|AWS::IAM::ManagedPolicy"
#define SG_TYPES "AWS::EC2::SecurityGroup|AWS::EC2::SecurityGroupIngress"
#define RDS_TYPES "AWS::RDS::DBInstance|AWS::RDS::DBCluster"
#define LAMBDA_TYPES "AWS::Lambda::Function|AWS::Serverless::Function"
#define OPENSEARCH_TYPES "AWS::OpenSearchService::Domain|AWS::Elasticsearch::Domain"
#define ELBV2_LB "AWS::ElasticLoadBalancingV2::LoadBalancer"
#define ELBV2_LISTENER "AWS::ElasticLoadBalancingV2::Listener"
#define DISTRIBUTION "AWS::CloudFront::Distribution"
#define EC2_LAUNCH_TYPES                                                                     \
    "AWS::EC2::Instance|AWS::EC2::LaunchTemplate|AWS::AutoScaling::LaunchConfiguration"

/* Resources that receive logs: a bucket that is one needs no access log of its own. */
#define LOG_DESTINATIONS                                                                     \
    "AWS::S3::Bucket:Properties.LoggingConfiguration.DestinationBucketName;"                 \
    "AWS::CloudTrail::Trail:Properties.S3BucketName;" ELBV2_LB                               \
    ":Properties.LoadBalancerAttributes[Key=access_logs.s3.bucket].Value;"                   \
    "AWS::ElasticLoadBalancing::LoadBalancer:Properties.AccessLoggingPolicy.S3BucketName;"   \
    DISTRIBUTION ":Properties.DistributionConfig.Logging.Bucket;"                            \
    "AWS::EC2::FlowLog:Properties.LogDestination;"                                           \
    "AWS::Config::DeliveryChannel:Properties.S3BucketName"

/* Lambda runtimes past their deprecation date (AWS Lambda runtime policy). */
#define DEPRECATED_RUNTIMES                                                                  \
    "nodejs|nodejs4.3|nodejs4.3-edge|nodejs6.10|nodejs8.10|nodejs10.x|nodejs12.x|"           \
    "nodejs14.x|nodejs16.x|nodejs18.x|python2.7|python3.6|python3.7|python3.8|python3.9|"    \
    "ruby2.5|ruby2.7|java8|dotnetcore1.0|dotnetcore2.0|dotnetcore2.1|dotnetcore3.1|"         \
    "dotnet5.0|dotnet6|dotnet7|go1.x|provided"

/* Data stores whose replacement or deletion loses data (the data-holding part
 * of cfn-lint I3011's list; log groups, queues, keys and secrets are left out
 * because templates routinely let them go with the stack). */
#define STATEFUL_TYPES                                                                       \
    "AWS::RDS::DBInstance|AWS::RDS::DBCluster|AWS::DynamoDB::Table|AWS::DynamoDB::GlobalTable|" \
    "AWS::EC2::Volume|AWS::EFS::FileSystem|AWS::ElastiCache::ReplicationGroup|"              \
    "AWS::OpenSearchService::Domain|AWS::Elasticsearch::Domain|AWS::Redshift::Cluster|"      \
    "AWS::Backup::BackupVault|AWS::Cognito::UserPool|AWS::DocDB::DBCluster|"                 \
    "AWS::Neptune::DBCluster|AWS::FSx::FileSystem"

const sg_rule_def sg_rule_defs[] = {
    /* ---- S3 ----------------------------------------------------------------------- */
    {
        .info = {"S3-01", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM, "AWS::S3::Bucket",
                 "S3 bucket declares default encryption (SSE-S3 or SSE-KMS)",
                 "S3 has encrypted new objects with SSE-S3 since 2023, but a template that "
                 "says so pins the choice and is where a KMS key goes when the data needs one.",
                 "checkov CKV_AWS_19; cfn_nag W41; Security Hub S3.4; AWS Config "
                 "S3_DEFAULT_ENCRYPTION_KMS"},
        .test = {"Properties.BucketEncryption.ServerSideEncryptionConfiguration[]."
                 "ServerSideEncryptionByDefault.SSEAlgorithm",
                 SG_PRED_ONE_OF, "AES256|aws:kms|aws:kms:dsse", SG_ABSENT_FAILS},
    },
    {
        .info = {"S3-02", SG_CAT_LOGGING, SG_SEV_MEDIUM, "AWS::S3::Bucket",
                 "S3 bucket writes server access logs",
                 "Without access logs nobody can tell afterwards who read or changed which "
                 "object. Buckets that themselves receive logs are exempt.",
                 "checkov CKV_AWS_18; cfn_nag W35; Security Hub S3.9"},
        .test = {"Properties.LoggingConfiguration", SG_PRED_PRESENT, NULL, SG_ABSENT_FAILS},
        .when = {"", SG_PRED_NOT_REFERENCED_BY, LOG_DESTINATIONS, SG_ABSENT_PASSES},
    },
    {
        .info = {"S3-03", SG_CAT_BACKUP, SG_SEV_MEDIUM, "AWS::S3::Bucket",
                 "S3 bucket keeps object versions",
                 "Versioning is what lets an overwritten or deleted object be recovered, from a "
                 "mistake or from ransomware.",
                 "checkov CKV_AWS_21; Security Hub S3.14"},
        .test = {"Properties.VersioningConfiguration.Status", SG_PRED_ONE_OF, "Enabled",
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"S3-04", SG_CAT_PUBLIC_ACCESS, SG_SEV_HIGH, "AWS::S3::Bucket",
                 "S3 bucket blocks public access with all four flags",
                 "The four Block Public Access flags stop a later ACL or bucket policy from "
                 "making the data public by accident; a template should set them rather than "
                 "rely on account defaults.",
                 "checkov CKV_AWS_53, CKV_AWS_54, CKV_AWS_55, CKV_AWS_56; Security Hub S3.8"},
        .test = {"Properties.PublicAccessBlockConfiguration.{BlockPublicAcls,BlockPublicPolicy,"
                 "IgnorePublicAcls,RestrictPublicBuckets}",
                 SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"S3-05", SG_CAT_PUBLIC_ACCESS, SG_SEV_CRITICAL, "AWS::S3::Bucket",
                 "S3 bucket ACL does not let everyone read",
                 "PublicRead and AuthenticatedRead let anyone on the internet (or any AWS "
                 "account) list and download the bucket's objects.",
                 "checkov CKV_AWS_20; cfn_nag W31; Security Hub S3.2"},
        .test = {"Properties.AccessControl", SG_PRED_NOT_ONE_OF, "PublicRead|AuthenticatedRead",
                 SG_ABSENT_PASSES},
    },
    {
        .info = {"S3-06", SG_CAT_PUBLIC_ACCESS, SG_SEV_CRITICAL, "AWS::S3::Bucket",
                 "S3 bucket ACL does not let everyone write",
                 "PublicReadWrite lets anyone upload, overwrite and delete objects: data loss, "
                 "malware hosting and a bill for someone else's storage.",
                 "checkov CKV_AWS_57; cfn_nag F14; Security Hub S3.3"},
        .test = {"Properties.AccessControl", SG_PRED_NOT_ONE_OF, "PublicReadWrite",
                 SG_ABSENT_PASSES},
    },
    {
        .info = {"S3-07", SG_CAT_PUBLIC_ACCESS, SG_SEV_CRITICAL, "AWS::S3::BucketPolicy",
                 "Bucket policy grants nothing to everyone",
                 "An Allow for Principal \"*\" with no Condition opens the bucket to every "
                 "caller on the internet.",
                 "cfn_nag F16"},
        .custom = SG_CUSTOM_POLICY_PUBLIC,
    },
    {
        .info = {"S3-08", SG_CAT_IAM, SG_SEV_HIGH, "AWS::S3::BucketPolicy",
                 "Bucket policy grants named actions to named principals",
                 "s3:* or NotAction grants deletes and policy changes nobody asked for, and "
                 "NotPrincipal with Allow trusts everyone but a few.",
                 "cfn_nag F15, F9, W20"},
        .custom = SG_CUSTOM_POLICY_RESOURCE_BROAD,
    },
    {
        .info = {"S3-09", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM, "AWS::S3::BucketPolicy",
                 "Bucket policy refuses requests without TLS",
                 "S3 still answers plain HTTP; only a Deny on aws:SecureTransport false keeps "
                 "objects and credentials off unencrypted connections.",
                 "Security Hub S3.5; AWS Config S3_BUCKET_SSL_REQUESTS_ONLY"},
        .custom = SG_CUSTOM_POLICY_TLS_DENY,
    },
    {
        .info = {"S3-10", SG_CAT_IAM, SG_SEV_LOW, "AWS::S3::Bucket",
                 "S3 bucket does not use a canned ACL",
                 "ACLs are a second, legacy permission system next to bucket policies; AWS "
                 "disables them on new buckets and a canned ACL can make deployment fail.",
                 "cfn-lint W3045, E3045; Security Hub S3.12"},
        .test = {"Properties.AccessControl", SG_PRED_ABSENT, NULL, SG_ABSENT_PASSES},
    },
    {
        .info = {"S3-11", SG_CAT_COST, SG_SEV_LOW, "AWS::S3::Bucket",
                 "S3 bucket has lifecycle rules",
                 "Without expiry or transition rules, old objects and versions are kept and "
                 "paid for forever.",
                 "Security Hub S3.13"},
        .test = {"Properties.LifecycleConfiguration.Rules", SG_PRED_MIN_ITEMS, "1",
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"S3-13", SG_CAT_PUBLIC_ACCESS, SG_SEV_MEDIUM, "AWS::S3::Bucket",
                 "S3 bucket is not a static website",
                 "Website hosting serves objects over plain HTTP to anyone and needs a public "
                 "bucket; CloudFront with origin access control serves the same content "
                 "privately and over HTTPS.",
                 "none in the scanners' CloudFormation checks (research gap: S3 website "
                 "hosting)"},
        .test = {"Properties.WebsiteConfiguration", SG_PRED_ABSENT, NULL, SG_ABSENT_PASSES},
    },

    /* ---- KMS ---------------------------------------------------------------------- */
    {
        .info = {"KMS-01", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM, "AWS::KMS::Key",
                 "KMS key rotates its key material yearly",
                 "Rotation limits how much data one key version protects and is required by "
                 "most compliance baselines; asymmetric keys cannot rotate and are exempt.",
                 "checkov CKV_AWS_7; cfn_nag F19; Security Hub KMS.4"},
        .test = {"Properties.EnableKeyRotation", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
        .when = {"Properties.KeySpec", SG_PRED_ONE_OF, "SYMMETRIC_DEFAULT", SG_ABSENT_PASSES},
    },
    {
        .info = {"KMS-02", SG_CAT_PUBLIC_ACCESS, SG_SEV_CRITICAL, "AWS::KMS::Key",
                 "Key policy grants nothing to everyone",
                 "A key policy statement for Principal \"*\" with no Condition lets any AWS "
                 "account use or manage the key.",
                 "checkov CKV_AWS_33; cfn_nag F76"},
        .custom = SG_CUSTOM_POLICY_PUBLIC,
    },
    {
        .info = {"KMS-03", SG_CAT_IAM, SG_SEV_MEDIUM, IDENTITY_POLICY_TYPES,
                 "Identity policy does not allow decrypting with every KMS key",
                 "kms:Decrypt on Resource \"*\" lets the principal read anything encrypted "
                 "with any key that trusts the account, not just its own data.",
                 "Security Hub KMS.1, KMS.2"},
        .custom = SG_CUSTOM_POLICY_KMS_DECRYPT,
    },

    /* ---- IAM ---------------------------------------------------------------------- */
    {
        .info = {"IAM-01", SG_CAT_IAM, SG_SEV_CRITICAL, IDENTITY_POLICY_TYPES,
                 "No policy statement grants full administrator access",
                 "Action \"*\" on Resource \"*\" makes the role or user an account "
                 "administrator: any compromise of it is a compromise of the account.",
                 "checkov CKV_AWS_62; Security Hub IAM.1"},
        .custom = SG_CUSTOM_POLICY_ADMIN,
    },
    {
        .info = {"IAM-02", SG_CAT_IAM, SG_SEV_HIGH, IDENTITY_POLICY_TYPES,
                 "Identity policies name their actions",
                 "\"*\" or \"service:*\" grants every current and future action of a service, "
                 "including deletes and permission changes the workload never needs.",
                 "checkov CKV_AWS_63; cfn_nag F3, F4, F5; Security Hub IAM.21"},
        .custom = SG_CUSTOM_POLICY_WILDCARD_ACTION,
    },
    {
        .info = {"IAM-03", SG_CAT_IAM, SG_SEV_MEDIUM, IDENTITY_POLICY_TYPES,
                 "Identity policies name their resources",
                 "Resource \"*\" extends the granted actions to every table, bucket or queue "
                 "in the account instead of the ones the stack creates.",
                 "cfn_nag W11, W12, W13"},
        .custom = SG_CUSTOM_POLICY_WILDCARD_RESOURCE,
    },
    {
        .info = {"IAM-04", SG_CAT_IAM, SG_SEV_HIGH, IDENTITY_POLICY_TYPES,
                 "No Allow statement uses NotAction or NotResource",
                 "Allow with NotAction or NotResource grants everything except a list, which "
                 "silently grows with every new AWS action and resource.",
                 "cfn_nag W15, W16, W17, W21, W22, W23"},
        .custom = SG_CUSTOM_POLICY_NOT_ACTION,
    },
    {
        .info = {"IAM-05", SG_CAT_IAM, SG_SEV_HIGH, IDENTITY_POLICY_TYPES,
                 "iam:PassRole is limited to named roles",
                 "PassRole on every role lets the principal hand any role, an admin role "
                 "included, to a service it controls: a classic privilege escalation.",
                 "cfn_nag F38, F39, F40"},
        .custom = SG_CUSTOM_POLICY_PASSROLE,
    },
    {
        .info = {"IAM-06", SG_CAT_IAM, SG_SEV_HIGH, "AWS::IAM::Role",
                 "Trust policy allows only assuming the role, and only by named principals",
                 "Action \"*\" or NotAction in a trust policy, or Allow with NotPrincipal, "
                 "lets more principals or more operations through than the role's purpose.",
                 "cfn_nag F2, F6, W14"},
        .custom = SG_CUSTOM_POLICY_TRUST_BROAD,
    },
    {
        .info = {"IAM-07", SG_CAT_PUBLIC_ACCESS, SG_SEV_CRITICAL, "AWS::IAM::Role",
                 "Trust policy does not let everyone assume the role",
                 "A trust statement for Principal \"*\" without a Condition lets any AWS "
                 "account in the world assume the role and use its permissions.",
                 "checkov CKV_AWS_60, CKV_AWS_61"},
        .custom = SG_CUSTOM_POLICY_PUBLIC,
    },
    {
        .info = {"IAM-08", SG_CAT_IAM, SG_SEV_CRITICAL,
                 "AWS::IAM::Role|AWS::IAM::User|AWS::IAM::Group",
                 "No broad AWS managed policy (AdministratorAccess, PowerUserAccess, "
                 "IAMFullAccess) is attached",
                 "These managed policies grant (nearly) everything, or the power to grant "
                 "oneself everything; a workload never needs them.",
                 "cfn_nag W43, W44"},
        .test = {"Properties.ManagedPolicyArns[]", SG_PRED_NOT_SUFFIX,
                 "/AdministratorAccess|/PowerUserAccess|/IAMFullAccess", SG_ABSENT_PASSES},
    },
    {
        .info = {"IAM-09", SG_CAT_IAM, SG_SEV_LOW,
                 "AWS::IAM::User|AWS::IAM::Policy|AWS::IAM::ManagedPolicy",
                 "Permissions attach to groups or roles, not to users",
                 "Policies on individual users are hard to review and outlive the person; "
                 "groups and roles keep access manageable.",
                 "checkov CKV_AWS_40; cfn_nag F10, F11, F12, F2000; Security Hub IAM.2"},
        .test = {"Properties.{Policies,ManagedPolicyArns,Users}", SG_PRED_ABSENT, NULL,
                 SG_ABSENT_PASSES},
    },
    {
        .info = {"IAM-11", SG_CAT_DEPLOYABILITY, SG_SEV_HIGH,
                 IDENTITY_POLICY_TYPES "|AWS::S3::BucketPolicy|AWS::SNS::TopicPolicy|"
                                       "AWS::SQS::QueuePolicy|AWS::KMS::Key|AWS::ECR::Repository|"
                                       "AWS::OpenSearchService::Domain|"
                                       "AWS::Elasticsearch::Domain|"
                                       "AWS::SecretsManager::ResourcePolicy",
                 "Policy statements are well-formed",
                 "A statement without Effect, Action or the Resource/Principal its policy "
                 "type needs is rejected by IAM, and the stack fails to deploy.",
                 "cfn-lint E3510, E3512, E3530, I3510"},
        .custom = SG_CUSTOM_POLICY_MALFORMED,
    },
    {
        .info = {"IAM-12", SG_CAT_PUBLIC_ACCESS, SG_SEV_CRITICAL, "AWS::Lambda::Permission",
                 "Lambda permission does not let everyone invoke the function",
                 "Principal \"*\" lets any AWS account, or anyone when combined with a URL, "
                 "call the function and run up its cost.",
                 "cfn_nag F13; Security Hub Lambda.1"},
        .test = {"Properties.Principal", SG_PRED_NOT_ONE_OF, "*", SG_ABSENT_PASSES},
    },
    {
        .info = {"IAM-13", SG_CAT_PUBLIC_ACCESS, SG_SEV_MEDIUM, "AWS::Lambda::Permission",
                 "Lambda permission for an AWS service names the source",
                 "A service principal such as s3.amazonaws.com without SourceArn or "
                 "SourceAccount lets that service invoke the function on behalf of any "
                 "account (the confused-deputy problem).",
                 "checkov CKV_AWS_364; cfn-lint W3663"},
        .test = {"Properties", SG_PRED_ANY_KEY, "SourceArn|SourceAccount", SG_ABSENT_FAILS},
        .when = {"Properties.Principal", SG_PRED_SUFFIX, ".amazonaws.com", SG_ABSENT_FAILS},
        .detail = "the service may invoke the function for any source (no SourceArn or "
                  "SourceAccount)",
    },
    {
        .info = {"IAM-14", SG_CAT_IAM, SG_SEV_LOW, "AWS::Lambda::Permission",
                 "Lambda permission grants only invocation",
                 "lambda:* or another action in a resource policy lets the caller change or "
                 "delete the function, not just call it.",
                 "cfn_nag W24"},
        .test = {"Properties.Action", SG_PRED_ONE_OF,
                 "lambda:InvokeFunction|lambda:InvokeFunctionUrl", SG_ABSENT_PASSES},
    },

    /* ---- security groups and network ACLs --------------------------------------------- */
    {
        .info = {"SG-01", SG_CAT_NETWORK, SG_SEV_CRITICAL, SG_TYPES,
                 "SSH (22) is not open to the internet",
                 "SSH reachable from 0.0.0.0/0 is scanned and brute-forced within minutes; "
                 "administration belongs behind a bastion, SSM or a narrow CIDR.",
                 "checkov CKV_AWS_24; Security Hub EC2.13"},
        .custom = SG_CUSTOM_SG_SSH,
    },
    {
        .info = {"SG-02", SG_CAT_NETWORK, SG_SEV_CRITICAL, SG_TYPES,
                 "RDP (3389) is not open to the internet",
                 "RDP reachable from 0.0.0.0/0 is one of the most common ways into Windows "
                 "hosts.",
                 "checkov CKV_AWS_25; Security Hub EC2.14"},
        .custom = SG_CUSTOM_SG_RDP,
    },
    {
        .info = {"SG-03", SG_CAT_NETWORK, SG_SEV_CRITICAL, SG_TYPES,
                 "Databases and other high-risk ports are not open to the internet",
                 "Database, cache, search and file-sharing ports open to 0.0.0.0/0 expose "
                 "data stores that were never meant to face the internet.",
                 "Security Hub EC2.19"},
        .custom = SG_CUSTOM_SG_RISKY_PORTS,
    },
    {
        .info = {"SG-04", SG_CAT_NETWORK, SG_SEV_HIGH, SG_TYPES,
                 "Only web ports (80, 443) are open to the internet",
                 "Any other port open to 0.0.0.0/0 widens the attack surface beyond what a "
                 "public web entry point needs.",
                 "checkov CKV_AWS_260; Security Hub EC2.18; cfn_nag W2"},
        .custom = SG_CUSTOM_SG_OTHER_PORTS,
    },
    {
        .info = {"SG-05", SG_CAT_NETWORK, SG_SEV_LOW,
                 "AWS::EC2::SecurityGroup|AWS::EC2::SecurityGroupEgress",
                 "Egress is not open to all traffic",
                 "Allowing all protocols out to the internet makes data exfiltration and "
                 "command-and-control traffic easy.",
                 "cfn_nag W5, W40, F1000"},
        .custom = SG_CUSTOM_SG_EGRESS_ALL,
    },
    {
        .info = {"SG-06", SG_CAT_NETWORK, SG_SEV_MEDIUM, SG_TYPES,
                 "Ingress from address ranges names its protocol and ports",
                 "IpProtocol -1 or 0-65535 opens every service on the instance to the range, "
                 "including ones started later.",
                 "cfn_nag W42, W27, W9"},
        .custom = SG_CUSTOM_SG_ALL_PORTS,
    },
    {
        .info = {"SG-07", SG_CAT_NAMING, SG_SEV_LOW,
                 SG_TYPES "|AWS::EC2::SecurityGroupEgress",
                 "Every security-group rule has a description",
                 "A rule without a description cannot be reviewed: nobody knows later why the "
                 "port is open.",
                 "checkov CKV_AWS_23; cfn_nag W36"},
        .custom = SG_CUSTOM_SG_DESCRIPTION,
    },
    {
        .info = {"VPC-03", SG_CAT_NETWORK, SG_SEV_HIGH, "AWS::EC2::NetworkAclEntry",
                 "Network ACLs do not let SSH or RDP in from the internet",
                 "A subnet ACL that admits 22 or 3389 from 0.0.0.0/0 removes the second layer "
                 "that should catch a too-open security group.",
                 "Security Hub EC2.21; cfn_nag W66, W67"},
        .custom = SG_CUSTOM_NACL_ADMIN_PORTS,
    },

    /* ---- EC2 and VPC -------------------------------------------------------------------- */
    {
        .info = {"EC2-01", SG_CAT_IAM, SG_SEV_HIGH, "AWS::EC2::LaunchTemplate",
                 "Launch template requires IMDSv2",
                 "With IMDSv1, a server-side request forgery in the application is enough to "
                 "read the instance role's credentials; HttpTokens required closes that.",
                 "checkov CKV_AWS_79; Security Hub EC2.8, AutoScaling.3"},
        .test = {"Properties.LaunchTemplateData.MetadataOptions.HttpTokens", SG_PRED_ONE_OF,
                 "required", SG_ABSENT_FAILS},
    },
    {
        .info = {"EC2-02", SG_CAT_PUBLIC_ACCESS, SG_SEV_HIGH,
                 EC2_LAUNCH_TYPES,
                 "Instances get no public IP address",
                 "A public IP puts the instance directly on the internet; traffic should come "
                 "through a load balancer or NAT.",
                 "checkov CKV_AWS_88; Security Hub EC2.9, AutoScaling.5"},
        .test = {"Properties.{NetworkInterfaces[].AssociatePublicIpAddress,"
                 "LaunchTemplateData.NetworkInterfaces[].AssociatePublicIpAddress,"
                 "AssociatePublicIpAddress}",
                 SG_PRED_NOT_TRUE, NULL, SG_ABSENT_PASSES},
    },
    {
        .info = {"EC2-03", SG_CAT_SECRETS, SG_SEV_HIGH,
                 EC2_LAUNCH_TYPES,
                 "UserData assigns no literal credentials",
                 "UserData is readable by anyone who can describe the instance and from "
                 "inside it; secrets belong in Secrets Manager or SSM, fetched at boot.",
                 "checkov CKV_AWS_46"},
        .test = {"Properties.{UserData,LaunchTemplateData.UserData}", SG_PRED_USERDATA_CLEAN,
                 NULL, SG_ABSENT_PASSES},
    },
    {
        .info = {"EC2-04", SG_CAT_ENCRYPTION, SG_SEV_HIGH, "AWS::EC2::Volume",
                 "EBS volume is encrypted",
                 "An unencrypted volume exposes its data through snapshots and shared copies.",
                 "checkov CKV_AWS_3; cfn_nag F1; Security Hub EC2.3"},
        .test = {"Properties.Encrypted", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"EC2-05", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM,
                 EC2_LAUNCH_TYPES,
                 "EBS block device mappings are encrypted",
                 "Volumes created from a mapping without Encrypted are unencrypted unless the "
                 "account happens to enforce EBS encryption by default.",
                 "checkov CKV_AWS_8"},
        .test = {"Properties.{BlockDeviceMappings,LaunchTemplateData.BlockDeviceMappings}[]."
                 "Ebs.Encrypted",
                 SG_PRED_TRUE, NULL, SG_ABSENT_LEAF_FAILS},
    },
    {
        .info = {"VPC-01", SG_CAT_LOGGING, SG_SEV_MEDIUM, "AWS::EC2::VPC",
                 "VPC has a flow log",
                 "Flow logs are the only record of which addresses talked to what inside the "
                 "network; without them an incident cannot be traced.",
                 "cfn_nag W60; Security Hub EC2.6"},
        .test = {"", SG_PRED_REFERENCED_BY, "AWS::EC2::FlowLog:Properties.ResourceId",
                 SG_ABSENT_PASSES},
    },
    {
        .info = {"VPC-02", SG_CAT_PUBLIC_ACCESS, SG_SEV_LOW, "AWS::EC2::Subnet",
                 "Subnet does not hand out public IPs automatically",
                 "MapPublicIpOnLaunch gives every instance launched there an internet address, "
                 "whether it should have one or not.",
                 "cfn_nag W33; Security Hub EC2.15"},
        .test = {"Properties.MapPublicIpOnLaunch", SG_PRED_NOT_TRUE, NULL, SG_ABSENT_PASSES},
    },
    {
        .info = {"ASG-01", SG_CAT_AVAILABILITY, SG_SEV_MEDIUM, "AWS::AutoScaling::AutoScalingGroup",
                 "Auto Scaling group spans at least two subnets",
                 "A group in one subnet lives in one Availability Zone and goes down with it.",
                 "Security Hub AutoScaling.2"},
        .test = {"Properties.VPCZoneIdentifier", SG_PRED_MIN_ITEMS, "2", SG_ABSENT_PASSES},
        .when = {"Properties.AvailabilityZones", SG_PRED_ABSENT, NULL, SG_ABSENT_PASSES},
    },

    /* ---- RDS ------------------------------------------------------------------------ */
    {
        .info = {"RDS-01", SG_CAT_ENCRYPTION, SG_SEV_HIGH, RDS_TYPES,
                 "Database storage is encrypted",
                 "RDS does not encrypt by default, and encryption cannot be turned on later "
                 "without a snapshot-and-restore migration.",
                 "checkov CKV_AWS_16, CKV_AWS_96; cfn_nag F26, F27; Security Hub RDS.3"},
        .test = {"Properties.StorageEncrypted", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
        .applies = SG_APPLIES_RDS_STANDALONE,
    },
    {
        .info = {"RDS-02", SG_CAT_PUBLIC_ACCESS, SG_SEV_CRITICAL, "AWS::RDS::DBInstance",
                 "Database instance is not publicly accessible",
                 "PubliclyAccessible gives the database a public DNS name and address: one "
                 "security-group mistake away from the internet.",
                 "checkov CKV_AWS_17; cfn_nag F22; Security Hub RDS.2"},
        .test = {"Properties.PubliclyAccessible", SG_PRED_NOT_TRUE, NULL, SG_ABSENT_PASSES},
    },
    {
        .info = {"RDS-03", SG_CAT_AVAILABILITY, SG_SEV_MEDIUM, "AWS::RDS::DBInstance",
                 "Database instance runs Multi-AZ",
                 "A single-AZ database is down for the whole failure of its zone and for "
                 "every maintenance reboot.",
                 "checkov CKV_AWS_157; Security Hub RDS.5, RDS.15"},
        .test = {"Properties.MultiAZ", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
        .applies = SG_APPLIES_RDS_STANDALONE,
    },
    {
        .info = {"RDS-04", SG_CAT_MONITORING, SG_SEV_LOW, "AWS::RDS::DBInstance",
                 "Database instance has enhanced monitoring",
                 "Enhanced monitoring shows OS-level metrics (memory, processes, I/O) that "
                 "CloudWatch's hypervisor metrics miss when diagnosing an outage.",
                 "checkov CKV_AWS_118; Security Hub RDS.6"},
        .test = {"Properties.MonitoringInterval", SG_PRED_ONE_OF, "1|5|10|15|30|60",
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"RDS-05", SG_CAT_IAM, SG_SEV_LOW, RDS_TYPES,
                 "Database accepts IAM authentication",
                 "IAM database authentication replaces long-lived database passwords with "
                 "short-lived tokens tied to IAM identities.",
                 "checkov CKV_AWS_161, CKV_AWS_162; Security Hub RDS.10, RDS.12"},
        .test = {"Properties.EnableIAMDatabaseAuthentication", SG_PRED_TRUE, NULL,
                 SG_ABSENT_FAILS},
        .applies = SG_APPLIES_RDS_STANDALONE,
    },
    {
        .info = {"RDS-06", SG_CAT_DELETION, SG_SEV_MEDIUM, RDS_TYPES,
                 "Database has deletion protection",
                 "Deletion protection stops a stack delete or a console click from dropping "
                 "the database; it has to be turned off on purpose first.",
                 "cfn_nag F80; Security Hub RDS.7, RDS.8"},
        .test = {"Properties.DeletionProtection", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
        .applies = SG_APPLIES_RDS_STANDALONE,
    },
    {
        .info = {"RDS-07", SG_CAT_BACKUP, SG_SEV_MEDIUM, RDS_TYPES,
                 "Database keeps automated backups",
                 "BackupRetentionPeriod 0 turns off automated backups and point-in-time "
                 "recovery.",
                 "cfn_nag W75; Security Hub RDS.11; cfn-lint E3719"},
        .test = {"Properties.BackupRetentionPeriod", SG_PRED_MIN_NUM, "1", SG_ABSENT_PASSES},
        .applies = SG_APPLIES_RDS_STANDALONE,
    },
    {
        .info = {"RDS-08", SG_CAT_SECRETS, SG_SEV_CRITICAL, RDS_TYPES,
                 "Database master password is not written in the template",
                 "A literal password, or a parameter with a Default or without NoEcho, ends "
                 "up in source control and in the CloudFormation console.",
                 "cfn_nag F23, F24, F34; cfn-lint W2501, W1011"},
        .test = {"Properties.MasterUserPassword", SG_PRED_SECRET_SOURCE, NULL, SG_ABSENT_PASSES},
    },
    {
        .info = {"RDS-09", SG_CAT_LOGGING, SG_SEV_LOW, RDS_TYPES,
                 "Database exports its logs to CloudWatch",
                 "Error, audit and slow-query logs kept only on the instance are lost with it "
                 "and cannot be searched or alarmed on.",
                 "Security Hub RDS.9"},
        .test = {"Properties.EnableCloudwatchLogsExports", SG_PRED_MIN_ITEMS, "1",
                 SG_ABSENT_FAILS},
        .applies = SG_APPLIES_RDS_STANDALONE,
    },
    {
        .info = {"RDS-12", SG_CAT_TAGGING, SG_SEV_LOW, RDS_TYPES,
                 "Database copies its tags to snapshots",
                 "Snapshots without tags lose their owner and cost allocation, and escape "
                 "tag-based access policies.",
                 "Security Hub RDS.16, RDS.17"},
        .test = {"Properties.CopyTagsToSnapshot", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
        .applies = SG_APPLIES_RDS_STANDALONE,
    },

    /* ---- DynamoDB ------------------------------------------------------------------- */
    {
        .info = {"DDB-01", SG_CAT_BACKUP, SG_SEV_MEDIUM, "AWS::DynamoDB::Table",
                 "DynamoDB table has point-in-time recovery",
                 "Point-in-time recovery restores the table to any second of the last 35 "
                 "days after a bad write or delete; without it there is no undo.",
                 "checkov CKV_AWS_28; cfn_nag W78; Security Hub DynamoDB.2"},
        .test = {"Properties.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled",
                 SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"DDB-02", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM, "AWS::DynamoDB::Table",
                 "DynamoDB table is encrypted with a KMS key",
                 "The default AWS-owned key cannot be audited or revoked; SSEEnabled uses a "
                 "KMS key whose use CloudTrail records (a customer key with KMSMasterKeyId).",
                 "checkov CKV_AWS_119; cfn_nag W74"},
        .test = {"Properties.SSESpecification.SSEEnabled", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"DDB-03", SG_CAT_DELETION, SG_SEV_MEDIUM, "AWS::DynamoDB::Table",
                 "DynamoDB table has deletion protection",
                 "Deletion protection keeps a stack delete or a stray API call from dropping "
                 "the table and its data.",
                 "Security Hub DynamoDB.6"},
        .test = {"Properties.DeletionProtectionEnabled", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"DDB-04", SG_CAT_COST, SG_SEV_LOW, "AWS::DynamoDB::Table",
                 "DynamoDB table states its billing mode",
                 "Left out, the table is PROVISIONED and needs capacity settings; the mode "
                 "decides how the table is paid for and should be a choice.",
                 "cfn_nag W73; cfn-lint E3639"},
        .test = {"Properties.BillingMode", SG_PRED_ONE_OF, "PAY_PER_REQUEST|PROVISIONED",
                 SG_ABSENT_FAILS},
    },

    /* ---- Lambda ---------------------------------------------------------------------- */
    {
        .info = {"LAM-01", SG_CAT_SECRETS, SG_SEV_CRITICAL, LAMBDA_TYPES,
                 "Lambda environment variables hold no secrets",
                 "Environment variables are shown to anyone who can read the function's "
                 "configuration; a password or key there is effectively published.",
                 "checkov CKV_AWS_45"},
        .test = {"Properties.Environment.Variables.*", SG_PRED_NO_SECRET, NULL,
                 SG_ABSENT_PASSES},
    },
    {
        .info = {"LAM-02", SG_CAT_ENCRYPTION, SG_SEV_LOW, LAMBDA_TYPES,
                 "Lambda environment variables are encrypted with a customer key",
                 "Without KmsKeyArn the variables use an AWS-managed key that every principal "
                 "allowed to read the function can decrypt.",
                 "checkov CKV_AWS_173"},
        .test = {"Properties.KmsKeyArn", SG_PRED_PRESENT, NULL, SG_ABSENT_FAILS},
        .when = {"Properties.Environment.Variables", SG_PRED_PRESENT, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"LAM-03", SG_CAT_AVAILABILITY, SG_SEV_LOW, LAMBDA_TYPES,
                 "Lambda function reserves its concurrency",
                 "Without a reservation one function's traffic spike can take all of the "
                 "account's concurrency and throttle every other function.",
                 "checkov CKV_AWS_115; cfn_nag W92"},
        .test = {"Properties.ReservedConcurrentExecutions", SG_PRED_PRESENT, NULL,
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"LAM-04", SG_CAT_AVAILABILITY, SG_SEV_LOW, LAMBDA_TYPES,
                 "Lambda function has a dead-letter queue",
                 "Asynchronous events that fail every retry are dropped silently unless a "
                 "dead-letter queue or topic keeps them.",
                 "checkov CKV_AWS_116"},
        .test = {"Properties.DeadLetterConfig.TargetArn", SG_PRED_PRESENT, NULL,
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"LAM-05", SG_CAT_NETWORK, SG_SEV_LOW, LAMBDA_TYPES,
                 "Lambda function runs inside a VPC",
                 "A function outside a VPC cannot be limited by security groups or network "
                 "ACLs and reaches private resources only through public endpoints.",
                 "checkov CKV_AWS_117; cfn_nag W89; Security Hub Lambda.3"},
        .test = {"Properties.VpcConfig", SG_PRED_PRESENT, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"LAM-06", SG_CAT_DEPLOYABILITY, SG_SEV_MEDIUM, LAMBDA_TYPES,
                 "Lambda function uses a supported runtime",
                 "Deprecated runtimes get no security patches, and Lambda later refuses to "
                 "create or update functions that use them, which breaks the stack.",
                 "checkov CKV_AWS_363; cfn-lint E2531, W2531; Security Hub Lambda.2"},
        .test = {"Properties.Runtime", SG_PRED_NOT_ONE_OF, DEPRECATED_RUNTIMES,
                 SG_ABSENT_PASSES},
    },
    {
        .info = {"LAM-07", SG_CAT_PUBLIC_ACCESS, SG_SEV_HIGH, "AWS::Lambda::Url",
                 "Lambda function URL requires IAM authentication",
                 "AuthType NONE makes the function callable by anyone who finds the URL.",
                 "checkov CKV_AWS_258"},
        .test = {"Properties.AuthType", SG_PRED_ONE_OF, "AWS_IAM", SG_ABSENT_FAILS},
    },
    {
        .info = {"LAM-08", SG_CAT_LOGGING, SG_SEV_MEDIUM, "AWS::Lambda::Function",
                 "Lambda function's role can write CloudWatch Logs",
                 "Without logs:PutLogEvents the function runs blind: errors and output go "
                 "nowhere.",
                 "cfn_nag W58"},
        .custom = SG_CUSTOM_LAMBDA_LOG_PERMISSION,
    },
    {
        .info = {"LAM-09", SG_CAT_MONITORING, SG_SEV_LOW, LAMBDA_TYPES,
                 "Lambda function traces with X-Ray",
                 "Active tracing shows where a request spends its time across services, "
                 "which logs alone cannot.",
                 "checkov CKV_AWS_50"},
        .test = {"Properties.TracingConfig.Mode", SG_PRED_ONE_OF, "Active", SG_ABSENT_FAILS},
    },

    /* ---- API Gateway ------------------------------------------------------------------ */
    {
        .info = {"APIGW-01", SG_CAT_PUBLIC_ACCESS, SG_SEV_MEDIUM, "AWS::ApiGateway::Method",
                 "API method requires authorization",
                 "AuthorizationType NONE lets anyone on the internet call the method; only "
                 "CORS preflight (OPTIONS) and API-key methods are exempt.",
                 "checkov CKV_AWS_59; cfn_nag W59; Security Hub APIGateway.8"},
        .test = {"Properties.AuthorizationType", SG_PRED_NOT_ONE_OF, "NONE", SG_ABSENT_FAILS},
        .applies = SG_APPLIES_METHOD_NEEDS_AUTH,
    },
    {
        .info = {"APIGW-02", SG_CAT_LOGGING, SG_SEV_MEDIUM,
                 "AWS::ApiGateway::Stage|AWS::Serverless::Api",
                 "REST API stage writes access logs",
                 "Access logs record who called which route from where; without them abuse "
                 "of the API cannot be investigated.",
                 "checkov CKV_AWS_76; cfn_nag W69, W45"},
        .test = {"Properties.AccessLogSetting.DestinationArn", SG_PRED_PRESENT, NULL,
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"APIGW-03", SG_CAT_LOGGING, SG_SEV_LOW, "AWS::ApiGateway::Stage",
                 "REST API stage writes execution logs",
                 "Execution logs (LoggingLevel ERROR or INFO) show why a request failed "
                 "inside API Gateway.",
                 "Security Hub APIGateway.1"},
        .test = {"Properties.MethodSettings[].LoggingLevel", SG_PRED_ONE_OF, "ERROR|INFO",
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"APIGW-04", SG_CAT_MONITORING, SG_SEV_LOW,
                 "AWS::ApiGateway::Stage|AWS::Serverless::Api",
                 "REST API stage traces with X-Ray",
                 "Tracing follows a request from the API into its backends and shows where "
                 "latency and errors come from.",
                 "checkov CKV_AWS_73; Security Hub APIGateway.3"},
        .test = {"Properties.TracingEnabled", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"APIGW-05", SG_CAT_LOGGING, SG_SEV_MEDIUM,
                 "AWS::ApiGatewayV2::Stage|AWS::Serverless::HttpApi",
                 "HTTP and WebSocket API stage writes access logs",
                 "Without access logs the calls made to the API leave no trace.",
                 "checkov CKV_AWS_95; cfn_nag W46; Security Hub APIGateway.9"},
        .test = {"Properties.AccessLogSettings.DestinationArn", SG_PRED_PRESENT, NULL,
                 SG_ABSENT_FAILS},
    },

    /* ---- CloudTrail -------------------------------------------------------------------- */
    {
        .info = {"CT-01", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM, "AWS::CloudTrail::Trail",
                 "CloudTrail logs are encrypted with a KMS key",
                 "Audit logs describe the whole account; a KMS key adds a second permission "
                 "check on who may read them.",
                 "checkov CKV_AWS_35; Security Hub CloudTrail.2"},
        .test = {"Properties.KMSKeyId", SG_PRED_PRESENT, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"CT-02", SG_CAT_LOGGING, SG_SEV_MEDIUM, "AWS::CloudTrail::Trail",
                 "CloudTrail validates its log files",
                 "Digest files prove that no log was altered or deleted after delivery, which "
                 "an investigation depends on.",
                 "checkov CKV_AWS_36; Security Hub CloudTrail.4"},
        .test = {"Properties.EnableLogFileValidation", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"CT-03", SG_CAT_LOGGING, SG_SEV_MEDIUM, "AWS::CloudTrail::Trail",
                 "CloudTrail records every region",
                 "A single-region trail misses activity in the other regions, which is where "
                 "an attacker would go.",
                 "checkov CKV_AWS_67; Security Hub CloudTrail.1"},
        .test = {"Properties.IsMultiRegionTrail", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"CT-04", SG_CAT_LOGGING, SG_SEV_LOW, "AWS::CloudTrail::Trail",
                 "CloudTrail also delivers to CloudWatch Logs",
                 "Delivery to CloudWatch Logs is what makes metric filters and alarms on API "
                 "activity possible.",
                 "Security Hub CloudTrail.5"},
        .test = {"Properties.{CloudWatchLogsLogGroupArn,CloudWatchLogsRoleArn}",
                 SG_PRED_PRESENT, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"CT-05", SG_CAT_LOGGING, SG_SEV_MEDIUM, "AWS::CloudTrail::Trail",
                 "CloudTrail trail is logging",
                 "A trail with IsLogging false exists but records nothing.",
                 "none in the scanners' checks (IsLogging is a required property: cfn-lint "
                 "E3003)"},
        .test = {"Properties.IsLogging", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
    },

    /* ---- CloudWatch ---------------------------------------------------------------------- */
    {
        .info = {"CWL-01", SG_CAT_LOGGING, SG_SEV_MEDIUM, "AWS::Logs::LogGroup",
                 "Log group sets a retention period",
                 "Without RetentionInDays logs are kept and billed forever, or, set by hand "
                 "later, for a period nobody chose.",
                 "checkov CKV_AWS_66; cfn_nag W86; Security Hub CloudWatch.16"},
        .test = {"Properties.RetentionInDays", SG_PRED_PRESENT, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"CWL-02", SG_CAT_ENCRYPTION, SG_SEV_LOW, "AWS::Logs::LogGroup",
                 "Log group is encrypted with a KMS key",
                 "Logs often carry request data and identifiers; a KMS key controls and "
                 "records who may read them.",
                 "checkov CKV_AWS_158; cfn_nag W84"},
        .test = {"Properties.KmsKeyId", SG_PRED_PRESENT, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"CWL-03", SG_CAT_MONITORING, SG_SEV_MEDIUM,
                 "AWS::CloudWatch::Alarm|AWS::CloudWatch::CompositeAlarm",
                 "Alarm notifies someone",
                 "An alarm without AlarmActions changes state in the console and nobody "
                 "hears about it.",
                 "Security Hub CloudWatch.15, CloudWatch.17"},
        .test = {"Properties.AlarmActions", SG_PRED_MIN_ITEMS, "1", SG_ABSENT_FAILS},
    },

    /* ---- SNS and SQS --------------------------------------------------------------------- */
    {
        .info = {"SNS-01", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM, "AWS::SNS::Topic",
                 "SNS topic is encrypted with a KMS key",
                 "Messages wait in the topic unencrypted at rest unless KmsMasterKeyId is "
                 "set.",
                 "checkov CKV_AWS_26; cfn_nag W47; Security Hub SNS.1"},
        .test = {"Properties.KmsMasterKeyId", SG_PRED_PRESENT, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"SNS-02", SG_CAT_PUBLIC_ACCESS, SG_SEV_CRITICAL, "AWS::SNS::TopicPolicy",
                 "Topic policy does not open the topic to everyone",
                 "Principal \"*\" without a Condition, a wildcard action, NotAction or "
                 "NotPrincipal lets any account publish to or subscribe to the topic.",
                 "cfn_nag F18, F8, W19"},
        .custom = SG_CUSTOM_POLICY_PUBLIC_OR_BROAD,
    },
    {
        .info = {"SQS-01", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM, "AWS::SQS::Queue",
                 "SQS queue is encrypted with a KMS key or SSE-SQS",
                 "An explicit encryption setting documents how messages are protected at "
                 "rest; with neither KmsMasterKeyId nor SqsManagedSseEnabled the template "
                 "leaves it to defaults.",
                 "checkov CKV_AWS_27; cfn_nag W48; Security Hub SQS.1"},
        .test = {"Properties.KmsMasterKeyId", SG_PRED_PRESENT, NULL, SG_ABSENT_FAILS},
        .when = {"Properties.SqsManagedSseEnabled", SG_PRED_NOT_TRUE, NULL, SG_ABSENT_PASSES},
    },
    {
        .info = {"SQS-02", SG_CAT_PUBLIC_ACCESS, SG_SEV_CRITICAL, "AWS::SQS::QueuePolicy",
                 "Queue policy does not open the queue to everyone",
                 "Principal \"*\" without a Condition, sqs:*, NotAction or NotPrincipal lets "
                 "any account read, send or purge messages.",
                 "cfn_nag F21, F20, F7, W18"},
        .custom = SG_CUSTOM_POLICY_PUBLIC_OR_BROAD,
    },

    /* ---- Elastic Load Balancing ----------------------------------------------------------- */
    {
        .info = {"ELB-01", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM, ELBV2_LISTENER,
                 "HTTP listeners redirect to HTTPS",
                 "A plain HTTP listener that serves content next to an HTTPS one sends "
                 "cookies, tokens and data unencrypted to every client that types http://.",
                 "checkov CKV_AWS_2; cfn_nag W56; Security Hub ELB.1"},
        .test = {"Properties.DefaultActions[].RedirectConfig.Protocol", SG_PRED_ONE_OF, "HTTPS",
                 SG_ABSENT_FAILS},
        .when = {"Properties.Protocol", SG_PRED_ONE_OF, "HTTP", SG_ABSENT_FAILS},
        .applies = SG_APPLIES_LB_SERVES_TLS,
        .detail = "the HTTP listener serves traffic instead of redirecting to HTTPS",
    },
    {
        .info = {"ELB-02", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM, ELBV2_LISTENER,
                 "TLS listeners use a TLS 1.2+ security policy",
                 "Without SslPolicy the listener uses ELBSecurityPolicy-2016-08, which still "
                 "accepts TLS 1.0 and 1.1.",
                 "checkov CKV_AWS_103; cfn_nag W55; cfn-lint E3676"},
        .test = {"Properties.SslPolicy", SG_PRED_PREFIX,
                 "ELBSecurityPolicy-TLS13-1-2|ELBSecurityPolicy-TLS13-1-3|"
                 "ELBSecurityPolicy-FS-1-2|ELBSecurityPolicy-TLS-1-2",
                 SG_ABSENT_FAILS},
        .when = {"Properties.Protocol", SG_PRED_ONE_OF, "HTTPS|TLS", SG_ABSENT_FAILS},
    },
    {
        .info = {"ELB-03", SG_CAT_LOGGING, SG_SEV_MEDIUM, ELBV2_LB,
                 "Load balancer writes access logs",
                 "Access logs are the record of every request the load balancer took, with "
                 "client address and response code.",
                 "checkov CKV_AWS_91; cfn_nag W52; Security Hub ELB.5"},
        .test = {"Properties.LoadBalancerAttributes[Key=access_logs.s3.enabled].Value",
                 SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
        .when = {"Properties.Type", SG_PRED_NOT_ONE_OF, "gateway", SG_ABSENT_PASSES},
    },
    {
        .info = {"ELB-04", SG_CAT_PUBLIC_ACCESS, SG_SEV_LOW, ELBV2_LB,
                 "Application load balancer drops invalid HTTP headers",
                 "Forwarding malformed headers lets request smuggling and header injection "
                 "reach the targets.",
                 "checkov CKV_AWS_131; Security Hub ELB.4"},
        .test = {"Properties.LoadBalancerAttributes[Key=routing.http.drop_invalid_header_fields"
                 ".enabled].Value",
                 SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
        .when = {"Properties.Type", SG_PRED_ONE_OF, "application", SG_ABSENT_PASSES},
    },
    {
        .info = {"ELB-05", SG_CAT_DELETION, SG_SEV_LOW, ELBV2_LB,
                 "Load balancer has deletion protection",
                 "Deleting the load balancer takes the whole entry point offline and loses "
                 "its DNS name.",
                 "Security Hub ELB.6"},
        .test = {"Properties.LoadBalancerAttributes[Key=deletion_protection.enabled].Value",
                 SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"ELB-06", SG_CAT_AVAILABILITY, SG_SEV_MEDIUM, ELBV2_LB,
                 "Load balancer spans at least two subnets",
                 "A load balancer in one subnet is in one Availability Zone and fails with it "
                 "(application load balancers need two to deploy at all).",
                 "Security Hub ELB.13; cfn-lint E3680"},
        .test = {"Properties.Subnets", SG_PRED_MIN_ITEMS, "2", SG_ABSENT_PASSES},
        .when = {"Properties.SubnetMappings", SG_PRED_ABSENT, NULL, SG_ABSENT_PASSES},
    },
    {
        .info = {"ELB-07", SG_CAT_LOGGING, SG_SEV_MEDIUM, "AWS::ElasticLoadBalancing::LoadBalancer",
                 "Classic load balancer writes access logs",
                 "Without access logs the requests the load balancer served leave no trace.",
                 "checkov CKV_AWS_92; cfn_nag W26"},
        .test = {"Properties.AccessLoggingPolicy.Enabled", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
    },

    /* ---- ECS and ECR ------------------------------------------------------------------ */
    {
        .info = {"ECS-01", SG_CAT_MONITORING, SG_SEV_LOW, "AWS::ECS::Cluster",
                 "ECS cluster has Container Insights",
                 "Container Insights gives per-task CPU, memory and restart metrics that "
                 "cluster-level metrics hide.",
                 "checkov CKV_AWS_65; Security Hub ECS.12"},
        .test = {"Properties.ClusterSettings[Name=containerInsights].Value", SG_PRED_ONE_OF,
                 "enabled|enhanced", SG_ABSENT_FAILS},
    },
    {
        .info = {"ECS-02", SG_CAT_IAM, SG_SEV_HIGH, "AWS::ECS::TaskDefinition",
                 "Containers do not run privileged",
                 "A privileged container is root on the host: one compromised container owns "
                 "the instance and every task on it.",
                 "Security Hub ECS.4"},
        .test = {"Properties.ContainerDefinitions[].Privileged", SG_PRED_NOT_TRUE, NULL,
                 SG_ABSENT_PASSES},
    },
    {
        .info = {"ECS-03", SG_CAT_IAM, SG_SEV_LOW, "AWS::ECS::TaskDefinition",
                 "Containers have a read-only root filesystem",
                 "A writable root filesystem lets an intruder drop tools and change binaries "
                 "inside the container.",
                 "Security Hub ECS.5"},
        .test = {"Properties.ContainerDefinitions[].ReadonlyRootFilesystem", SG_PRED_TRUE,
                 NULL, SG_ABSENT_LEAF_FAILS},
    },
    {
        .info = {"ECS-04", SG_CAT_SECRETS, SG_SEV_CRITICAL, "AWS::ECS::TaskDefinition",
                 "Container environment holds no secrets",
                 "Plain environment entries are visible to anyone who can describe the task "
                 "definition; secrets belong in the Secrets list (Secrets Manager or SSM).",
                 "Security Hub ECS.8"},
        .test = {"Properties.ContainerDefinitions[].Environment[]", SG_PRED_NO_SECRET_PAIR, NULL,
                 SG_ABSENT_PASSES},
    },
    {
        .info = {"ECS-05", SG_CAT_PUBLIC_ACCESS, SG_SEV_HIGH, "AWS::ECS::Service",
                 "ECS service tasks get no public IP",
                 "AssignPublicIp ENABLED puts every task directly on the internet instead of "
                 "behind a load balancer.",
                 "Security Hub ECS.2"},
        .test = {"Properties.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp",
                 SG_PRED_NOT_ONE_OF, "ENABLED", SG_ABSENT_PASSES},
    },
    {
        .info = {"ECS-07", SG_CAT_LOGGING, SG_SEV_LOW, "AWS::ECS::TaskDefinition",
                 "Every container sends its logs somewhere",
                 "A container without LogConfiguration writes to the host only; its output "
                 "is gone when the task stops.",
                 "none in the scanners' checks (cfn-lint E3046 checks the awslogs options of "
                 "containers that have it)"},
        .test = {"Properties.ContainerDefinitions[].LogConfiguration", SG_PRED_PRESENT, NULL,
                 SG_ABSENT_LEAF_FAILS},
    },
    {
        .info = {"ECR-01", SG_CAT_MONITORING, SG_SEV_MEDIUM, "AWS::ECR::Repository",
                 "ECR repository scans images on push",
                 "Scanning on push reports known vulnerabilities before an image is deployed.",
                 "checkov CKV_AWS_163; cfn_nag W79; Security Hub ECR.1"},
        .test = {"Properties.ImageScanningConfiguration.ScanOnPush", SG_PRED_TRUE, NULL,
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"ECR-02", SG_CAT_DEPLOYABILITY, SG_SEV_LOW, "AWS::ECR::Repository",
                 "ECR repository tags are immutable",
                 "Mutable tags let a push silently replace the image a deployment refers to, "
                 "so what runs is not what was tested.",
                 "checkov CKV_AWS_51; Security Hub ECR.2"},
        .test = {"Properties.ImageTagMutability", SG_PRED_ONE_OF,
                 "IMMUTABLE|IMMUTABLE_WITH_EXCLUSION", SG_ABSENT_FAILS},
    },
    {
        .info = {"ECR-03", SG_CAT_ENCRYPTION, SG_SEV_LOW, "AWS::ECR::Repository",
                 "ECR repository is encrypted with a KMS key",
                 "The default AES256 encryption cannot be audited or revoked; a KMS key can.",
                 "checkov CKV_AWS_136"},
        .test = {"Properties.EncryptionConfiguration.EncryptionType", SG_PRED_ONE_OF,
                 "KMS|KMS_DSSE", SG_ABSENT_FAILS},
    },
    {
        .info = {"ECR-04", SG_CAT_PUBLIC_ACCESS, SG_SEV_CRITICAL, "AWS::ECR::Repository",
                 "Repository policy does not open the images to everyone",
                 "Principal \"*\" without a Condition lets any AWS account pull, or push, "
                 "images.",
                 "checkov CKV_AWS_32; cfn-lint E3513"},
        .custom = SG_CUSTOM_POLICY_PUBLIC,
    },

    /* ---- EKS ------------------------------------------------------------------------ */
    {
        .info = {"EKS-01", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM, "AWS::EKS::Cluster",
                 "EKS cluster encrypts Kubernetes secrets with KMS",
                 "Envelope encryption keeps Kubernetes secrets unreadable in etcd backups "
                 "and snapshots.",
                 "checkov CKV_AWS_58; cfn_nag W82"},
        .test = {"Properties.EncryptionConfig[].Resources", SG_PRED_CONTAINS, "secrets",
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"EKS-02", SG_CAT_PUBLIC_ACCESS, SG_SEV_HIGH, "AWS::EKS::Cluster",
                 "EKS API endpoint is private",
                 "The endpoint is public by default, so the cluster's API is reachable from "
                 "the internet unless EndpointPublicAccess is false.",
                 "Security Hub EKS.1; AWS Config EKS_ENDPOINT_NO_PUBLIC_ACCESS"},
        .test = {"Properties.ResourcesVpcConfig.EndpointPublicAccess", SG_PRED_FALSE, NULL,
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"EKS-03", SG_CAT_NETWORK, SG_SEV_MEDIUM, "AWS::EKS::Nodegroup",
                 "Node group SSH access is limited to security groups",
                 "An SSH key without SourceSecurityGroups opens port 22 on the nodes to the "
                 "whole internet.",
                 "checkov CKV_AWS_100"},
        .test = {"Properties.RemoteAccess.SourceSecurityGroups", SG_PRED_PRESENT, NULL,
                 SG_ABSENT_FAILS},
        .when = {"Properties.RemoteAccess.Ec2SshKey", SG_PRED_PRESENT, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"EKS-04", SG_CAT_LOGGING, SG_SEV_LOW, "AWS::EKS::Cluster",
                 "EKS control plane writes audit logs",
                 "Kubernetes audit logs record who did what through the API server.",
                 "Security Hub EKS.8"},
        .test = {"Properties.Logging.ClusterLogging.EnabledTypes", SG_PRED_CONTAINS, "audit",
                 SG_ABSENT_FAILS},
    },

    /* ---- ElastiCache ---------------------------------------------------------------- */
    {
        .info = {"ECA-01", SG_CAT_ENCRYPTION, SG_SEV_HIGH, "AWS::ElastiCache::ReplicationGroup",
                 "Cache is encrypted at rest",
                 "Cached data also lands on disk in backups and swap; encryption at rest can "
                 "only be chosen at creation.",
                 "checkov CKV_AWS_29; cfn_nag F25; Security Hub ElastiCache.4"},
        .test = {"Properties.AtRestEncryptionEnabled", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"ECA-02", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM, "AWS::ElastiCache::ReplicationGroup",
                 "Cache is encrypted in transit",
                 "Without TLS, cached values and AUTH tokens cross the network in clear text.",
                 "checkov CKV_AWS_30; cfn_nag F33; Security Hub ElastiCache.5; cfn-lint E3704"},
        .test = {"Properties.TransitEncryptionEnabled", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"ECA-03", SG_CAT_IAM, SG_SEV_MEDIUM, "AWS::ElastiCache::ReplicationGroup",
                 "Redis cache requires authentication",
                 "Without an AUTH token or user group, anything that reaches the port can "
                 "read and change every key.",
                 "checkov CKV_AWS_31; Security Hub ElastiCache.6; cfn_nag F44"},
        .test = {"Properties", SG_PRED_ANY_KEY, "AuthToken|UserGroupIds", SG_ABSENT_FAILS},
        .when = {"Properties.Engine", SG_PRED_ONE_OF, "redis|valkey", SG_ABSENT_PASSES},
    },
    {
        .info = {"ECA-04", SG_CAT_BACKUP, SG_SEV_MEDIUM,
                 "AWS::ElastiCache::ReplicationGroup|AWS::ElastiCache::CacheCluster",
                 "Redis cache keeps automatic snapshots",
                 "SnapshotRetentionLimit 0 (the default) means a failed cluster comes back "
                 "empty.",
                 "Security Hub ElastiCache.1"},
        .test = {"Properties.SnapshotRetentionLimit", SG_PRED_MIN_NUM, "1", SG_ABSENT_FAILS},
        .when = {"Properties.Engine", SG_PRED_ONE_OF, "redis|valkey", SG_ABSENT_PASSES},
    },
    {
        .info = {"ECA-05", SG_CAT_AVAILABILITY, SG_SEV_MEDIUM, "AWS::ElastiCache::ReplicationGroup",
                 "Cache fails over automatically",
                 "Without automatic failover a primary node failure stops writes until "
                 "someone promotes a replica by hand.",
                 "Security Hub ElastiCache.3"},
        .test = {"Properties.AutomaticFailoverEnabled", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
    },

    /* ---- Secrets Manager --------------------------------------------------------------- */
    {
        .info = {"SM-01", SG_CAT_ENCRYPTION, SG_SEV_LOW, "AWS::SecretsManager::Secret",
                 "Secret is encrypted with a customer KMS key",
                 "The default aws/secretsmanager key can be used by every principal of the "
                 "account allowed to read secrets; a customer key adds its own policy.",
                 "checkov CKV_AWS_149; cfn_nag W77"},
        .test = {"Properties.KmsKeyId", SG_PRED_PRESENT, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"SM-02", SG_CAT_SECRETS, SG_SEV_MEDIUM, "AWS::SecretsManager::Secret",
                 "Secret is rotated",
                 "A secret that never rotates stays valid forever once leaked.",
                 "Security Hub SecretsManager.1; AWS Config SECRETSMANAGER_ROTATION_ENABLED_CHECK"},
        .test = {"", SG_PRED_REFERENCED_BY,
                 "AWS::SecretsManager::RotationSchedule:Properties.SecretId", SG_ABSENT_PASSES},
    },
    {
        .info = {"SM-03", SG_CAT_SECRETS, SG_SEV_HIGH, "AWS::SecretsManager::Secret",
                 "Secret value is generated, not written in the template",
                 "A literal SecretString is in source control and in the template CloudFormation "
                 "stores; GenerateSecretString creates the value inside AWS.",
                 "none specific (generic secret scanners: checkov CKV_SECRET_*; research gap)"},
        .test = {"Properties.SecretString", SG_PRED_SECRET_SOURCE, NULL, SG_ABSENT_PASSES},
    },

    /* ---- CloudFront ---------------------------------------------------------------------- */
    {
        .info = {"CFR-01", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM, DISTRIBUTION,
                 "CloudFront serves viewers over HTTPS only",
                 "ViewerProtocolPolicy allow-all serves content, cookies and tokens over plain "
                 "HTTP.",
                 "checkov CKV_AWS_34; Security Hub CloudFront.3"},
        .test = {"Properties.DistributionConfig.{DefaultCacheBehavior,CacheBehaviors[]}."
                 "ViewerProtocolPolicy",
                 SG_PRED_NOT_ONE_OF, "allow-all", SG_ABSENT_PASSES},
    },
    {
        .info = {"CFR-02", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM, DISTRIBUTION,
                 "CloudFront requires TLS 1.2 or later from viewers",
                 "Older minimum protocol versions accept TLS 1.0 and 1.1 with known weak "
                 "ciphers (only settable with a custom certificate).",
                 "checkov CKV_AWS_174; cfn_nag W70"},
        .test = {"Properties.DistributionConfig.ViewerCertificate.MinimumProtocolVersion",
                 SG_PRED_PREFIX, "TLSv1.2_|TLSv1.3_", SG_ABSENT_FAILS},
        .when = {"Properties.DistributionConfig.ViewerCertificate", SG_PRED_ANY_KEY,
                 "AcmCertificateArn|IamCertificateId", SG_ABSENT_FAILS},
    },
    {
        .info = {"CFR-03", SG_CAT_LOGGING, SG_SEV_MEDIUM, DISTRIBUTION,
                 "CloudFront writes access logs",
                 "Standard logs record every viewer request; without them abuse and errors at "
                 "the edge are invisible.",
                 "checkov CKV_AWS_86; cfn_nag W10; Security Hub CloudFront.5"},
        .test = {"Properties.DistributionConfig.Logging.Bucket", SG_PRED_PRESENT, NULL,
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"CFR-04", SG_CAT_PUBLIC_ACCESS, SG_SEV_MEDIUM, DISTRIBUTION,
                 "CloudFront is protected by a web ACL",
                 "A WAF web ACL filters common exploits and floods before they reach the "
                 "origin.",
                 "checkov CKV_AWS_68; Security Hub CloudFront.6"},
        .test = {"Properties.DistributionConfig.WebACLId", SG_PRED_PRESENT, NULL,
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"CFR-05", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM, DISTRIBUTION,
                 "CloudFront reaches custom origins over HTTPS only",
                 "http-only or match-viewer origins carry viewer data unencrypted between "
                 "CloudFront and the origin.",
                 "checkov CKV2_AWS_72; Security Hub CloudFront.9, CloudFront.10"},
        .test = {"Properties.DistributionConfig.Origins[].CustomOriginConfig.OriginProtocolPolicy",
                 SG_PRED_ONE_OF, "https-only", SG_ABSENT_PASSES},
    },
    {
        .info = {"CFR-06", SG_CAT_PUBLIC_ACCESS, SG_SEV_LOW, DISTRIBUTION,
                 "CloudFront has a default root object",
                 "Without DefaultRootObject a request for / can return the origin's listing "
                 "or an error page that reveals it.",
                 "Security Hub CloudFront.1"},
        .test = {"Properties.DistributionConfig.DefaultRootObject", SG_PRED_PRESENT, NULL,
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"CFR-07", SG_CAT_PUBLIC_ACCESS, SG_SEV_MEDIUM, DISTRIBUTION,
                 "S3 origins accept only CloudFront",
                 "An S3 origin without origin access control (or identity) must be public, so "
                 "the bucket can be read around CloudFront.",
                 "Security Hub CloudFront.2"},
        .test = {"Properties.DistributionConfig.Origins[]", SG_PRED_S3_ORIGIN_LOCKED, NULL,
                 SG_ABSENT_PASSES},
    },

    /* ---- WAF, EFS, Kinesis ----------------------------------------------------------------- */
    {
        .info = {"WAF-02", SG_CAT_PUBLIC_ACCESS, SG_SEV_MEDIUM, "AWS::WAFv2::WebACL",
                 "Web ACL has rules",
                 "A web ACL without rules applies only its default action and filters "
                 "nothing.",
                 "Security Hub WAF.10"},
        .test = {"Properties.Rules", SG_PRED_MIN_ITEMS, "1", SG_ABSENT_FAILS},
    },
    {
        .info = {"WAF-03", SG_CAT_LOGGING, SG_SEV_LOW, "AWS::WAFv2::WebACL",
                 "Web ACL logs its decisions",
                 "Without a logging configuration, blocked and allowed requests cannot be "
                 "reviewed or used to tune the rules.",
                 "Security Hub WAF.11"},
        .test = {"", SG_PRED_REFERENCED_BY,
                 "AWS::WAFv2::LoggingConfiguration:Properties.ResourceArn", SG_ABSENT_PASSES},
    },
    {
        .info = {"EFS-01", SG_CAT_ENCRYPTION, SG_SEV_HIGH, "AWS::EFS::FileSystem",
                 "EFS file system is encrypted",
                 "EFS does not encrypt unless asked, and encryption cannot be added to an "
                 "existing file system.",
                 "checkov CKV_AWS_42; cfn_nag F32; Security Hub EFS.1"},
        .test = {"Properties.Encrypted", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"EFS-02", SG_CAT_BACKUP, SG_SEV_MEDIUM, "AWS::EFS::FileSystem",
                 "EFS file system is backed up",
                 "BackupPolicy ENABLED puts the file system in AWS Backup's daily plan; "
                 "otherwise deleted files are gone.",
                 "Security Hub EFS.2"},
        .test = {"Properties.BackupPolicy.Status", SG_PRED_ONE_OF, "ENABLED", SG_ABSENT_FAILS},
    },
    {
        .info = {"KIN-01", SG_CAT_ENCRYPTION, SG_SEV_HIGH, "AWS::Kinesis::Stream",
                 "Kinesis stream is encrypted with KMS",
                 "Stream records are stored unencrypted unless StreamEncryption asks for "
                 "KMS.",
                 "checkov CKV_AWS_43; cfn_nag W49; Security Hub Kinesis.1"},
        .test = {"Properties.StreamEncryption.EncryptionType", SG_PRED_ONE_OF, "KMS",
                 SG_ABSENT_FAILS},
    },

    /* ---- Redshift -------------------------------------------------------------------- */
    {
        .info = {"RS-01", SG_CAT_ENCRYPTION, SG_SEV_HIGH, "AWS::Redshift::Cluster",
                 "Redshift cluster is encrypted",
                 "A warehouse holds the organisation's data in one place; unencrypted, its "
                 "disks and snapshots expose all of it.",
                 "checkov CKV_AWS_64; cfn_nag F28"},
        .test = {"Properties.Encrypted", SG_PRED_TRUE, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"RS-02", SG_CAT_PUBLIC_ACCESS, SG_SEV_CRITICAL, "AWS::Redshift::Cluster",
                 "Redshift cluster is not publicly accessible",
                 "PubliclyAccessible gives the warehouse an internet address.",
                 "checkov CKV_AWS_87; Security Hub Redshift.1"},
        .test = {"Properties.PubliclyAccessible", SG_PRED_NOT_TRUE, NULL, SG_ABSENT_PASSES},
    },
    {
        .info = {"RS-03", SG_CAT_LOGGING, SG_SEV_MEDIUM, "AWS::Redshift::Cluster",
                 "Redshift cluster writes audit logs",
                 "Audit logs record connections and queries, which is how data access is "
                 "reviewed.",
                 "checkov CKV_AWS_71; Security Hub Redshift.4"},
        .test = {"Properties.LoggingProperties", SG_PRED_PRESENT, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"RS-04", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM, "AWS::Redshift::ClusterParameterGroup",
                 "Redshift parameter group requires SSL",
                 "Without require_ssl, clients may connect and send queries and results "
                 "unencrypted.",
                 "checkov CKV_AWS_105; Security Hub Redshift.2"},
        .test = {"Properties.Parameters[ParameterName=require_ssl].ParameterValue", SG_PRED_TRUE,
                 NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"RS-05", SG_CAT_NETWORK, SG_SEV_MEDIUM, "AWS::Redshift::Cluster",
                 "Redshift cluster runs in a VPC subnet group",
                 "Without ClusterSubnetGroupName the cluster lands in the default VPC, outside "
                 "the network the stack designs.",
                 "checkov CKV_AWS_154; Security Hub Redshift.7"},
        .test = {"Properties.ClusterSubnetGroupName", SG_PRED_PRESENT, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"RS-06", SG_CAT_SECRETS, SG_SEV_CRITICAL, "AWS::Redshift::Cluster",
                 "Redshift master password is not written in the template",
                 "A literal password, or a parameter with a Default or without NoEcho, ends "
                 "up in source control and in the CloudFormation console.",
                 "cfn_nag F35; Security Hub Redshift.8"},
        .test = {"Properties.MasterUserPassword", SG_PRED_SECRET_SOURCE, NULL, SG_ABSENT_PASSES},
    },
    {
        .info = {"RS-07", SG_CAT_BACKUP, SG_SEV_MEDIUM, "AWS::Redshift::Cluster",
                 "Redshift cluster keeps automated snapshots",
                 "AutomatedSnapshotRetentionPeriod 0 turns off automated snapshots.",
                 "Security Hub Redshift.3"},
        .test = {"Properties.AutomatedSnapshotRetentionPeriod", SG_PRED_MIN_NUM, "1",
                 SG_ABSENT_PASSES},
    },

    /* ---- OpenSearch ---------------------------------------------------------------------- */
    {
        .info = {"OS-01", SG_CAT_ENCRYPTION, SG_SEV_HIGH, OPENSEARCH_TYPES,
                 "Search domain is encrypted at rest",
                 "Indexes, logs and snapshots of an unencrypted domain are readable from its "
                 "storage.",
                 "checkov CKV_AWS_5; cfn_nag W54; Security Hub Opensearch.1"},
        .test = {"Properties.EncryptionAtRestOptions.Enabled", SG_PRED_TRUE, NULL,
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"OS-02", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM, OPENSEARCH_TYPES,
                 "Search domain encrypts node-to-node traffic",
                 "Without it, documents travel between the domain's nodes unencrypted.",
                 "checkov CKV_AWS_6; cfn_nag W85; Security Hub Opensearch.3"},
        .test = {"Properties.NodeToNodeEncryptionOptions.Enabled", SG_PRED_TRUE, NULL,
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"OS-03", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM, OPENSEARCH_TYPES,
                 "Search domain enforces HTTPS",
                 "Without EnforceHTTPS clients may send queries and credentials over plain "
                 "HTTP.",
                 "checkov CKV_AWS_83; Security Hub Opensearch.8"},
        .test = {"Properties.DomainEndpointOptions.EnforceHTTPS", SG_PRED_TRUE, NULL,
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"OS-04", SG_CAT_LOGGING, SG_SEV_MEDIUM, OPENSEARCH_TYPES,
                 "Search domain publishes its error logs",
                 "Application (error) logs are needed to see why the domain rejects or fails "
                 "requests.",
                 "checkov CKV_AWS_84, CKV_AWS_317; Security Hub Opensearch.4, Opensearch.5"},
        .test = {"Properties.LogPublishingOptions.ES_APPLICATION_LOGS.Enabled", SG_PRED_TRUE,
                 NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"OS-05", SG_CAT_PUBLIC_ACCESS, SG_SEV_HIGH, OPENSEARCH_TYPES,
                 "Search domain runs inside a VPC",
                 "A domain outside a VPC has a public endpoint guarded only by its access "
                 "policy.",
                 "cfn_nag W90; Security Hub Opensearch.2"},
        .test = {"Properties.VPCOptions", SG_PRED_PRESENT, NULL, SG_ABSENT_FAILS},
    },
    {
        .info = {"OS-06", SG_CAT_IAM, SG_SEV_MEDIUM, "AWS::OpenSearchService::Domain",
                 "Search domain has fine-grained access control",
                 "Fine-grained access control limits users to indexes, documents and fields; "
                 "without it any allowed caller sees everything.",
                 "Security Hub Opensearch.7"},
        .test = {"Properties.AdvancedSecurityOptions.Enabled", SG_PRED_TRUE, NULL,
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"OS-07", SG_CAT_AVAILABILITY, SG_SEV_MEDIUM, OPENSEARCH_TYPES,
                 "Search domain spreads across Availability Zones",
                 "Without zone awareness all data nodes and shard replicas can sit in one "
                 "zone.",
                 "Security Hub Opensearch.6, ES.7"},
        .test = {"Properties.ClusterConfig.ZoneAwarenessEnabled", SG_PRED_TRUE, NULL,
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"OS-08", SG_CAT_PUBLIC_ACCESS, SG_SEV_CRITICAL, OPENSEARCH_TYPES,
                 "Search domain access policy grants nothing to everyone",
                 "Principal \"*\" without a Condition lets anyone who reaches the endpoint "
                 "read and write the indexes.",
                 "none in the scanners' CloudFormation checks (research gap: OpenSearch "
                 "access policies)"},
        .custom = SG_CUSTOM_POLICY_PUBLIC,
    },

    /* ---- across resources and the template ------------------------------------------------ */
    {
        .info = {"X-01", SG_CAT_SECRETS, SG_SEV_CRITICAL, "",
                 "No credentials appear anywhere in the template",
                 "An AWS access key, private key or API token in a template is compromised "
                 "the moment the template is committed or shared.",
                 "checkov CKV_SECRET_2, CKV_SECRET_13, CKV_SECRET_10, CKV_SECRET_6, "
                 "CKV_AWS_384"},
        .custom = SG_CUSTOM_CREDENTIAL_PATTERNS,
    },
    {
        .info = {"X-02", SG_CAT_SECRETS, SG_SEV_CRITICAL, "*",
                 "Password-like properties come from NoEcho parameters or dynamic references",
                 "A password, token or key written as a literal, or passed through a "
                 "parameter with a Default or without NoEcho, is readable in source control "
                 "and the CloudFormation console.",
                 "cfn_nag password rules (F23, F24, F31, F34-F37, F41-F58, F60-F71, F74, F75); "
                 "cfn-lint W2501, W1011"},
        .custom = SG_CUSTOM_SECRET_PROPERTIES,
    },
    {
        .info = {"X-03", SG_CAT_SECRETS, SG_SEV_HIGH, "*",
                 "Authentication metadata holds no credentials",
                 "AWS::CloudFormation::Authentication entries with an access key, secret key "
                 "or password store the credential in the template.",
                 "cfn_nag W1"},
        .test = {"Metadata.AWS::CloudFormation::Authentication.*.{accessKeyId,password,"
                 "secretKey}",
                 SG_PRED_ABSENT, NULL, SG_ABSENT_PASSES},
    },
    {
        .info = {"X-05", SG_CAT_DELETION, SG_SEV_MEDIUM, STATEFUL_TYPES,
                 "Stateful resources state their DeletionPolicy and UpdateReplacePolicy",
                 "Without both attributes a stack delete, or an update that replaces the "
                 "resource, destroys its data without anyone having decided so.",
                 "cfn-lint I3011, W3011"},
        .test = {"{DeletionPolicy,UpdateReplacePolicy}", SG_PRED_PRESENT, NULL,
                 SG_ABSENT_FAILS},
    },
    {
        .info = {"X-09", SG_CAT_TAGGING, SG_SEV_LOW, "*",
                 "Every tag has a Key and a Value",
                 "A tag entry missing its Key or Value is rejected at deployment.",
                 "cfn-lint E3024"},
        .test = {"Properties.Tags[].{Key,Value}", SG_PRED_PRESENT, NULL, SG_ABSENT_LEAF_FAILS},
    },
    {
        .info = {"X-10", SG_CAT_OUTPUTS, SG_SEV_HIGH, "",
                 "Every output has a Value",
                 "An output without a Value makes CloudFormation reject the template. (A "
                 "Value that is Fn::If with AWS::NoValue in one branch counts as set.)",
                 "cfn-lint E6002, E6001"},
        .test = {"Outputs.*", SG_PRED_ANY_KEY, "Value", SG_ABSENT_PASSES},
        .detail = "the output has no Value",
    },
    {
        .info = {"X-12", SG_CAT_SECRETS, SG_SEV_HIGH, "",
                 "Outputs do not echo NoEcho parameters",
                 "Outputs are shown in plain text to anyone who can describe the stack, "
                 "which undoes NoEcho.",
                 "cfn-lint W2010"},
        .test = {"Outputs.*.Value", SG_PRED_NOT_NOECHO_REF, NULL, SG_ABSENT_PASSES},
    },
    {
        .info = {"PARAM-01", SG_CAT_SECRETS, SG_SEV_HIGH, "",
                 "Parameters that carry secrets are NoEcho",
                 "Without NoEcho the value of a password or token parameter is shown in the "
                 "console, in describe-stacks output and in events.",
                 "cfn-lint W2501 (for the properties such parameters feed); cfn_nag password "
                 "rules"},
        .test = {"Parameters.*", SG_PRED_PARAM_NOECHO, NULL, SG_ABSENT_PASSES},
    },
    {
        .info = {"PARAM-02", SG_CAT_SECRETS, SG_SEV_CRITICAL, "",
                 "Secret parameters have no default value",
                 "A Default on a password or token parameter writes the secret into the "
                 "template itself, whether or not the parameter is NoEcho.",
                 "cfn_nag password rules (a Ref to a parameter with a Default fails them); "
                 "cfn-lint W2501"},
        .test = {"Parameters.*", SG_PRED_PARAM_NO_DEFAULT, NULL, SG_ABSENT_PASSES},
    },
};

const size_t sg_rule_ndefs = sizeof sg_rule_defs / sizeof sg_rule_defs[0];

_Static_assert(sizeof sg_rule_defs / sizeof sg_rule_defs[0] <= SG_RULES_MAX,
               "raise SG_RULES_MAX in rules_internal.h");
