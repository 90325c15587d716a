import { parseEksClusterArn } from "../aws/eks-arn.js";
import type { AwsFailure } from "../aws/types.js";
import { runAs } from "../fixes/aws.js";
import { shellWord } from "../fixes/shell.js";
import type { MemberModel } from "../model/types.js";
import { CHECKS_DOC_URL } from "../project.js";
import type { Finding, MemberCheck } from "./types.js";

const IAM_DOC = CHECKS_DOC_URL.replace(/checks\.md$/, "iam.md");

/** `aws iam put-…-policy` for the principal the calls were made as, when it is known. */
function grant(member: MemberModel, action: string): string {
  const arn = member.aws.known ? member.aws.value.principalArn : undefined;
  const flags = member.awsSettings?.profile
    ? ` --profile ${shellWord(member.awsSettings.profile)}`
    : "";
  const role =
    /:assumed-role\/([^/]+)\//.exec(arn ?? "")?.[1] ??
    /:role\/(?:.*\/)?([^/]+)$/.exec(arn ?? "")?.[1];
  const user = /:user\/(?:.*\/)?([^/]+)$/.exec(arn ?? "")?.[1];
  const account = member.aws.known ? member.aws.value.account : undefined;
  const as = member.awsSettings
    ? runAs(member.name, { settings: member.awsSettings, ...(account ? { account } : {}) })
    : "";
  const doc = `${as}# ${action} is in the read-only policy of ${IAM_DOC}`;
  if (role) {
    return `${doc}\naws iam put-role-policy --role-name ${role} --policy-name antrea-mc-doctor --policy-document file://antrea-mc-doctor-policy.json${flags}`;
  }
  if (user) {
    return `${doc}\naws iam put-user-policy --user-name ${user} --policy-name antrea-mc-doctor --policy-document file://antrea-mc-doctor-policy.json${flags}`;
  }
  return doc;
}

/**
 * The Region the fix can name when AWS settings have none: the one in an EKS context name
 * (arn:aws:eks:REGION:…), else the one the Gateway Nodes' zones lie in (us-west-2a → us-west-2).
 */
function knownRegion(member: MemberModel): string | undefined {
  const arn = parseEksClusterArn(member.context)?.region;
  const zones = member.gateways.known ? member.gateways.value.map((g) => g.zone) : [];
  return (
    arn ?? zones.map((z) => /^([a-z]{2}(?:-[a-z]+)+-\d+)[a-z]$/.exec(z ?? "")?.[1]).find(Boolean)
  );
}

function finding(member: MemberModel, f: AwsFailure): Finding {
  const s = member.awsSettings;
  const flags = `${s?.region ? ` --region ${s.region}` : ""}${s?.profile ? ` --profile ${shellWord(s.profile)}` : ""}`;
  const account = member.aws.known ? member.aws.value.account : undefined;
  // Through a role, the fix runs in the role's account (the caller's says nothing about it).
  const as = s?.roleArn ? runAs(member.name, { settings: s, ...(account ? { account } : {}) }) : "";
  const assume = s?.roleArn
    ? [`aws sts assume-role --role-arn ${s.roleArn} --role-session-name kubectl-antrea-mc${flags}`]
    : [];
  switch (f.kind) {
    case "region":
      return {
        status: "fail",
        message: f.message,
        // The Nodes' zones name the Region; without them only the owner knows it.
        remediation: `kubectl antrea-mc doctor --aws-region ${shellWord(member.context)}=${knownRegion(member) ?? "REGION"}`,
      };
    case "credentials":
      return {
        status: "fail",
        message: `no usable AWS credentials${s?.roleArn ? ` (assuming ${s.roleArn})` : ""}: ${f.message}`,
        remediation: [
          ...(s?.profile
            ? [
                `aws sso login --profile ${shellWord(s.profile)}  # if the profile uses IAM Identity Center`,
              ]
            : []),
          `aws sts get-caller-identity${flags}`,
          ...assume,
        ].join("\n"),
      };
    case "not-collected":
      return {
        status: "fail",
        ...(f.action ? { resource: f.action } : {}),
        message: `${f.message}: the verdict is incomplete`,
        remediation:
          f.request ??
          `# write the member's EC2 answers under aws/${account ?? parseEksClusterArn(member.context)?.accountId ?? "ACCOUNT"}/${s?.region ?? knownRegion(member) ?? "REGION"}/ (see the README, "Snapshots")`,
      };
    case "denied":
      return {
        status: "fail",
        resource: f.action ?? "",
        message: `${f.action ?? "a call"} was denied (${f.code}): ${f.message}`,
        remediation: grant(member, f.action ?? ""),
      };
    case "unreachable": {
      const region = s?.region ?? knownRegion(member);
      return {
        status: "fail",
        ...(f.action ? { resource: f.action } : {}),
        message: `no answer from AWS in ${region ?? "the member's Region"} to ${f.action ?? "a call"} (${f.code ?? "network"}): ${f.message}; check the Region is right and enabled for the account, and that ec2.${region ?? "<region>"}.amazonaws.com is reachable (HTTPS_PROXY, VPC endpoints)`,
        remediation: [
          ...(region ? [`${as}aws account get-region-opt-status --region-name ${region}`] : []),
          `${region ? "" : as}aws ec2 describe-availability-zones${flags}`,
        ].join("\n"),
      };
    }
    // The way to AWS failed, not AWS: the AWS CLI reads the same settings, so it shows the same.
    case "proxy":
      return {
        status: "fail",
        ...(f.action ? { resource: f.action } : {}),
        message: `${f.action ?? "a call"} did not reach AWS: ${f.message}`,
        remediation: [
          "# the AWS CLI goes through the same proxy: HTTPS_PROXY (HTTP_PROXY for http:// endpoints), except the hosts in NO_PROXY",
          `aws sts get-caller-identity${flags}`,
        ].join("\n"),
      };
    case "tls":
      return {
        status: "fail",
        ...(f.action ? { resource: f.action } : {}),
        message: `${f.action ?? "a call"} did not reach AWS: ${f.message}`,
        remediation: [
          "# the AWS CLI trusts the same CAs: AWS_CA_BUNDLE, else ca_bundle of the profile, else the defaults",
          "export AWS_CA_BUNDLE=/path/to/ca-bundle.pem  # the CA that signed the certificate shown",
          `aws sts get-caller-identity${flags}`,
        ].join("\n"),
      };
    default:
      return {
        status: "fail",
        ...(f.action ? { resource: f.action } : {}),
        message: `${f.action ?? "AWS"} failed${f.code ? ` (${f.code})` : ""}: ${f.message}`,
        remediation: [`aws sts get-caller-identity${flags}`, ...assume].join("\n"),
      };
  }
}

export const awsAccess: MemberCheck<"aws.access"> = {
  id: "aws.access",
  gate: "access",
  title: "AWS access",
  category: "AWS",
  severity: "error",
  scope: "member",
  docs: {
    summary:
      "there are no usable credentials or no Region for the member, an assumed role cannot be assumed, a read call is denied (the denied action is named), or AWS cannot be reached (the endpoint, the proxy of HTTPS_PROXY that refused, or the certificate not trusted is named)",
    why: "The AWS checks read the member's instances, subnets, route tables, network ACLs, security groups, VPCs and peering connections. When a read fails the verdict is incomplete: doctor exits 3 and the checks that needed the data are `unknown`.",
    fix: "Give the member's credentials (`--aws-profile`, `--aws-role-arn` for other accounts, or the default chain) the read-only policy of docs/iam.md, and a Region (`--aws-region` when the Nodes carry no Region label). Proxies and CA bundles are read as the AWS CLI reads them (`HTTPS_PROXY`, `NO_PROXY`, `AWS_CA_BUNDLE`, `ca_bundle`): what `aws sts get-caller-identity` does in the same shell, doctor does.",
  },
  run(member) {
    if (member.awsProblems.length > 0) return member.awsProblems.map((f) => finding(member, f));
    if (!member.aws.known) return [{ status: "unknown", message: member.aws.reason }];
    const a = member.aws.value;
    const as = a.principalArn ? ` as ${a.principalArn}` : "";
    return [
      {
        status: "pass",
        message: `read account ${a.account ?? "(unknown)"} in ${a.region}${as}`,
      },
    ];
  },
};
