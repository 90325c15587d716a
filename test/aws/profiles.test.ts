/**
 * AWS profiles as the AWS CLI reads them: the Region order (flag, Nodes, EKS context ARN,
 * AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`), role_arn + source_profile and
 * credential_process through the SDK's own chain, and one line naming `aws sso login` when an IAM
 * Identity Center login is missing or expired — the last three against moto.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { type AwsChoices, awsSettings, liveAwsTargets } from "../../src/app/aws-targets.js";
import { loadAwsProfiles, profileRegion, ssoProfileOf } from "../../src/config/aws-profiles.js";
import { EMPTY_KEYED, type Keyed } from "../../src/config/settings.js";
import type { ClusterSetModel, MemberModel } from "../../src/model/types.js";
import type { DoctorDocument } from "../../src/report/doctor.js";
import { healthyMembers, problems, result, runOnWorld } from "../support/aws-harness.js";
import type { World } from "../support/aws-world.js";
import { motoWorlds } from "../support/moto-worlds.js";

const dir = () => mkdtempSync(join(tmpdir(), "antrea-mc-profiles-"));

/** A shared config file (and an empty credentials file) in a new directory. */
function awsFiles(config: string, credentials = ""): Record<string, string> {
  const d = dir();
  writeFileSync(join(d, "config"), config);
  writeFileSync(join(d, "credentials"), credentials);
  return {
    AWS_CONFIG_FILE: join(d, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(d, "credentials"),
  };
}

const keyed = (all?: string): Keyed => (all ? { ...EMPTY_KEYED, all } : EMPTY_KEYED);
const choices = (o: { profile?: string; region?: string } = {}): AwsChoices => ({
  profile: keyed(o.profile),
  roleArn: EMPTY_KEYED,
  region: keyed(o.region),
});

/** Only what the Region order reads of a member. */
function member(o: { context?: string; nodes?: string } = {}): MemberModel {
  return {
    name: "west",
    context: o.context ?? "west",
    reachable: true,
    gateways: { known: true, value: [] },
    nodes: { known: true, value: [] },
    ...(o.nodes
      ? {
          region: {
            value: o.nodes,
            source: "Node ip-10-10-12-34 label topology.kubernetes.io/region",
          },
        }
      : {}),
  } as unknown as MemberModel;
}

const CONFIG = [
  "[default]",
  "region = eu-west-1",
  "[profile ops]",
  "# only a Region, as `aws configure set region` writes it",
  "region = us-east-2",
  "[profile bare]",
  "output = json",
  "",
].join("\n");

describe("the Region order", () => {
  const ARN = "arn:aws:eks:ap-south-1:123456789012:cluster/west";
  const cases: {
    name: string;
    member?: Parameters<typeof member>[0];
    choices?: Parameters<typeof choices>[0];
    env?: Record<string, string>;
    region?: string;
    source?: RegExp | string;
  }[] = [
    {
      name: "--aws-region first",
      member: { nodes: "us-west-2", context: ARN },
      choices: { region: "sa-east-1", profile: "ops" },
      env: { AWS_REGION: "ca-central-1" },
      region: "sa-east-1",
      source: "--aws-region",
    },
    {
      name: "then the Nodes",
      member: { nodes: "us-west-2", context: ARN },
      choices: { profile: "ops" },
      env: { AWS_REGION: "ca-central-1" },
      region: "us-west-2",
      source: /^Node /,
    },
    {
      name: "then the EKS context ARN",
      member: { context: ARN },
      choices: { profile: "ops" },
      env: { AWS_REGION: "ca-central-1" },
      region: "ap-south-1",
      source: "the EKS context ARN",
    },
    {
      name: "then AWS_REGION",
      choices: { profile: "ops" },
      env: { AWS_REGION: "ca-central-1", AWS_DEFAULT_REGION: "eu-north-1" },
      region: "ca-central-1",
      source: "AWS_REGION",
    },
    {
      name: "then AWS_DEFAULT_REGION",
      choices: { profile: "ops" },
      env: { AWS_DEFAULT_REGION: "eu-north-1" },
      region: "eu-north-1",
      source: "AWS_DEFAULT_REGION",
    },
    {
      name: "then the region of the member's profile (--aws-profile)",
      choices: { profile: "ops" },
      env: { AWS_PROFILE: "bare" },
      region: "us-east-2",
      source: /^profile ops in \/.*\/config$/,
    },
    {
      name: "of AWS_PROFILE's profile",
      env: { AWS_PROFILE: "ops" },
      region: "us-east-2",
      source: /^profile ops in /,
    },
    {
      name: "of the default profile without a profile",
      region: "eu-west-1",
      source: /^profile default in /,
    },
    { name: "not the default's for a profile without one", choices: { profile: "bare" } },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const env = { ...awsFiles(CONFIG), ...c.env };
      const profiles = await loadAwsProfiles(env);
      const s = awsSettings(member(c.member), choices(c.choices), env, (p) =>
        profileRegion(profiles, p),
      );
      assert.equal(s.region, c.region);
      if (typeof c.source === "string") assert.equal(s.regionSource, c.source);
      else if (c.source) assert.match(s.regionSource ?? "", c.source);
      else assert.equal(s.regionSource, undefined);
    });
  }

  it("says ~/.aws/config for the file in the home directory; none without the file", async () => {
    const home = dir();
    mkdirSync(join(home, ".aws"));
    const model = {
      members: [member()],
      leader: { known: false, reason: "not read" },
    } as unknown as ClusterSetModel;
    const [none] = await liveAwsTargets(model, choices(), { HOME: home });
    assert.equal(none?.settings.region, undefined);
    writeFileSync(join(home, ".aws", "config"), "[profile ops]\nregion = us-east-2\n");
    const [t] = await liveAwsTargets(model, choices({ profile: "ops" }), { HOME: home });
    assert.deepEqual(t?.settings, {
      profile: "ops",
      region: "us-east-2",
      regionSource: "profile ops in ~/.aws/config",
    });
  });

  it("finds the profile that logs in with IAM Identity Center, up the source_profile chain", async () => {
    const profiles = await loadAwsProfiles(
      awsFiles(
        [
          "[profile new]",
          "sso_session = corp",
          "[sso-session corp]",
          "sso_start_url = https://corp.awsapps.com/start",
          "[profile legacy]",
          "sso_start_url = https://corp.awsapps.com/start",
          "[profile role]",
          "role_arn = arn:aws:iam::444455556666:role/r",
          "source_profile = legacy",
          "[profile keys]",
          "[profile loop]",
          "role_arn = arn:aws:iam::444455556666:role/r",
          "source_profile = loop",
          "",
        ].join("\n"),
      ),
    );
    assert.deepEqual(
      ["new", "legacy", "role", "keys", "loop", "missing", "corp"].map((p) =>
        ssoProfileOf(profiles, p),
      ),
      ["new", "legacy", "legacy", undefined, undefined, undefined, undefined],
    );
  });
});

/** The world with west's Nodes and context saying nothing of its Region (self-managed). */
function regionless(world: World): World {
  const kube = structuredClone(world.kube);
  const west = kube[0];
  assert.ok(west);
  west.context = "west";
  for (const o of west.objects) {
    if (o.kind !== "Node") continue;
    const n = o as { metadata: { labels?: Record<string, string> }; spec: { providerID: string } };
    for (const l of Object.keys(n.metadata.labels ?? {}))
      if (/region|zone/.test(l)) delete n.metadata.labels?.[l];
    n.spec.providerID = n.spec.providerID.replace(/^aws:\/\/\/[^/]+\//, "aws:////");
  }
  return { ...world, kube };
}

/** Profiles that chain to a role as the AWS CLI does, and one that runs a credential_process. */
function chainFiles(marker: string): Record<string, string> {
  const script = join(dir(), "creds.sh");
  writeFileSync(
    script,
    `touch '${marker}'\nprintf '{"Version":1,"AccessKeyId":"AKIAPROCESS000000001","SecretAccessKey":"process-secret"}'\n`,
  );
  return awsFiles(
    [
      "[profile proc]",
      `credential_process = sh ${script}`,
      "[profile east-reader]",
      // east's account through a role, as the AWS CLI chains it: no --aws-role-arn.
      "role_arn = arn:aws:iam::444455556666:role/antrea-mc-doctor",
      "source_profile = base",
      "",
    ].join("\n"),
    "[base]\naws_access_key_id = AKIABASE000000000001\naws_secret_access_key = base-secret\n",
  );
}

const SSO_URL = "https://corp.awsapps.com/start";

/** A new-style SSO profile never logged in, and a role on a legacy one whose token expired. */
function ssoFiles(): Record<string, string> {
  const home = dir();
  const cache = join(home, ".aws", "sso", "cache");
  mkdirSync(cache, { recursive: true });
  // The legacy profile's token cache file is named by its start URL's SHA-1.
  writeFileSync(
    join(cache, `${createHash("sha1").update(SSO_URL).digest("hex")}.json`),
    JSON.stringify({ accessToken: "x", expiresAt: "2020-01-01T00:00:00Z", region: "us-east-1" }),
  );
  const sso = (name: string) => [
    `[profile ${name}]`,
    "sso_account_id = 123456789012",
    "sso_role_name = Reader",
    "sso_region = us-east-1",
  ];
  const files = awsFiles(
    [
      ...sso("dev"),
      "sso_session = corp",
      "[sso-session corp]",
      `sso_start_url = ${SSO_URL}`,
      "sso_region = us-east-1",
      ...sso("legacy"),
      `sso_start_url = ${SSO_URL}`,
      "[profile east-reader]",
      "role_arn = arn:aws:iam::444455556666:role/antrea-mc-doctor",
      "source_profile = legacy",
      "",
    ].join("\n"),
  );
  return { ...files, HOME: home };
}

describe("AWS profiles against moto", () => {
  const { moto, build } = motoWorlds();

  it("as the AWS CLI reads them (one world, three runs at once)", async (t) => {
    const { world } = await build(healthyMembers());
    const noRoles = { ...world, awsArgs: [] };
    const marker = join(dir(), "ran");
    const regionFiles = awsFiles("[default]\nregion = us-west-2\n");
    const profiles = (west: string, east: string) => [
      ...["doctor", "-o", "json", "--aws-profile", `west=${west}`],
      ...["--aws-profile", `east=${east}`],
    ];
    const [region, chains, sso] = await Promise.all([
      runOnWorld(moto(), regionless(world), ["doctor", "-o", "json"], regionFiles),
      runOnWorld(moto(), noRoles, profiles("proc", "east-reader"), chainFiles(marker)),
      runOnWorld(moto(), noRoles, profiles("dev", "east-reader"), ssoFiles()),
    ]);
    const json = (run: typeof region) => {
      assert.ok(run.stdout.startsWith("{"), run.stderr);
      return JSON.parse(run.stdout) as DoctorDocument;
    };

    await t.test(
      "a profile with only a region sets the Region of a member whose Nodes do not",
      () => {
        const doc = json(region);
        const [west, east] = doc.members;
        assert.equal(west?.region, "us-west-2");
        assert.equal(west?.sources.region, `profile default in ${regionFiles.AWS_CONFIG_FILE}`);
        // east's Nodes come first in the order.
        assert.equal(east?.region, "us-east-1");
        assert.match(
          east?.sources.region ?? "",
          /^Node .* label topology\.kubernetes\.io\/region$/,
        );
        // west's context is no EKS ARN: its Gateway instances' tag (Karpenter's) names its cluster.
        assert.match(
          result(doc, "aws.eks-cluster", "west")[0]?.message ?? "",
          /\(tag eks:eks-cluster-name of instance i-\w+\)/,
        );
        assert.deepEqual(problems(doc), []);
        assert.equal(region.code, 0);
      },
    );

    await t.test(
      "role_arn + source_profile and credential_process, through the SDK's chain",
      () => {
        const doc = json(chains);
        assert.ok(existsSync(marker), "the credential_process ran");
        assert.equal(doc.members[0]?.aws.profile, "proc");
        assert.equal(doc.members[1]?.account, "444455556666");
        assert.match(
          result(doc, "aws.access", "east")[0]?.message ?? "",
          /^read account 444455556666 in us-east-1 as arn:aws:sts::444455556666:assumed-role\/antrea-mc-doctor\//,
        );
        assert.deepEqual(problems(doc), []);
        assert.equal(chains.code, 0);
      },
    );

    await t.test("a missing or expired SSO login: one line with the aws sso login to run", () => {
      const doc = json(sso);
      const message = (m: string) => result(doc, "aws.access", m).map((f) => f.message);
      assert.deepEqual(message("west"), [
        "no usable AWS credentials: the IAM Identity Center (SSO) login of profile dev is missing or has expired; run: aws sso login --profile dev",
      ]);
      assert.deepEqual(message("east"), [
        "no usable AWS credentials: the IAM Identity Center (SSO) login of profile legacy (source_profile of east-reader) is missing or has expired; run: aws sso login --profile legacy",
      ]);
      assert.equal(sso.code, 3);
    });
  });
});
