import { awsAccess } from "../../src/checks/aws-access.js";
import {
  callFails,
  denied,
  describeClusterDenied,
  groupFails,
  identityFails,
  prefixListDenied,
  routeViaPrefixList,
} from "../support/aws-faults.js";
import { awsPair, SAME_ACCOUNT, SAME_REGION_EAST } from "../support/aws-scenarios.js";
import { checkCases } from "../support/check-cases.js";

const IAM = "https://github.com/antrea-io/kubectl-antrea-mc/blob/main/docs/iam.md";
const EAST_ROLE = "arn:aws:iam::444455556666:role/antrea-mc-doctor";
const AS_EAST = `# in east's account 444455556666 (doctor read it by assuming ${EAST_ROLE}), with credentials that may change it:\n`;
const putPolicy = (kind: "user" | "role", name: string, flags = "") =>
  `aws iam put-${kind}-policy --${kind}-name ${name} --policy-name antrea-mc-doctor --policy-document file://antrea-mc-doctor-policy.json${flags}`;

checkCases(
  awsAccess,
  {
    valid: [
      {
        name: "west, read with the default credentials",
        message: "read account 123456789012 in us-west-2 as arn:aws:iam::123456789012:user/doctor",
        count: 1,
      },
      {
        name: "east, read by assuming a role in its account",
        member: "east",
        message:
          "read account 444455556666 in us-east-1 as arn:aws:sts::444455556666:assumed-role/antrea-mc-doctor/kubectl-antrea-mc",
      },
      {
        name: "both members in one account and Region: one group of reads",
        members: awsPair({}, SAME_REGION_EAST),
        aws: SAME_ACCOUNT,
        member: "east",
        message: "read account 123456789012 in us-west-2 as arn:aws:iam::123456789012:user/doctor",
      },
      {
        name: "a member read with a profile",
        aws: { members: { west: { profile: "ops" } } },
        message: "read account 123456789012 in us-west-2 as arn:aws:iam::123456789012:user/ops",
      },
    ],
    invalid: [
      {
        name: "a denied read, as a user: the user's policy",
        aws: { faults: [denied("west", "DescribeRouteTables")] },
        status: "fail",
        severity: "error",
        resource: "ec2:DescribeRouteTables",
        message:
          /^ec2:DescribeRouteTables was denied \(UnauthorizedOperation\): You are not authorized to perform this operation\. User: arn:aws:iam::123456789012:user\/doctor/,
        remediation: `# ec2:DescribeRouteTables is in the read-only policy of ${IAM}\n${putPolicy("user", "doctor")}`,
        count: 1,
      },
      {
        name: "a denied eks:DescribeCluster, like any read",
        aws: { faults: [describeClusterDenied("west")] },
        status: "fail",
        severity: "error",
        resource: "eks:DescribeCluster",
        message:
          /^eks:DescribeCluster was denied \(AccessDeniedException\): User: arn:aws:iam::123456789012:user\/doctor is not authorized/,
        remediation: `# eks:DescribeCluster is in the read-only policy of ${IAM}\n${putPolicy("user", "doctor")}`,
        count: 1,
      },
      {
        name: "three denied reads: a finding each (the moto access test)",
        aws: {
          faults: [
            denied("west", "DescribeRouteTables", "DescribeNetworkAcls", "DescribeSecurityGroups"),
          ],
        },
        status: "fail",
        resource: "ec2:DescribeSecurityGroups",
        count: 3,
      },
      {
        name: "a denied read, as an assumed role: that role's policy, in its account",
        member: "east",
        aws: { faults: [denied("east", "DescribeSecurityGroups")] },
        status: "fail",
        resource: "ec2:DescribeSecurityGroups",
        remediation: `${AS_EAST}# ec2:DescribeSecurityGroups is in the read-only policy of ${IAM}\n${putPolicy("role", "antrea-mc-doctor")}`,
      },
      {
        name: "a denied read, as a profile's user: --profile on the fix",
        aws: { members: { west: { profile: "ops" } }, faults: [denied("west", "DescribeVpcs")] },
        status: "fail",
        remediation: `# ec2:DescribeVpcs is in the read-only policy of ${IAM}\n${putPolicy("user", "ops", " --profile ops")}`,
      },
      {
        name: "a denied read, the caller unknown (GetCallerIdentity failed): the policy to grant only",
        aws: {
          faults: [
            identityFails("west", {
              kind: "error",
              code: "Throttling",
              action: "sts:GetCallerIdentity",
              message: "Rate exceeded",
            }),
            denied("west", "DescribeVpcs"),
          ],
        },
        status: "fail",
        remediation: `# ec2:DescribeVpcs is in the read-only policy of ${IAM}`,
      },
      {
        name: "the entries of a prefix list a route uses are denied",
        aws: {
          faults: [
            routeViaPrefixList("west", "10.20.0.0/16", "pl-0east"),
            prefixListDenied("west", "pl-0east"),
          ],
        },
        status: "fail",
        resource: "ec2:GetManagedPrefixListEntries",
        message: /^ec2:GetManagedPrefixListEntries was denied \(UnauthorizedOperation\)/,
      },
      {
        name: "a role that cannot be assumed: a credentials problem, not denied EC2 reads",
        member: "east",
        aws: {
          faults: [
            identityFails("east", {
              kind: "credentials",
              code: "AccessDenied",
              action: "sts:GetCallerIdentity",
              message: `User: arn:aws:iam::123456789012:user/doctor is not authorized to perform: sts:AssumeRole on resource: ${EAST_ROLE}`,
            }),
          ],
        },
        status: "fail",
        severity: "error",
        message: `no usable AWS credentials (assuming ${EAST_ROLE}): User: arn:aws:iam::123456789012:user/doctor is not authorized to perform: sts:AssumeRole on resource: ${EAST_ROLE}`,
        remediation: `aws sts get-caller-identity --region us-east-1\naws sts assume-role --role-arn ${EAST_ROLE} --role-session-name kubectl-antrea-mc --region us-east-1`,
        count: 1,
      },
      {
        name: "expired credentials at DescribeInstances (the fault-proxy test)",
        member: "east",
        aws: {
          faults: [
            callFails("east", "DescribeInstances", {
              kind: "credentials",
              code: "AuthFailure",
              message: "AWS was not able to validate the provided access credentials",
            }),
          ],
        },
        status: "fail",
        message:
          /^no usable AWS credentials \(assuming arn:aws:iam::444455556666:role\/antrea-mc-doctor\): AWS was not able to validate/,
        remediation: `aws sts get-caller-identity --region us-east-1\naws sts assume-role --role-arn ${EAST_ROLE} --role-session-name kubectl-antrea-mc --region us-east-1`,
      },
      {
        name: "expired credentials of a profile: log in again (IAM Identity Center)",
        aws: {
          members: { west: { profile: "sso-dev" } },
          faults: [
            identityFails("west", {
              kind: "credentials",
              code: "TokenProviderError",
              action: "sts:GetCallerIdentity",
              message: "Token is expired",
            }),
          ],
        },
        status: "fail",
        message: "no usable AWS credentials: Token is expired",
        remediation:
          "aws sso login --profile sso-dev  # if the profile uses IAM Identity Center\naws sts get-caller-identity --region us-west-2 --profile sso-dev",
      },
      {
        name: "no Region for the member",
        aws: {
          faults: [
            groupFails("west", {
              kind: "region",
              message:
                "no AWS Region: the Nodes carry no topology.kubernetes.io/region label or providerID zone; pass --aws-region",
            }),
          ],
        },
        status: "fail",
        message: /^no AWS Region: /,
        remediation:
          // The context's name says the Region, though the Nodes do not.
          "kubectl antrea-mc doctor --aws-region arn:aws:eks:us-west-2:123456789012:cluster/west=us-west-2",
      },
      {
        name: "an endpoint that does not answer",
        member: "east",
        aws: {
          faults: [
            identityFails("east", {
              kind: "unreachable",
              code: "ECONNREFUSED",
              action: "sts:GetCallerIdentity",
              message: "connect ECONNREFUSED 127.0.0.1:1",
            }),
          ],
        },
        status: "fail",
        resource: "sts:GetCallerIdentity",
        message:
          "no answer from AWS in us-east-1 to sts:GetCallerIdentity (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:1; check the Region is right and enabled for the account, and that ec2.us-east-1.amazonaws.com is reachable (HTTPS_PROXY, VPC endpoints)",
        // Region opt-in is per account: checked in east's, whose role doctor assumes.
        remediation: [
          "# in east's account 444455556666 (doctor read it by assuming arn:aws:iam::444455556666:role/antrea-mc-doctor), with credentials that may change it:",
          "aws account get-region-opt-status --region-name us-east-1",
          "aws ec2 describe-availability-zones --region us-east-1",
        ].join("\n"),
      },
      {
        name: "a Region slower than --request-timeout",
        member: "east",
        aws: {
          faults: [
            callFails("east", "DescribeInstances", {
              kind: "unreachable",
              code: "TimeoutError",
              message: "Connection timed out after 1000 ms",
            }),
          ],
        },
        status: "fail",
        message:
          /^no answer from AWS in us-east-1 to ec2:DescribeInstances \(TimeoutError\): Connection timed out/,
      },
      {
        // east is read through its role: the fix checks that the role can still be assumed.
        name: "throttling that persists",
        member: "east",
        aws: {
          faults: [
            callFails("east", "DescribeNetworkAcls", {
              kind: "error",
              code: "RequestLimitExceeded",
              message: "Request limit exceeded.",
            }),
          ],
        },
        status: "fail",
        resource: "ec2:DescribeNetworkAcls",
        message: "ec2:DescribeNetworkAcls failed (RequestLimitExceeded): Request limit exceeded.",
        remediation: [
          "aws sts get-caller-identity --region us-east-1",
          "aws sts assume-role --role-arn arn:aws:iam::444455556666:role/antrea-mc-doctor --role-session-name kubectl-antrea-mc --region us-east-1",
        ].join("\n"),
      },
      {
        name: "a snapshot made by hand without one of the files",
        aws: {
          faults: [
            callFails("west", "DescribeRouteTables", {
              kind: "not-collected",
              message: "the snapshot has no aws/123456789012/us-west-2/DescribeRouteTables.json",
              request:
                "aws ec2 describe-route-tables --region us-west-2 --output json > aws/123456789012/us-west-2/DescribeRouteTables.json",
            }),
          ],
        },
        status: "fail",
        resource: "ec2:DescribeRouteTables",
        message:
          "the snapshot has no aws/123456789012/us-west-2/DescribeRouteTables.json: the verdict is incomplete",
        remediation:
          "aws ec2 describe-route-tables --region us-west-2 --output json > aws/123456789012/us-west-2/DescribeRouteTables.json",
      },
      {
        name: "a snapshot made by hand without the member's folder",
        aws: {
          faults: [
            groupFails("west", {
              kind: "not-collected",
              message: "the snapshot has no aws/123456789012/us-west-2/ folder for west",
            }),
          ],
        },
        status: "fail",
        message:
          "the snapshot has no aws/123456789012/us-west-2/ folder for west: the verdict is incomplete",
        // The folder the message names, from the context's ARN.
        remediation:
          '# write the member\'s EC2 answers under aws/123456789012/us-west-2/ (see the README, "Snapshots")',
      },
      {
        name: "the member's cluster cannot be reached: not evaluated",
        overrides: { west: { failure: { kind: "unreachable", message: "connect ECONNREFUSED" } } },
        status: "unknown",
        message: "not evaluated: west could not be inspected (see kube.access)",
      },
    ],
  },
  { members: awsPair(), aws: {} },
);
