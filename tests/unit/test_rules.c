/* test_rules.c - the rule catalog: its shape, one failing and one passing
 * template for every rule, positions, intrinsics, relations, rendering. */
#include "testutil.h"

#include <stdlib.h>

#include "stackgap/rules.h"


/* ---- helpers ------------------------------------------------------------------ */

/* One resource R of `type` with flow-style Properties. */
#define RES(type, props) "Resources:\n  R:\n    Type: " type "\n    Properties: " props "\n"

/* An identity policy (AWS::IAM::Policy) with one statement. */
#define POLICY(stmt)                                                                         \
    RES("AWS::IAM::Policy", "{PolicyName: p, Roles: [r], PolicyDocument: {Statement: [" stmt "]}}")

/* A resource policy of `type` with one statement. */
#define RPOLICY(type, stmt) RES(type, "{PolicyDocument: {Statement: [" stmt "]}}")

/* A security group with one ingress rule. */
#define INGRESS(rule)                                                                        \
    RES("AWS::EC2::SecurityGroup", "{GroupDescription: g, SecurityGroupIngress: [" rule "]}")

static sg_violations check(const char *text)
{
    sg_template t = load_text(A, "t.yaml", text);
    sg_violations v = {NULL, 0, 0};
    sg_rules_check(A, &t, &v);
    return v;
}

static size_t count_rule(const sg_violations *v, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->v[i].rule->id, id) == 0)
            n++;
    return n;
}

static const sg_violation *first_of(const sg_violations *v, const char *id)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->v[i].rule->id, id) == 0)
            return &v->v[i];
    return NULL;
}

static void print_violations(const sg_violations *v)
{
    for (size_t i = 0; i < v->n; i++)
        print_message("    %s %s %s:%u %s\n", v->v[i].rule->id,
                      v->v[i].resource_id ? v->v[i].resource_id : "-",
                      v->v[i].path ? v->v[i].path : "-", v->v[i].node->line, v->v[i].detail);
}

/* ---- the catalog ------------------------------------------------------------------ */

static void catalog_shape(void **state)
{
    (void)state;
    size_t n;
    const sg_rule *r = sg_rules_catalog(&n);
    assert_true(n >= 80);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(r[i].id);
        if (i)
            assert_true(strcmp(r[i - 1].id, r[i].id) < 0); /* sorted, hence unique */
        assert_true(r[i].category < SG_CAT_COUNT);
        assert_true(r[i].severity < SG_SEV_COUNT);
        assert_non_null(r[i].resource_types);
        assert_true(r[i].title && strlen(r[i].title) > 10);
        assert_true(r[i].why && strlen(r[i].why) > 20);
        assert_true(r[i].anchors && strlen(r[i].anchors) > 3);
        assert_true(r[i].title[strlen(r[i].title) - 1] != '.');
        assert_ptr_equal(sg_rule_find(r[i].id), &r[i]);
    }
    assert_null(sg_rule_find("S3-99"));
    assert_null(sg_rule_find(""));
    assert_string_equal(sg_rule_find("SG-01")->resource_types,
                        "AWS::EC2::SecurityGroup|AWS::EC2::SecurityGroupIngress");
    assert_int_equal(sg_rule_find("IAM-01")->severity, SG_SEV_CRITICAL);
}

/* ---- every rule: a template that fails it and one that passes -------------------------- */

typedef struct rule_case {
    const char *rule;
    const char *fail;
    const char *pass;
} rule_case;

#define BUCKET "AWS::S3::Bucket"
#define LAMBDA "AWS::Lambda::Function"
#define DBI "AWS::RDS::DBInstance"
#define TRAIL "AWS::CloudTrail::Trail"
#define LB "AWS::ElasticLoadBalancingV2::LoadBalancer"
#define LISTENER "AWS::ElasticLoadBalancingV2::Listener"
#define TASKDEF "AWS::ECS::TaskDefinition"
#define REPO "AWS::ECR::Repository"
#define EKS "AWS::EKS::Cluster"
#define RG "AWS::ElastiCache::ReplicationGroup"
#define SECRET "AWS::SecretsManager::Secret"
#define CF "AWS::CloudFront::Distribution"
#define REDSHIFT "AWS::Redshift::Cluster"
#define DOMAIN "AWS::OpenSearchService::Domain"
#define TABLE "AWS::DynamoDB::Table"
#define ALLOW_ALL                                                                            \
    "{Effect: Allow, Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*'}"

static const rule_case cases[] = {
    /* S3 */
    {"S3-01", RES(BUCKET, "{BucketName: b}"),
     RES(BUCKET, "{BucketEncryption: {ServerSideEncryptionConfiguration: "
                 "[{ServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms'}}]}}")},
    {"S3-02", RES(BUCKET, "{BucketName: b}"),
     RES(BUCKET, "{LoggingConfiguration: {DestinationBucketName: logs}}")},
    {"S3-03", RES(BUCKET, "{VersioningConfiguration: {Status: Suspended}}"),
     RES(BUCKET, "{VersioningConfiguration: {Status: Enabled}}")},
    {"S3-04",
     RES(BUCKET, "{PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: "
                 "true, IgnorePublicAcls: true, RestrictPublicBuckets: false}}"),
     RES(BUCKET, "{PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: "
                 "True, IgnorePublicAcls: 'true', RestrictPublicBuckets: true}}")},
    {"S3-05", RES(BUCKET, "{AccessControl: PublicRead}"), RES(BUCKET, "{AccessControl: Private}")},
    {"S3-06", RES(BUCKET, "{AccessControl: PublicReadWrite}"),
     RES(BUCKET, "{AccessControl: Private}")},
    {"S3-07", RPOLICY("AWS::S3::BucketPolicy", ALLOW_ALL),
     RPOLICY("AWS::S3::BucketPolicy",
             "{Effect: Allow, Principal: '*', Action: 's3:GetObject', "
             "Resource: 'arn:aws:s3:::b/*', Condition: {StringEquals: "
             "{'aws:SourceAccount': '123456789012'}}}")},
    {"S3-08",
     RPOLICY("AWS::S3::BucketPolicy", "{Effect: Allow, Principal: {AWS: 'arn:aws:iam::1:root'}, "
                                      "Action: 's3:*', Resource: 'arn:aws:s3:::b/*'}"),
     RPOLICY("AWS::S3::BucketPolicy", "{Effect: Allow, Principal: {AWS: 'arn:aws:iam::1:root'}, "
                                      "Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*'}")},
    {"S3-09",
     RPOLICY("AWS::S3::BucketPolicy", "{Effect: Allow, Principal: {Service: logs.amazonaws.com}, "
                                      "Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*'}"),
     RPOLICY("AWS::S3::BucketPolicy", "{Effect: Deny, Principal: '*', Action: 's3:*', Resource: "
                                      "'arn:aws:s3:::b/*', Condition: {Bool: "
                                      "{'aws:SecureTransport': 'false'}}}")},
    {"S3-10", RES(BUCKET, "{AccessControl: Private}"), RES(BUCKET, "{BucketName: b}")},
    {"S3-11", RES(BUCKET, "{BucketName: b}"),
     RES(BUCKET, "{LifecycleConfiguration: {Rules: [{Status: Enabled, ExpirationInDays: 30}]}}")},
    {"S3-13", RES(BUCKET, "{WebsiteConfiguration: {IndexDocument: index.html}}"),
     RES(BUCKET, "{BucketName: b}")},
    /* KMS */
    {"KMS-01", RES("AWS::KMS::Key", "{EnableKeyRotation: false}"),
     RES("AWS::KMS::Key", "{EnableKeyRotation: true}")},
    {"KMS-02",
     RES("AWS::KMS::Key", "{KeyPolicy: {Statement: [{Effect: Allow, Principal: {AWS: '*'}, "
                          "Action: 'kms:*', Resource: '*'}]}}"),
     RES("AWS::KMS::Key", "{KeyPolicy: {Statement: [{Effect: Allow, Principal: {AWS: "
                          "'arn:aws:iam::123456789012:root'}, Action: 'kms:*', Resource: '*'}]}}")},
    {"KMS-03", POLICY("{Effect: Allow, Action: 'kms:Decrypt', Resource: '*'}"),
     POLICY("{Effect: Allow, Action: 'kms:Decrypt', Resource: {'Fn::GetAtt': [Key, Arn]}}")},
    /* IAM */
    {"IAM-01", POLICY("{Effect: Allow, Action: '*', Resource: '*'}"),
     POLICY("{Effect: Allow, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*'}")},
    {"IAM-02", POLICY("{Effect: Allow, Action: 'dynamodb:*', Resource: 'arn:aws:dynamodb:::t'}"),
     POLICY("{Effect: Allow, Action: 'dynamodb:GetItem', Resource: 'arn:aws:dynamodb:::t'}")},
    {"IAM-03", POLICY("{Effect: Allow, Action: ['dynamodb:GetItem'], Resource: '*'}"),
     POLICY("{Effect: Allow, Action: ['ec2:DescribeInstances', 'xray:PutTraceSegments'], "
            "Resource: '*'}")},
    {"IAM-04", POLICY("{Effect: Allow, NotAction: 'iam:*', Resource: '*'}"),
     POLICY("{Effect: Deny, NotAction: 'iam:*', Resource: '*'}")},
    {"IAM-05", POLICY("{Effect: Allow, Action: 'iam:Pass*', Resource: '*'}"),
     POLICY("{Effect: Allow, Action: 'iam:PassRole', Resource: 'arn:aws:iam::1:role/app'}")},
    {"IAM-06",
     RES("AWS::IAM::Role", "{AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: "
                           "{Service: lambda.amazonaws.com}, Action: 'sts:*'}]}}"),
     RES("AWS::IAM::Role", "{AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: "
                           "{Service: lambda.amazonaws.com}, Action: 'sts:AssumeRole'}]}}")},
    {"IAM-07",
     RES("AWS::IAM::Role", "{AssumeRolePolicyDocument: {Statement: {Effect: Allow, Principal: "
                           "{AWS: '*'}, Action: 'sts:AssumeRole'}}}"),
     RES("AWS::IAM::Role", "{AssumeRolePolicyDocument: {Statement: {Effect: Allow, Principal: "
                           "{AWS: '*'}, Action: 'sts:AssumeRole', Condition: {StringEquals: "
                           "{'aws:PrincipalOrgID': o-abc}}}}}")},
    {"IAM-08",
     RES("AWS::IAM::Role", "{ManagedPolicyArns: [!Sub 'arn:${AWS::Partition}:iam::aws:policy/"
                           "AdministratorAccess']}"),
     RES("AWS::IAM::Role", "{ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess']}")},
    {"IAM-09",
     RES("AWS::IAM::Policy", "{PolicyName: p, Users: [u], PolicyDocument: {Statement: [{Effect: "
                             "Allow, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*'}]}}"),
     RES("AWS::IAM::Policy", "{PolicyName: p, Groups: [g], PolicyDocument: {Statement: [{Effect: "
                             "Allow, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*'}]}}")},
    {"IAM-11", POLICY("{Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*'}"),
     POLICY("{Effect: Allow, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*'}")},
    {"IAM-12",
     RES("AWS::Lambda::Permission", "{FunctionName: f, Action: 'lambda:InvokeFunction', "
                                    "Principal: '*'}"),
     RES("AWS::Lambda::Permission", "{FunctionName: f, Action: 'lambda:InvokeFunction', "
                                    "Principal: s3.amazonaws.com, SourceArn: 'arn:aws:s3:::b'}")},
    {"IAM-13",
     RES("AWS::Lambda::Permission", "{FunctionName: f, Action: 'lambda:InvokeFunction', "
                                    "Principal: s3.amazonaws.com}"),
     RES("AWS::Lambda::Permission", "{FunctionName: f, Action: 'lambda:InvokeFunction', "
                                    "Principal: s3.amazonaws.com, SourceAccount: !Ref "
                                    "'AWS::AccountId'}")},
    {"IAM-14",
     RES("AWS::Lambda::Permission", "{FunctionName: f, Action: 'lambda:*', Principal: "
                                    "'123456789012'}"),
     RES("AWS::Lambda::Permission", "{FunctionName: f, Action: 'lambda:InvokeFunction', "
                                    "Principal: '123456789012'}")},
    /* security groups and ACLs */
    {"SG-01", INGRESS("{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}"),
     INGRESS("{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8}")},
    {"SG-02", INGRESS("{IpProtocol: tcp, FromPort: 3380, ToPort: 3390, CidrIpv6: '::/0'}"),
     INGRESS("{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}")},
    {"SG-03", INGRESS("{IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIp: 0.0.0.0/0}"),
     INGRESS("{IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIp: 10.0.0.0/16}")},
    {"SG-04", INGRESS("{IpProtocol: tcp, FromPort: 8000, ToPort: 8000, CidrIp: 0.0.0.0/0}"),
     INGRESS("{IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0}")},
    {"SG-05",
     RES("AWS::EC2::SecurityGroup", "{GroupDescription: g, SecurityGroupEgress: [{IpProtocol: "
                                    "'-1', CidrIp: 0.0.0.0/0}]}"),
     RES("AWS::EC2::SecurityGroup", "{GroupDescription: g, SecurityGroupEgress: [{IpProtocol: "
                                    "tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}]}")},
    {"SG-06", INGRESS("{IpProtocol: '-1', CidrIp: 10.0.0.0/8}"),
     INGRESS("{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}")},
    {"SG-07", INGRESS("{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}"),
     INGRESS("{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8, Description: "
             "HTTPS from the VPC}")},
    {"VPC-03",
     RES("AWS::EC2::NetworkAclEntry", "{NetworkAclId: n, RuleNumber: 100, Protocol: 6, "
                                      "RuleAction: allow, Egress: false, CidrBlock: 0.0.0.0/0, "
                                      "PortRange: {From: 22, To: 22}}"),
     RES("AWS::EC2::NetworkAclEntry", "{NetworkAclId: n, RuleNumber: 100, Protocol: 6, "
                                      "RuleAction: allow, Egress: false, CidrBlock: 0.0.0.0/0, "
                                      "PortRange: {From: 1024, To: 65535}}")},
    /* EC2 and VPC */
    {"EC2-01",
     RES("AWS::EC2::LaunchTemplate", "{LaunchTemplateData: {MetadataOptions: {HttpTokens: "
                                     "optional}}}"),
     RES("AWS::EC2::LaunchTemplate", "{LaunchTemplateData: {MetadataOptions: {HttpTokens: "
                                     "required}}}")},
    {"EC2-02",
     RES("AWS::EC2::Instance", "{NetworkInterfaces: [{DeviceIndex: '0', "
                               "AssociatePublicIpAddress: true}]}"),
     RES("AWS::EC2::Instance", "{NetworkInterfaces: [{DeviceIndex: '0', "
                               "AssociatePublicIpAddress: false}]}")},
    {"EC2-03",
     RES("AWS::EC2::Instance", "{UserData: {'Fn::Base64': \"#!/bin/bash\\nexport "
                               "DB_PASSWORD='hunter22'\\n\"}}"),
     RES("AWS::EC2::Instance", "{UserData: {'Fn::Base64': \"#!/bin/bash\\nDB_PASSWORD=$(aws "
                               "secretsmanager get-secret-value --secret-id db)\\n\"}}")},
    {"EC2-04", RES("AWS::EC2::Volume", "{Size: 10, AvailabilityZone: a}"),
     RES("AWS::EC2::Volume", "{Size: 10, AvailabilityZone: a, Encrypted: true}")},
    {"EC2-05",
     RES("AWS::EC2::LaunchTemplate", "{LaunchTemplateData: {BlockDeviceMappings: [{DeviceName: "
                                     "/dev/xvda, Ebs: {VolumeSize: 8}}]}}"),
     RES("AWS::EC2::LaunchTemplate", "{LaunchTemplateData: {BlockDeviceMappings: [{DeviceName: "
                                     "/dev/xvda, Ebs: {VolumeSize: 8, Encrypted: true}}]}}")},
    {"VPC-01", RES("AWS::EC2::VPC", "{CidrBlock: 10.0.0.0/16}"),
     "Resources:\n"
     "  R: {Type: 'AWS::EC2::VPC', Properties: {CidrBlock: 10.0.0.0/16}}\n"
     "  Flow: {Type: 'AWS::EC2::FlowLog', Properties: {ResourceId: !Ref R, ResourceType: VPC, "
     "TrafficType: ALL}}\n"},
    {"VPC-02", RES("AWS::EC2::Subnet", "{VpcId: v, MapPublicIpOnLaunch: true}"),
     RES("AWS::EC2::Subnet", "{VpcId: v, MapPublicIpOnLaunch: false}")},
    {"ASG-01",
     RES("AWS::AutoScaling::AutoScalingGroup", "{MinSize: '1', MaxSize: '2', VPCZoneIdentifier: "
                                               "[subnet-1]}"),
     RES("AWS::AutoScaling::AutoScalingGroup", "{MinSize: '1', MaxSize: '2', VPCZoneIdentifier: "
                                               "[subnet-1, subnet-2]}")},
    /* RDS */
    {"RDS-01", RES(DBI, "{Engine: mysql, StorageEncrypted: false}"),
     RES(DBI, "{Engine: mysql, StorageEncrypted: true}")},
    {"RDS-02", RES(DBI, "{Engine: mysql, PubliclyAccessible: true}"),
     RES(DBI, "{Engine: mysql, PubliclyAccessible: false}")},
    {"RDS-03", RES(DBI, "{Engine: mysql}"), RES(DBI, "{Engine: mysql, MultiAZ: true}")},
    {"RDS-04", RES(DBI, "{Engine: mysql, MonitoringInterval: 0}"),
     RES(DBI, "{Engine: mysql, MonitoringInterval: 60}")},
    {"RDS-05", RES(DBI, "{Engine: mysql}"),
     RES(DBI, "{Engine: mysql, EnableIAMDatabaseAuthentication: true}")},
    {"RDS-06", RES(DBI, "{Engine: mysql, DeletionProtection: false}"),
     RES(DBI, "{Engine: mysql, DeletionProtection: true}")},
    {"RDS-07", RES(DBI, "{Engine: mysql, BackupRetentionPeriod: 0}"),
     RES(DBI, "{Engine: mysql, BackupRetentionPeriod: 7}")},
    {"RDS-08", RES(DBI, "{Engine: mysql, MasterUserPassword: 'Passw0rd!'}"),
     RES(DBI, "{Engine: mysql, MasterUserPassword: "
              "'{{resolve:secretsmanager:db:SecretString:password}}'}")},
    {"RDS-09", RES(DBI, "{Engine: mysql}"),
     RES(DBI, "{Engine: mysql, EnableCloudwatchLogsExports: [error]}")},
    {"RDS-12", RES(DBI, "{Engine: mysql}"), RES(DBI, "{Engine: mysql, CopyTagsToSnapshot: true}")},
    /* DynamoDB */
    {"DDB-01", RES(TABLE, "{BillingMode: PAY_PER_REQUEST}"),
     RES(TABLE, "{PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}}")},
    {"DDB-02", RES(TABLE, "{SSESpecification: {SSEEnabled: false}}"),
     RES(TABLE, "{SSESpecification: {SSEEnabled: true, KMSMasterKeyId: k}}")},
    {"DDB-03", RES(TABLE, "{BillingMode: PAY_PER_REQUEST}"),
     RES(TABLE, "{DeletionProtectionEnabled: true}")},
    {"DDB-04", RES(TABLE, "{TableName: t}"), RES(TABLE, "{BillingMode: PAY_PER_REQUEST}")},
    /* Lambda */
    {"LAM-01", RES(LAMBDA, "{Environment: {Variables: {DB_PASSWORD: hunter22}}}"),
     RES(LAMBDA, "{Environment: {Variables: {TABLE_NAME: orders, DB_PASSWORD: "
                 "'{{resolve:secretsmanager:db}}'}}}")},
    {"LAM-02", RES(LAMBDA, "{Environment: {Variables: {TABLE_NAME: orders}}}"),
     RES(LAMBDA, "{Environment: {Variables: {TABLE_NAME: orders}}, KmsKeyArn: !GetAtt K.Arn}")},
    {"LAM-03", RES(LAMBDA, "{Runtime: python3.12}"),
     RES(LAMBDA, "{ReservedConcurrentExecutions: 5}")},
    {"LAM-04", RES(LAMBDA, "{Runtime: python3.12}"),
     RES(LAMBDA, "{DeadLetterConfig: {TargetArn: !GetAtt Q.Arn}}")},
    {"LAM-05", RES(LAMBDA, "{Runtime: python3.12}"),
     RES(LAMBDA, "{VpcConfig: {SubnetIds: [s], SecurityGroupIds: [g]}}")},
    {"LAM-06", RES(LAMBDA, "{Runtime: python3.7}"), RES(LAMBDA, "{Runtime: python3.12}")},
    {"LAM-07", RES("AWS::Lambda::Url", "{TargetFunctionArn: f, AuthType: NONE}"),
     RES("AWS::Lambda::Url", "{TargetFunctionArn: f, AuthType: AWS_IAM}")},
    {"LAM-08",
     "Resources:\n"
     "  R: {Type: 'AWS::Lambda::Function', Properties: {Role: !GetAtt Role.Arn}}\n"
     "  Role: {Type: 'AWS::IAM::Role', Properties: {Policies: [{PolicyName: p, PolicyDocument: "
     "{Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*'}]}}]}}\n",
     "Resources:\n"
     "  R: {Type: 'AWS::Lambda::Function', Properties: {Role: !GetAtt Role.Arn}}\n"
     "  Role: {Type: 'AWS::IAM::Role', Properties: {ManagedPolicyArns: [!Sub 'arn:${AWS::Partition}"
     ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']}}\n"},
    {"LAM-09", RES(LAMBDA, "{Runtime: python3.12}"),
     RES(LAMBDA, "{TracingConfig: {Mode: Active}}")},
    /* API Gateway */
    {"APIGW-01",
     RES("AWS::ApiGateway::Method", "{HttpMethod: GET, AuthorizationType: NONE, RestApiId: a, "
                                    "ResourceId: r}"),
     RES("AWS::ApiGateway::Method", "{HttpMethod: OPTIONS, AuthorizationType: NONE, RestApiId: "
                                    "a, ResourceId: r}")},
    {"APIGW-02", RES("AWS::ApiGateway::Stage", "{RestApiId: a}"),
     RES("AWS::ApiGateway::Stage", "{RestApiId: a, AccessLogSetting: {DestinationArn: !GetAtt "
                                   "L.Arn}}")},
    {"APIGW-03", RES("AWS::ApiGateway::Stage", "{MethodSettings: [{LoggingLevel: 'OFF'}]}"),
     RES("AWS::ApiGateway::Stage", "{MethodSettings: [{LoggingLevel: INFO}]}")},
    {"APIGW-04", RES("AWS::ApiGateway::Stage", "{RestApiId: a}"),
     RES("AWS::ApiGateway::Stage", "{RestApiId: a, TracingEnabled: true}")},
    {"APIGW-05", RES("AWS::ApiGatewayV2::Stage", "{ApiId: a}"),
     RES("AWS::ApiGatewayV2::Stage", "{ApiId: a, AccessLogSettings: {DestinationArn: !GetAtt "
                                     "L.Arn}}")},
    /* CloudTrail */
    {"CT-01", RES(TRAIL, "{IsLogging: true}"), RES(TRAIL, "{IsLogging: true, KMSKeyId: !Ref K}")},
    {"CT-02", RES(TRAIL, "{EnableLogFileValidation: false}"),
     RES(TRAIL, "{EnableLogFileValidation: true}")},
    {"CT-03", RES(TRAIL, "{IsMultiRegionTrail: false}"), RES(TRAIL, "{IsMultiRegionTrail: true}")},
    {"CT-04", RES(TRAIL, "{CloudWatchLogsLogGroupArn: !GetAtt L.Arn}"),
     RES(TRAIL, "{CloudWatchLogsLogGroupArn: !GetAtt L.Arn, CloudWatchLogsRoleArn: !GetAtt "
                "R2.Arn}")},
    {"CT-05", RES(TRAIL, "{S3BucketName: b}"), RES(TRAIL, "{S3BucketName: b, IsLogging: true}")},
    /* CloudWatch */
    {"CWL-01", RES("AWS::Logs::LogGroup", "{LogGroupName: g}"),
     RES("AWS::Logs::LogGroup", "{RetentionInDays: 30}")},
    {"CWL-02", RES("AWS::Logs::LogGroup", "{RetentionInDays: 30}"),
     RES("AWS::Logs::LogGroup", "{KmsKeyId: !GetAtt K.Arn}")},
    {"CWL-03", RES("AWS::CloudWatch::Alarm", "{AlarmActions: []}"),
     RES("AWS::CloudWatch::Alarm", "{AlarmActions: [!Ref Topic]}")},
    /* SNS and SQS */
    {"SNS-01", RES("AWS::SNS::Topic", "{TopicName: t}"),
     RES("AWS::SNS::Topic", "{KmsMasterKeyId: alias/aws/sns}")},
    {"SNS-02",
     RPOLICY("AWS::SNS::TopicPolicy", "{Effect: Allow, Principal: '*', Action: 'sns:Publish', "
                                      "Resource: '*'}"),
     RPOLICY("AWS::SNS::TopicPolicy", "{Effect: Allow, Principal: {Service: "
                                      "events.amazonaws.com}, Action: 'sns:Publish', Resource: "
                                      "'*'}")},
    {"SQS-01", RES("AWS::SQS::Queue", "{QueueName: q}"),
     RES("AWS::SQS::Queue", "{SqsManagedSseEnabled: true}")},
    {"SQS-02",
     RPOLICY("AWS::SQS::QueuePolicy", "{Effect: Allow, Principal: {AWS: 'arn:aws:iam::1:root'}, "
                                      "Action: 'sqs:*', Resource: '*'}"),
     RPOLICY("AWS::SQS::QueuePolicy", "{Effect: Allow, Principal: {Service: "
                                      "sns.amazonaws.com}, Action: 'sqs:SendMessage', Resource: "
                                      "'*'}")},
    /* load balancers */
    {"ELB-01",
     "Resources:\n"
     "  Lb: {Type: '" LB "'}\n"
     "  Tls: {Type: '" LISTENER "', Properties: {LoadBalancerArn: !Ref Lb, Protocol: HTTPS}}\n"
     "  R: {Type: '" LISTENER "', Properties: {LoadBalancerArn: !Ref Lb, Protocol: HTTP, "
     "DefaultActions: [{Type: forward, TargetGroupArn: tg}]}}\n",
     "Resources:\n"
     "  Lb: {Type: '" LB "'}\n"
     "  Tls: {Type: '" LISTENER "', Properties: {LoadBalancerArn: !Ref Lb, Protocol: HTTPS}}\n"
     "  R: {Type: '" LISTENER "', Properties: {LoadBalancerArn: !Ref Lb, Protocol: HTTP, "
     "DefaultActions: [{Type: redirect, RedirectConfig: {Protocol: HTTPS, StatusCode: "
     "HTTP_301}}]}}\n"},
    {"ELB-02", RES(LISTENER, "{Protocol: HTTPS, Port: 443}"),
     RES(LISTENER, "{Protocol: HTTPS, Port: 443, SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06}")},
    {"ELB-03", RES(LB, "{Subnets: [a, b]}"),
     RES(LB, "{LoadBalancerAttributes: [{Key: access_logs.s3.enabled, Value: 'true'}]}")},
    {"ELB-04",
     RES(LB, "{LoadBalancerAttributes: [{Key: routing.http.drop_invalid_header_fields.enabled, "
             "Value: 'false'}]}"),
     RES(LB, "{LoadBalancerAttributes: [{Key: routing.http.drop_invalid_header_fields.enabled, "
             "Value: 'true'}]}")},
    {"ELB-05", RES(LB, "{Subnets: [a, b]}"),
     RES(LB, "{LoadBalancerAttributes: [{Key: deletion_protection.enabled, Value: 'true'}]}")},
    {"ELB-06", RES(LB, "{Subnets: [a]}"), RES(LB, "{Subnets: [a, b]}")},
    {"ELB-07", RES("AWS::ElasticLoadBalancing::LoadBalancer", "{Listeners: []}"),
     RES("AWS::ElasticLoadBalancing::LoadBalancer", "{AccessLoggingPolicy: {Enabled: true, "
                                                     "S3BucketName: b}}")},
    /* ECS and ECR */
    {"ECS-01", RES("AWS::ECS::Cluster", "{ClusterName: c}"),
     RES("AWS::ECS::Cluster", "{ClusterSettings: [{Name: containerInsights, Value: enabled}]}")},
    {"ECS-02", RES(TASKDEF, "{ContainerDefinitions: [{Name: app, Privileged: true}]}"),
     RES(TASKDEF, "{ContainerDefinitions: [{Name: app, Privileged: false}]}")},
    {"ECS-03", RES(TASKDEF, "{ContainerDefinitions: [{Name: app}]}"),
     RES(TASKDEF, "{ContainerDefinitions: [{Name: app, ReadonlyRootFilesystem: true}]}")},
    {"ECS-04",
     RES(TASKDEF, "{ContainerDefinitions: [{Name: app, Environment: [{Name: "
                  "AWS_SECRET_ACCESS_KEY, Value: abcdefgh}]}]}"),
     RES(TASKDEF, "{ContainerDefinitions: [{Name: app, Environment: [{Name: STAGE, Value: "
                  "prod}]}]}")},
    {"ECS-05",
     RES("AWS::ECS::Service", "{NetworkConfiguration: {AwsvpcConfiguration: {AssignPublicIp: "
                              "ENABLED}}}"),
     RES("AWS::ECS::Service", "{NetworkConfiguration: {AwsvpcConfiguration: {AssignPublicIp: "
                              "DISABLED}}}")},
    {"ECS-07", RES(TASKDEF, "{ContainerDefinitions: [{Name: app}]}"),
     RES(TASKDEF, "{ContainerDefinitions: [{Name: app, LogConfiguration: {LogDriver: awslogs}}]}")},
    {"ECR-01", RES(REPO, "{ImageScanningConfiguration: {ScanOnPush: false}}"),
     RES(REPO, "{ImageScanningConfiguration: {ScanOnPush: true}}")},
    {"ECR-02", RES(REPO, "{ImageTagMutability: MUTABLE}"),
     RES(REPO, "{ImageTagMutability: IMMUTABLE}")},
    {"ECR-03", RES(REPO, "{EncryptionConfiguration: {EncryptionType: AES256}}"),
     RES(REPO, "{EncryptionConfiguration: {EncryptionType: KMS}}")},
    {"ECR-04",
     RES(REPO, "{RepositoryPolicyText: {Statement: [{Effect: Allow, Principal: '*', Action: "
               "['ecr:BatchGetImage']}]}}"),
     RES(REPO, "{RepositoryPolicyText: {Statement: [{Effect: Allow, Principal: {AWS: "
               "'arn:aws:iam::1:root'}, Action: ['ecr:BatchGetImage']}]}}")},
    /* EKS */
    {"EKS-01", RES(EKS, "{EncryptionConfig: [{Resources: [configmaps]}]}"),
     RES(EKS, "{EncryptionConfig: [{Resources: [secrets], Provider: {KeyArn: k}}]}")},
    {"EKS-02", RES(EKS, "{ResourcesVpcConfig: {SubnetIds: [a, b]}}"),
     RES(EKS, "{ResourcesVpcConfig: {SubnetIds: [a, b], EndpointPublicAccess: false}}")},
    {"EKS-03", RES("AWS::EKS::Nodegroup", "{RemoteAccess: {Ec2SshKey: k}}"),
     RES("AWS::EKS::Nodegroup", "{RemoteAccess: {Ec2SshKey: k, SourceSecurityGroups: [sg]}}")},
    {"EKS-04", RES(EKS, "{Logging: {ClusterLogging: {EnabledTypes: [{Type: api}]}}}"),
     RES(EKS, "{Logging: {ClusterLogging: {EnabledTypes: [{Type: api}, {Type: audit}]}}}")},
    /* ElastiCache */
    {"ECA-01", RES(RG, "{AtRestEncryptionEnabled: false}"),
     RES(RG, "{AtRestEncryptionEnabled: true}")},
    {"ECA-02", RES(RG, "{Engine: redis}"), RES(RG, "{TransitEncryptionEnabled: true}")},
    {"ECA-03", RES(RG, "{Engine: redis, TransitEncryptionEnabled: true}"),
     RES(RG, "{Engine: redis, UserGroupIds: [g]}")},
    {"ECA-04", RES(RG, "{Engine: redis, SnapshotRetentionLimit: 0}"),
     RES("AWS::ElastiCache::CacheCluster", "{Engine: memcached}")},
    {"ECA-05", RES(RG, "{Engine: redis}"), RES(RG, "{AutomaticFailoverEnabled: true}")},
    /* Secrets Manager */
    {"SM-01", RES(SECRET, "{Name: s}"), RES(SECRET, "{KmsKeyId: !Ref K}")},
    {"SM-02", RES(SECRET, "{Name: s}"),
     "Resources:\n"
     "  R: {Type: 'AWS::SecretsManager::Secret', Properties: {GenerateSecretString: {}}}\n"
     "  Rot: {Type: 'AWS::SecretsManager::RotationSchedule', Properties: {SecretId: !Ref R}}\n"},
    {"SM-03", RES(SECRET, "{SecretString: '{\"password\": \"hunter22\"}'}"),
     RES(SECRET, "{GenerateSecretString: {PasswordLength: 32}}")},
    /* CloudFront */
    {"CFR-01",
     RES(CF, "{DistributionConfig: {DefaultCacheBehavior: {ViewerProtocolPolicy: https-only}, "
             "CacheBehaviors: [{PathPattern: /x, ViewerProtocolPolicy: allow-all}]}}"),
     RES(CF, "{DistributionConfig: {DefaultCacheBehavior: {ViewerProtocolPolicy: "
             "redirect-to-https}}}")},
    {"CFR-02",
     RES(CF, "{DistributionConfig: {ViewerCertificate: {AcmCertificateArn: c, "
             "MinimumProtocolVersion: TLSv1.1_2016}}}"),
     RES(CF, "{DistributionConfig: {ViewerCertificate: {AcmCertificateArn: c, "
             "MinimumProtocolVersion: TLSv1.2_2021}}}")},
    {"CFR-03", RES(CF, "{DistributionConfig: {Enabled: true}}"),
     RES(CF, "{DistributionConfig: {Logging: {Bucket: logs.s3.amazonaws.com}}}")},
    {"CFR-04", RES(CF, "{DistributionConfig: {Enabled: true}}"),
     RES(CF, "{DistributionConfig: {WebACLId: !GetAtt Acl.Arn}}")},
    {"CFR-05",
     RES(CF, "{DistributionConfig: {Origins: [{Id: o, DomainName: d, CustomOriginConfig: "
             "{OriginProtocolPolicy: http-only}}]}}"),
     RES(CF, "{DistributionConfig: {Origins: [{Id: o, DomainName: d, CustomOriginConfig: "
             "{OriginProtocolPolicy: https-only}}]}}")},
    {"CFR-06", RES(CF, "{DistributionConfig: {Enabled: true}}"),
     RES(CF, "{DistributionConfig: {DefaultRootObject: index.html}}")},
    {"CFR-07",
     RES(CF, "{DistributionConfig: {Origins: [{Id: s3, DomainName: d, S3OriginConfig: {}}]}}"),
     RES(CF, "{DistributionConfig: {Origins: [{Id: s3, DomainName: d, S3OriginConfig: "
             "{OriginAccessIdentity: ''}, OriginAccessControlId: !GetAtt Oac.Id}]}}")},
    /* WAF, EFS, Kinesis */
    {"WAF-02", RES("AWS::WAFv2::WebACL", "{Rules: []}"),
     RES("AWS::WAFv2::WebACL", "{Rules: [{Name: r, Priority: 0}]}")},
    {"WAF-03", RES("AWS::WAFv2::WebACL", "{Rules: []}"),
     "Resources:\n"
     "  R: {Type: 'AWS::WAFv2::WebACL', Properties: {Scope: REGIONAL}}\n"
     "  Log: {Type: 'AWS::WAFv2::LoggingConfiguration', "
     "Properties: {ResourceArn: !GetAtt R.Arn}}\n"},
    {"EFS-01", RES("AWS::EFS::FileSystem", "{Encrypted: false}"),
     RES("AWS::EFS::FileSystem", "{Encrypted: true}")},
    {"EFS-02", RES("AWS::EFS::FileSystem", "{BackupPolicy: {Status: DISABLED}}"),
     RES("AWS::EFS::FileSystem", "{BackupPolicy: {Status: ENABLED}}")},
    {"KIN-01", RES("AWS::Kinesis::Stream", "{ShardCount: 1}"),
     RES("AWS::Kinesis::Stream", "{StreamEncryption: {EncryptionType: KMS, KeyId: k}}")},
    /* Redshift */
    {"RS-01", RES(REDSHIFT, "{Encrypted: false}"), RES(REDSHIFT, "{Encrypted: true}")},
    {"RS-02", RES(REDSHIFT, "{PubliclyAccessible: true}"),
     RES(REDSHIFT, "{PubliclyAccessible: false}")},
    {"RS-03", RES(REDSHIFT, "{NodeType: dc2.large}"),
     RES(REDSHIFT, "{LoggingProperties: {BucketName: logs}}")},
    {"RS-04",
     RES("AWS::Redshift::ClusterParameterGroup", "{Parameters: [{ParameterName: require_ssl, "
                                                 "ParameterValue: 'false'}]}"),
     RES("AWS::Redshift::ClusterParameterGroup", "{Parameters: [{ParameterName: require_ssl, "
                                                 "ParameterValue: 'true'}]}")},
    {"RS-05", RES(REDSHIFT, "{NodeType: dc2.large}"),
     RES(REDSHIFT, "{ClusterSubnetGroupName: !Ref G}")},
    {"RS-06", RES(REDSHIFT, "{MasterUserPassword: 'Sup3rS3cret'}"),
     RES(REDSHIFT, "{MasterUserPassword: '{{resolve:ssm-secure:/rs/password}}'}")},
    {"RS-07", RES(REDSHIFT, "{AutomatedSnapshotRetentionPeriod: 0}"),
     RES(REDSHIFT, "{AutomatedSnapshotRetentionPeriod: 7}")},
    /* OpenSearch */
    {"OS-01", RES(DOMAIN, "{EncryptionAtRestOptions: {Enabled: false}}"),
     RES(DOMAIN, "{EncryptionAtRestOptions: {Enabled: true}}")},
    {"OS-02", RES(DOMAIN, "{NodeToNodeEncryptionOptions: {Enabled: false}}"),
     RES(DOMAIN, "{NodeToNodeEncryptionOptions: {Enabled: true}}")},
    {"OS-03", RES(DOMAIN, "{DomainEndpointOptions: {EnforceHTTPS: false}}"),
     RES(DOMAIN, "{DomainEndpointOptions: {EnforceHTTPS: true}}")},
    {"OS-04", RES(DOMAIN, "{LogPublishingOptions: {}}"),
     RES(DOMAIN, "{LogPublishingOptions: {ES_APPLICATION_LOGS: {Enabled: true, "
                 "CloudWatchLogsLogGroupArn: l}}}")},
    {"OS-05", RES(DOMAIN, "{EngineVersion: OpenSearch_2.11}"),
     RES(DOMAIN, "{VPCOptions: {SubnetIds: [s]}}")},
    {"OS-06", RES(DOMAIN, "{AdvancedSecurityOptions: {Enabled: false}}"),
     RES(DOMAIN, "{AdvancedSecurityOptions: {Enabled: true}}")},
    {"OS-07", RES(DOMAIN, "{ClusterConfig: {InstanceCount: 1}}"),
     RES(DOMAIN, "{ClusterConfig: {ZoneAwarenessEnabled: true}}")},
    {"OS-08",
     RES(DOMAIN, "{AccessPolicies: {Statement: [{Effect: Allow, Principal: {AWS: ['*']}, Action: "
                 "'es:*', Resource: '*'}]}}"),
     RES(DOMAIN, "{AccessPolicies: {Statement: [{Effect: Allow, Principal: {AWS: ['*']}, Action: "
                 "'es:*', Resource: '*', Condition: {IpAddress: {'aws:SourceIp': "
                 "10.0.0.0/8}}}]}}")},
    /* across resources and the template */
    {"X-01",
     "Parameters:\n  Key: {Type: String, Default: AKIAIOSFODNN7EXAMPLE}\nResources:\n"
     "  R: {Type: 'AWS::SNS::Topic'}\n",
     "Parameters:\n  Key: {Type: String, Default: AKIA-NOT-A-KEY}\nResources:\n"
     "  R: {Type: 'AWS::SNS::Topic'}\n"},
    {"X-02", RES("AWS::DMS::Endpoint", "{EndpointType: source, Password: hunter22}"),
     RES("AWS::DMS::Endpoint", "{EndpointType: source, Password: '{{resolve:secretsmanager:d}}'}")},
    {"X-03",
     "Resources:\n  R:\n    Type: AWS::EC2::Instance\n    Metadata:\n"
     "      AWS::CloudFormation::Authentication: {S3Creds: {type: S3, password: pw}}\n",
     "Resources:\n  R:\n    Type: AWS::EC2::Instance\n    Metadata:\n"
     "      AWS::CloudFormation::Authentication: {S3Creds: {type: S3, roleName: r}}\n"},
    {"X-05", RES(TABLE, "{BillingMode: PAY_PER_REQUEST}"),
     "Resources:\n  R:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n"
     "    UpdateReplacePolicy: Snapshot\n"},
    {"X-09", RES(BUCKET, "{Tags: [{Key: team}]}"), RES(BUCKET, "{Tags: [{Key: team, Value: a}]}")},
    {"X-10", "Resources:\n  R: {Type: 'AWS::SNS::Topic'}\nOutputs:\n  O: {Description: d}\n",
     "Resources:\n  R: {Type: 'AWS::SNS::Topic'}\nOutputs:\n  O: {Value: !Ref R}\n"},
    {"X-12",
     "Parameters:\n  Pw: {Type: String, NoEcho: true}\nResources:\n  R: {Type: 'AWS::SNS::Topic'}\n"
     "Outputs:\n  O: {Value: !Sub 'user:${Pw}'}\n",
     "Parameters:\n  Pw: {Type: String, NoEcho: true}\nResources:\n  R: {Type: 'AWS::SNS::Topic'}\n"
     "Outputs:\n  O: {Value: !Ref R}\n"},
    {"PARAM-01",
     "Parameters:\n  DbPassword: {Type: String}\nResources:\n  R: {Type: 'AWS::SNS::Topic'}\n",
     "Parameters:\n  DbPassword: {Type: String, NoEcho: 'true'}\nResources:\n"
     "  R: {Type: 'AWS::SNS::Topic'}\n"},
    {"PARAM-02",
     "Parameters:\n  ApiToken: {Type: String, NoEcho: true, Default: abc123}\nResources:\n"
     "  R: {Type: 'AWS::SNS::Topic'}\n",
     "Parameters:\n  ApiToken: {Type: String, NoEcho: true}\nResources:\n"
     "  R: {Type: 'AWS::SNS::Topic'}\n"},
};

static const rule_case *case_for(const char *id)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (strcmp(cases[i].rule, id) == 0)
            return &cases[i];
    return NULL;
}

static void every_rule_has_a_case(void **state)
{
    (void)state;
    size_t n;
    const sg_rule *r = sg_rules_catalog(&n);
    for (size_t i = 0; i < n; i++)
        if (!case_for(r[i].id))
            fail_msg("rule %s has no test case", r[i].id);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (!sg_rule_find(cases[i].rule))
            fail_msg("test case for unknown rule %s", cases[i].rule);
}

static void every_rule_fails_and_passes(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const rule_case *c = &cases[i];
        sg_violations fail = check(c->fail);
        sg_violations pass = check(c->pass);
        if (count_rule(&fail, c->rule) == 0) {
            print_message("%s: the failing template passes; it reports:\n", c->rule);
            print_violations(&fail);
            bad++;
        }
        if (count_rule(&pass, c->rule) != 0) {
            print_message("%s: the passing template fails:\n", c->rule);
            print_violations(&pass);
            bad++;
        }
        for (size_t k = 0; k < fail.n; k++) {
            assert_non_null(fail.v[k].node);
            assert_non_null(fail.v[k].detail);
        }
        sg_violations_free(&fail);
        sg_violations_free(&pass);
    }
    assert_int_equal(bad, 0);
}

/* ---- where violations point ------------------------------------------------------- */

static const char *POSITIONS =
    "Parameters:\n"                                             /* 1 */
    "  Key:\n"                                                  /* 2 */
    "    Type: String\n"                                        /* 3 */
    "Resources:\n"                                              /* 4 */
    "  Bucket:\n"                                               /* 5 */
    "    Type: AWS::S3::Bucket\n"                               /* 6 */
    "    Properties:\n"                                         /* 7 */
    "      Tags:\n"                                             /* 8 */
    "        - Key: team\n"                                     /* 9 */
    "  Web:\n"                                                  /* 10 */
    "    Type: AWS::EC2::SecurityGroup\n"                       /* 11 */
    "    Properties:\n"                                         /* 12 */
    "      GroupDescription: web\n"                             /* 13 */
    "      SecurityGroupIngress:\n"                             /* 14 */
    "        - IpProtocol: tcp\n"                               /* 15 */
    "          FromPort: 443\n"                                 /* 16 */
    "          ToPort: 443\n"                                   /* 17 */
    "          CidrIp: 0.0.0.0/0\n"                             /* 18 */
    "        - IpProtocol: tcp\n"                               /* 19 */
    "          FromPort: 0\n"                                   /* 20 */
    "          ToPort: 1024\n"                                  /* 21 */
    "          CidrIp: 0.0.0.0/0\n"                             /* 22 */
    "  Db:\n"                                                   /* 23 */
    "    Type: AWS::RDS::DBInstance\n"                          /* 24 */
    "    Properties:\n"                                         /* 25 */
    "      Engine: postgres\n"                                  /* 26 */
    "      MasterUserPassword: hunter2hunter2\n"                /* 27 */
    "  Policy:\n"                                               /* 28 */
    "    Type: AWS::IAM::Policy\n"                              /* 29 */
    "    Properties:\n"                                         /* 30 */
    "      PolicyName: p\n"                                     /* 31 */
    "      Roles: [r]\n"                                        /* 32 */
    "      PolicyDocument:\n"                                   /* 33 */
    "        Statement:\n"                                      /* 34 */
    "          - Sid: ReadTable\n"                              /* 35 */
    "            Effect: Allow\n"                               /* 36 */
    "            Action: dynamodb:*\n"                          /* 37 */
    "            Resource: arn:aws:dynamodb:us-east-1:1:table/t\n" /* 38 */
    "  Fn:\n"                                                   /* 39 */
    "    Type: AWS::Lambda::Function\n"                         /* 40 */
    "    Properties:\n"                                         /* 41 */
    "      Environment:\n"                                      /* 42 */
    "        Variables:\n"                                      /* 43 */
    "          AWS_KEY: AKIAIOSFODNN7EXAMPLE\n";                /* 44 */

static void violations_point_at_the_offending_node(void **state)
{
    (void)state;
    sg_violations v = check(POSITIONS);

    /* a missing property: the resource's logical ID */
    const sg_violation *x = first_of(&v, "S3-01");
    assert_non_null(x);
    assert_string_equal(x->resource_id, "Bucket");
    assert_int_equal(x->node->line, 5);
    assert_string_equal(x->path, "Properties.BucketEncryption");
    assert_string_equal(x->detail, "BucketEncryption is not set");

    /* a missing leaf inside an existing container: that container */
    x = first_of(&v, "X-09");
    assert_non_null(x);
    assert_int_equal(x->node->line, 9);
    assert_string_equal(x->path, "Properties.Tags[0].Value");

    /* a security-group rule: the rule itself, and only the one that covers 22 */
    assert_int_equal(count_rule(&v, "SG-01"), 1);
    x = first_of(&v, "SG-01");
    assert_string_equal(x->resource_id, "Web");
    assert_int_equal(x->node->line, 19);
    assert_string_equal(x->path, "Properties.SecurityGroupIngress[0]");
    assert_string_equal(x->detail, "ports 0-1024 are open to 0.0.0.0/0, including 22 (SSH)");

    /* a literal password: the value */
    x = first_of(&v, "RDS-08");
    assert_non_null(x);
    assert_int_equal(x->node->line, 27);
    assert_string_equal(x->path, "Properties.MasterUserPassword");
    assert_string_equal(x->detail, "MasterUserPassword is a literal value written in the template");
    assert_int_equal(count_rule(&v, "X-02"), 0); /* RDS-08 owns that property */

    /* a policy statement: the statement */
    x = first_of(&v, "IAM-02");
    assert_non_null(x);
    assert_int_equal(x->node->line, 35);
    assert_string_equal(x->path, "Properties.PolicyDocument.Statement[0]");
    assert_string_equal(x->detail, "statement ReadTable allows action \"dynamodb:*\"");

    /* a credential anywhere: the string, with a path inside its resource */
    x = first_of(&v, "X-01");
    assert_non_null(x);
    assert_string_equal(x->resource_id, "Fn");
    assert_int_equal(x->node->line, 44);
    assert_string_equal(x->path, "Properties.Environment.Variables.AWS_KEY");
    assert_null(strstr(x->detail, "AKIA")); /* never echoes the secret */
    sg_violations_free(&v);
}

static void output_is_sorted_and_deterministic(void **state)
{
    (void)state;
    sg_violations a = check(POSITIONS);
    sg_violations b = check(POSITIONS);
    assert_true(a.n > 5);
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        assert_ptr_equal(a.v[i].rule, b.v[i].rule);
        assert_int_equal(a.v[i].node->line, b.v[i].node->line);
        assert_string_equal(a.v[i].detail, b.v[i].detail);
        if (i == 0)
            continue;
        int c = strcmp(a.v[i - 1].rule->id, a.v[i].rule->id);
        assert_true(c <= 0);
        if (c == 0 && a.v[i - 1].resource_id && a.v[i].resource_id) {
            int r = strcmp(a.v[i - 1].resource_id, a.v[i].resource_id);
            assert_true(r < 0 || (r == 0 && a.v[i - 1].node->line <= a.v[i].node->line));
        }
    }
    /* appending to a non-empty list keeps what was there */
    size_t before = a.n;
    sg_template t = load_text(A, "t.yaml", RES(BUCKET, "{AccessControl: PublicRead}"));
    sg_rules_check(A, &t, &a);
    assert_true(a.n > before);
    assert_ptr_equal(a.v[0].rule, b.v[0].rule);
    sg_violations_free(&a);
    sg_violations_free(&b);
    assert_null(a.v);
    assert_int_equal(a.n, 0);
}

/* ---- intrinsics, conditions and relations ----------------------------------------------- */

static void intrinsics_are_unknown_not_failures(void **state)
{
    (void)state;
    sg_violations v = check(
        "Resources:\n"
        "  B: {Type: 'AWS::S3::Bucket', Properties: {AccessControl: !Ref Acl, BucketEncryption: "
        "!Ref Enc, VersioningConfiguration: {Status: !Ref V}}}\n"
        "  K: {Type: 'AWS::KMS::Key', Properties: {EnableKeyRotation: !Ref Rotate}}\n"
        "  G: {Type: 'AWS::Logs::LogGroup', Properties: {RetentionInDays: !Ref Days}}\n"
        "  S: {Type: 'AWS::EC2::SecurityGroup', Properties: {GroupDescription: g, "
        "SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Cidr, "
        "Description: d}]}}\n"
        "  D: {Type: 'AWS::RDS::DBInstance', Properties: {MasterUserPassword: !GetAtt S2.Pw, "
        "PubliclyAccessible: !If [Pub, true, false]}}\n"
        "  P: {Type: 'AWS::IAM::Policy', Properties: {PolicyName: p, Roles: [r], PolicyDocument: "
        "{Statement: [{Effect: Allow, Action: !Ref Actions, Resource: !Ref Arns}]}}}\n");
    const char *quiet[] = {"S3-05", "S3-10", "S3-01", "S3-03", "KMS-01", "CWL-01",
                           "SG-01", "RDS-08", "IAM-02", "IAM-03", "IAM-11"};
    for (size_t i = 0; i < sizeof quiet / sizeof quiet[0]; i++)
        if (strcmp(quiet[i], "S3-10") != 0 && count_rule(&v, quiet[i]))
            fail_msg("%s reported an intrinsic value", quiet[i]);
    assert_int_equal(count_rule(&v, "S3-10"), 1); /* ABSENT: set is set, whatever its value */
    /* Fn::If: one branch that fails is enough */
    assert_int_equal(count_rule(&v, "RDS-02"), 1);
    assert_int_equal(first_of(&v, "RDS-02")->node->line, 6);
    sg_violations_free(&v);
}

static void both_branches_of_if_are_checked(void **state)
{
    (void)state;
    sg_violations v = check(
        "Conditions: {Prod: !Equals [a, a]}\n"
        "Resources:\n"
        "  A: {Type: 'AWS::S3::Bucket', Properties: {AccessControl: !If [Prod, Private, "
        "PublicRead]}}\n"
        "  B: {Type: 'AWS::S3::Bucket', Properties: {AccessControl: !If [Prod, Private, !Ref "
        "'AWS::NoValue']}}\n"
        "  C: {Type: 'AWS::KMS::Key', Properties: {EnableKeyRotation: !If [Prod, true, !Ref "
        "'AWS::NoValue']}}\n"
        "  D: {Type: 'AWS::KMS::Key', Properties: !If [Prod, {EnableKeyRotation: true}, "
        "{EnableKeyRotation: true}]}\n");
    assert_int_equal(count_rule(&v, "S3-05"), 1);
    assert_string_equal(first_of(&v, "S3-05")->resource_id, "A");
    assert_int_equal(count_rule(&v, "KMS-01"), 1); /* NoValue: missing in one branch */
    assert_string_equal(first_of(&v, "KMS-01")->resource_id, "C");
    sg_violations_free(&v);
}

static void resources_with_a_condition_are_checked(void **state)
{
    (void)state;
    sg_violations v = check("Conditions: {Never: !Equals [a, b]}\n"
                            "Resources:\n"
                            "  B: {Type: 'AWS::S3::Bucket', Condition: Never, Properties: "
                            "{AccessControl: PublicReadWrite}}\n");
    assert_int_equal(count_rule(&v, "S3-06"), 1);
    sg_violations_free(&v);
}

static void rows_apply_only_where_they_should(void **state)
{
    (void)state;
    /* a bucket that receives other buckets' access logs needs none itself */
    sg_violations v = check(
        "Resources:\n"
        "  Logs: {Type: 'AWS::S3::Bucket'}\n"
        "  Data: {Type: 'AWS::S3::Bucket', Properties: {LoggingConfiguration: "
        "{DestinationBucketName: !Ref Logs}}}\n"
        "  Other: {Type: 'AWS::S3::Bucket'}\n"
        /* Aurora instances inherit encryption from their cluster */
        "  Member: {Type: 'AWS::RDS::DBInstance', Properties: {DBClusterIdentifier: !Ref "
        "Cluster, Engine: aurora-mysql}}\n"
        "  Cluster: {Type: 'AWS::RDS::DBCluster', Properties: {Engine: aurora-mysql}}\n"
        /* asymmetric keys cannot rotate */
        "  Sign: {Type: 'AWS::KMS::Key', Properties: {KeySpec: RSA_2048}}\n"
        /* ELB-02 is about TLS listeners only; an HTTP listener of a load balancer
         * without TLS listener has nothing to redirect to (ELB-01) */
        "  Http: {Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: {Protocol: HTTP, "
        "LoadBalancerArn: !Ref Lb, DefaultActions: [{Type: forward, TargetGroupArn: tg}]}}\n"
        "  Lb: {Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer'}\n"
        /* ephemeral return traffic in a network ACL */
        "  Nacl: {Type: 'AWS::EC2::NetworkAclEntry', Properties: {Protocol: 6, RuleAction: "
        "allow, CidrBlock: 0.0.0.0/0, PortRange: {From: 1024, To: 65535}}}\n");
    assert_int_equal(count_rule(&v, "S3-02"), 1);
    assert_string_equal(first_of(&v, "S3-02")->resource_id, "Other");
    assert_int_equal(count_rule(&v, "RDS-01"), 1);
    assert_string_equal(first_of(&v, "RDS-01")->resource_id, "Cluster");
    assert_int_equal(count_rule(&v, "KMS-01"), 0);
    assert_int_equal(count_rule(&v, "ELB-01"), 0);
    assert_int_equal(count_rule(&v, "ELB-02"), 0);
    assert_int_equal(count_rule(&v, "VPC-03"), 0);
    sg_violations_free(&v);
}

static void secrets_follow_parameters(void **state)
{
    (void)state;
    sg_violations v = check(
        "Parameters:\n"
        "  Safe: {Type: String, NoEcho: true}\n"
        "  WithDefault: {Type: String, NoEcho: true, Default: changeme}\n"
        "  Visible: {Type: String}\n"
        "  DbUser: {Type: String, NoEcho: true, Default: admin}\n"
        "Resources:\n"
        "  A: {Type: 'AWS::RDS::DBInstance', Properties: {MasterUserPassword: !Ref Safe}}\n"
        "  B: {Type: 'AWS::RDS::DBInstance', Properties: {MasterUserPassword: !Ref WithDefault}}\n"
        "  C: {Type: 'AWS::RDS::DBInstance', Properties: {MasterUserPassword: !Ref Visible}}\n"
        "  D: {Type: 'AWS::SecretsManager::Secret', Properties: {SecretString: !Sub "
        "'{\"username\": \"${DbUser}\", \"password\": \"${Safe}\"}'}}\n"
        "  E: {Type: 'AWS::CodeBuild::SourceCredential', Properties: {Token: !Ref Visible, "
        "ServerType: GITHUB}}\n"
        "  F: {Type: 'AWS::Cognito::UserPoolClient', Properties: {GenerateSecret: true, "
        "TokenValidityUnits: {AccessToken: hours}}}\n"
        "  G: {Type: 'AWS::CloudFormation::CustomResource', Properties: {ServiceToken: "
        "arn:aws:lambda:us-east-1:1:function:f}}\n");
    assert_int_equal(count_rule(&v, "RDS-08"), 2);
    assert_string_equal(
        first_of(&v, "RDS-08")->detail,
        "MasterUserPassword takes parameter WithDefault, which has a Default value");
    assert_string_equal(v.v[first_of(&v, "RDS-08") - v.v + 1].detail,
                        "MasterUserPassword takes parameter Visible, which is not NoEcho");
    assert_int_equal(count_rule(&v, "SM-03"), 0); /* the user name may have a default */
    assert_int_equal(count_rule(&v, "X-02"), 1);  /* Token only, not flags, units, ARNs */
    assert_string_equal(first_of(&v, "X-02")->resource_id, "E");
    assert_int_equal(count_rule(&v, "PARAM-02"), 0); /* NoEcho user names are no secrets */
    sg_violations_free(&v);
}

static void policies_in_json_strings_are_read(void **state)
{
    (void)state;
    sg_violations v = check(
        "Resources:\n"
        "  K:\n"
        "    Type: AWS::KMS::Key\n"
        "    Properties:\n"
        "      EnableKeyRotation: true\n"
        "      KeyPolicy: '{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", "
        "\"Action\": \"kms:*\", \"Resource\": \"*\"}}'\n");
    assert_int_equal(count_rule(&v, "KMS-02"), 1);
    assert_int_equal(first_of(&v, "KMS-02")->node->line, 6);
    sg_violations_free(&v);
}

static void standalone_security_group_rules(void **state)
{
    (void)state;
    sg_violations v = check(
        "Resources:\n"
        "  In: {Type: 'AWS::EC2::SecurityGroupIngress', Properties: {GroupId: g, IpProtocol: "
        "tcp, FromPort: 3389, ToPort: 3389, CidrIp: 0.0.0.0/0}}\n"
        "  Out: {Type: 'AWS::EC2::SecurityGroupEgress', Properties: {GroupId: g, IpProtocol: "
        "'-1', CidrIp: 0.0.0.0/0, Description: all out}}\n");
    assert_int_equal(count_rule(&v, "SG-02"), 1);
    assert_int_equal(first_of(&v, "SG-02")->node->line, 2);
    assert_int_equal(count_rule(&v, "SG-05"), 1);
    assert_int_equal(count_rule(&v, "SG-07"), 1); /* In has no Description, Out has */
    assert_string_equal(first_of(&v, "SG-07")->resource_id, "In");
    assert_int_equal(count_rule(&v, "SG-01"), 0);
    sg_violations_free(&v);
}

/* ---- rendering ----------------------------------------------------------------------- */

static void json_catalog_parses(void **state)
{
    (void)state;
    sg_strbuf b = SG_STRBUF_INIT;
    sg_rules_render_json(&b);
    sg_node *root = NULL;
    sg_error err;
    sg_parse_opts o = {0};
    o.file = "rules.json";
    assert_int_equal(sg_parse_json(A, b.data, b.len, &o, &root, NULL, &err), 0);
    assert_true(sg_node_is_str(sg_map_get(root, "schema"), "stackgap/rules/v1"));
    const sg_node *rules = sg_map_get(root, "rules");
    size_t n;
    const sg_rule *cat = sg_rules_catalog(&n);
    assert_int_equal(rules->len, n);
    for (size_t i = 0; i < n; i++) {
        const sg_node *r = rules->u.items[i];
        assert_true(sg_node_is_str(sg_map_get(r, "id"), cat[i].id));
        assert_true(sg_node_is_str(sg_map_get(r, "category"), sg_category_id(cat[i].category)));
        assert_true(sg_node_is_str(sg_map_get(r, "severity"), sg_severity_id(cat[i].severity)));
        assert_true(sg_node_is_str(sg_map_get(r, "title"), cat[i].title));
        assert_true(sg_node_is_str(sg_map_get(r, "why"), cat[i].why));
        assert_true(sg_node_is_str(sg_map_get(r, "anchors"), cat[i].anchors));
        assert_int_equal(sg_map_get(r, "resource_types")->kind, SG_SEQ);
    }
    const sg_node *sg = rules->u.items[sg_rule_find("SG-01") - cat];
    assert_int_equal(sg_map_get(sg, "resource_types")->len, 2);
    sg_strbuf_free(&b);
}

static void markdown_catalog_lists_every_rule(void **state)
{
    (void)state;
    sg_strbuf b = SG_STRBUF_INIT;
    sg_rules_render_markdown(&b);
    assert_true(strncmp(b.data, "# Rule catalog\n", 15) == 0);
    size_t n;
    const sg_rule *cat = sg_rules_catalog(&n);
    for (size_t i = 0; i < n; i++) {
        char needle[64];
        snprintf(needle, sizeof needle, "| `%s` | %s |", cat[i].id,
                 sg_severity_id(cat[i].severity));
        if (!strstr(b.data, needle))
            fail_msg("no row for %s", cat[i].id);
    }
    /* every table row has exactly its seven cell borders: nothing leaks a pipe */
    size_t rows = 0;
    for (char *line = b.data; line && *line;) {
        char *end = strchr(line, '\n');
        if (strncmp(line, "| `", 3) == 0) {
            int pipes = 0;
            for (char *p = line; p < (end ? end : line + strlen(line)); p++)
                if (*p == '|' && p[-1] != '\\')
                    pipes++;
            if (pipes != 7)
                fail_msg("row with %d cell borders: %.60s", pipes, line);
            rows++;
        }
        line = end ? end + 1 : NULL;
    }
    assert_int_equal(rows, n);
    assert_non_null(strstr(b.data, "## public-access\n"));
    sg_strbuf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(catalog_shape),
        cmocka_unit_test(every_rule_has_a_case),
        cmocka_unit_test(every_rule_fails_and_passes),
        cmocka_unit_test(violations_point_at_the_offending_node),
        cmocka_unit_test(output_is_sorted_and_deterministic),
        cmocka_unit_test(intrinsics_are_unknown_not_failures),
        cmocka_unit_test(both_branches_of_if_are_checked),
        cmocka_unit_test(resources_with_a_condition_are_checked),
        cmocka_unit_test(rows_apply_only_where_they_should),
        cmocka_unit_test(secrets_follow_parameters),
        cmocka_unit_test(policies_in_json_strings_are_read),
        cmocka_unit_test(standalone_security_group_rules),
        cmocka_unit_test(json_catalog_parses),
        cmocka_unit_test(markdown_catalog_lists_every_rule),
    };
    return cmocka_run_group_tests(tests, arena_setup, arena_teardown);
}
