import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readClusterSetFile } from "../../src/config/file.js";
import {
  isRegion,
  isRoleArn,
  overlay,
  parseKeyed,
  unknownKeys,
  valueFor,
} from "../../src/config/settings.js";
import { UsageError } from "../../src/errors.js";

const EAST = "arn:aws:eks:us-east-1:444455556666:cluster/east";

describe("per-member flags (--aws-profile, --aws-role-arn, --aws-region)", () => {
  it("reads CONTEXT=VALUE and bare values; contexts may contain '='", () => {
    const k = parseKeyed(["west=admin", `${EAST}=ops`, "a=b=c", "shared"], "aws-profile");
    assert.deepEqual(k, { all: "shared", byMember: { west: "admin", [EAST]: "ops", "a=b": "c" } });
    assert.equal(valueFor(k, EAST, "east"), "ops");
    assert.equal(valueFor(k, "ctx-west", "west"), "admin", "by member name");
    assert.equal(valueFor(k, "other", "other"), "shared");
  });

  it("rejects empty values, empty contexts, invalid values and two different bare values", () => {
    assert.throws(() => parseKeyed(["west="], "aws-profile"), /--aws-profile west=: no value/);
    assert.throws(() => parseKeyed(["=x"], "aws-profile"), /empty CONTEXT/);
    assert.throws(
      () => parseKeyed(["west=eu-west"], "aws-region", isRegion),
      /"eu-west" is not valid/,
    );
    assert.throws(
      () => parseKeyed(["a", "b"], "aws-profile"),
      /given twice without CONTEXT= \(a, b\)/,
    );
    assert.deepEqual(parseKeyed(["a", "a"], "aws-profile"), { all: "a", byMember: {} });
  });

  it("validates Regions and role ARNs as AWS spells them", () => {
    assert.ok(isRegion("us-gov-west-1") && isRegion("ap-southeast-2") && !isRegion("us-east"));
    assert.ok(isRoleArn("arn:aws:iam::444455556666:role/path/antrea-mc-doctor"));
    assert.ok(isRoleArn("arn:aws-cn:iam::444455556666:role/r"));
    assert.ok(!isRoleArn("arn:aws:iam::444455556666:user/alice"));
  });

  it("flags override the file: per member, and a bare flag value over every member's file value", () => {
    const file = { all: "file-all", byMember: { west: "file-west", east: "file-east" } };
    const perMember = overlay(file, parseKeyed(["east=flag-east"], "aws-profile"));
    assert.equal(valueFor(perMember, "w", "west"), "file-west");
    assert.equal(valueFor(perMember, "e", "east"), "flag-east");
    assert.equal(valueFor(perMember, "x", "x"), "file-all");
    const bare = overlay(file, parseKeyed(["flag-all", "east=flag-east"], "aws-profile"));
    assert.equal(valueFor(bare, "w", "west"), "flag-all");
    assert.equal(valueFor(bare, "e", "east"), "flag-east");
  });

  it("names keys that match no member (typos)", () => {
    const k = parseKeyed(["west=a", "eats=b", `${EAST}=c`], "aws-profile");
    assert.deepEqual(
      unknownKeys(k, [
        { context: "w", name: "west" },
        { context: EAST, name: "east" },
      ]),
      ["eats"],
    );
  });
});

describe("the ClusterSet file (--config)", () => {
  const write = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), "antrea-mc-config-")), "clusterset.yaml");
    writeFileSync(path, text);
    return path;
  };

  it("reads members, their AWS settings, the kubeconfig and the member namespace", () => {
    const path = write(`kubeconfig: /tmp/kc
memberNamespace: antrea-multicluster
transitGateway: tgw-0aaa
members:
  - context: west
    aws: { profile: west-admin, region: us-west-2 }
  - context: ${EAST}
    aws:
      roleArn: arn:aws:iam::444455556666:role/antrea-mc-doctor
      transitGateway: tgw-0bbb
  - context: lab
    eksCluster: lab-cluster
`);
    assert.deepEqual(readClusterSetFile(path), {
      path,
      kubeconfig: "/tmp/kc",
      memberNamespace: "antrea-multicluster",
      contexts: ["west", EAST, "lab"],
      awsProfile: { byMember: { west: "west-admin" } },
      awsRoleArn: { byMember: { [EAST]: "arn:aws:iam::444455556666:role/antrea-mc-doctor" } },
      awsRegion: { byMember: { west: "us-west-2" } },
      eksCluster: { byMember: { lab: "lab-cluster" } },
      transitGateway: { all: "tgw-0aaa", byMember: { [EAST]: "tgw-0bbb" } },
    });
  });

  it("reads the leader: its context, and its AWS settings and EKS name keyed by that context", () => {
    const path = write(`members:
  - context: west
leader:
  context: hub
  eksCluster: hub-cluster
  aws: { profile: hub-admin, region: eu-west-1 }
`);
    assert.deepEqual(readClusterSetFile(path), {
      path,
      leaderContext: "hub",
      contexts: ["west"],
      awsProfile: { byMember: { hub: "hub-admin" } },
      awsRoleArn: { byMember: {} },
      awsRegion: { byMember: { hub: "eu-west-1" } },
      eksCluster: { byMember: { hub: "hub-cluster" } },
      transitGateway: { byMember: {} },
    });
  });

  for (const [name, text, message] of [
    ["no members", "kubeconfig: x\n", /"members" must list at least one member/],
    [
      "a leader without context",
      "members:\n  - context: a\nleader:\n  aws: {region: us-east-1}\n",
      /:4: "leader" has no "context"/,
    ],
    [
      "a member without context",
      "members:\n  - aws: {region: us-east-1}\n",
      /members\[0\] has no "context"/,
    ],
    [
      "a bad Region",
      "members:\n  - context: a\n    aws: {region: east}\n",
      /:3: members\[0\]\.aws\.region "east" is not an AWS Region/,
    ],
    [
      "a user ARN as role",
      "members:\n  - context: a\n    aws: {roleArn: 'arn:aws:iam::1:user/x'}\n",
      /is not an IAM role ARN/,
    ],
    [
      "a number as profile",
      "members:\n  - context: a\n    aws: {profile: 7}\n",
      /members\[0\]\.aws\.profile must be a non-empty string/,
    ],
    ["not YAML", "members: [a\n", /:1: not valid YAML: /],
    ["a duplicate key", "members: []\nmembers: []\n", /not valid YAML: Map keys must be unique/],
    [
      "an unknown top-level key",
      "members:\n  - context: a\nmembres: []\n",
      /:3: unknown key "membres" \(known: kubeconfig, memberNamespace, transitGateway, members, leader\)/,
    ],
    [
      "an unknown member key",
      "members:\n  - context: a\n    contxt: b\n",
      /:3: unknown key "contxt" in members\[0\] \(known: context, eksCluster, aws\)/,
    ],
    [
      "an unknown aws key",
      "members:\n  - context: a\n    aws:\n      role: x\n",
      /:4: unknown key "role" in members\[0\]\.aws/,
    ],
    [
      "a number as context",
      "members:\n  - context: 7\n",
      /:2: members\[0\]\.context must be a non-empty string/,
    ],
    [
      "a list as aws",
      "members:\n  - context: a\n    aws: [x]\n",
      /:3: members\[0\]\.aws must be a mapping/,
    ],
    ["a string as members", "members: west\n", /:1: members must be a list/],
    ["a list as the document", "- members\n", /:1: the document must be a mapping/],
  ] as const) {
    it(`rejects ${name}, naming the file`, () => {
      const path = write(text);
      assert.throws(
        () => readClusterSetFile(path),
        (err: unknown) =>
          err instanceof UsageError && message.test(err.message) && err.message.includes(path),
      );
    });
  }

  it("says which file it could not read", () => {
    assert.throws(
      () => readClusterSetFile("/nonexistent/cs.yaml"),
      /--config \/nonexistent\/cs\.yaml: ENOENT/,
    );
  });
});

describe("--via", () => {
  it("bare gateways for every member (each takes its Region's), CONTEXT=TGW for one", async () => {
    const { parseVia } = await import("../../src/cli/setup.js");
    assert.deepEqual(parseVia(["tgw-0a,tgw-0b", "east=tgw-0c", "tgw-0a"]), {
      all: "tgw-0a,tgw-0b",
      byMember: { east: "tgw-0c" },
    });
    assert.deepEqual(parseVia([]), { byMember: {} });
    assert.throws(
      () => parseVia(["tgw-0a,vpc-0b"]),
      /--via vpc-0b: "vpc-0b" is not a transit gateway ID/,
    );
    assert.throws(() => parseVia(["east=pcx-0a"]), /--via east=pcx-0a: "pcx-0a" is not valid/);
  });
});
