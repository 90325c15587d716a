/**
 * A snapshot made by hand with kubectl and the AWS CLI (docs/reference.md "Snapshots"): snapshot.json names only the
 * members, and aws/<account>/<region>/<Operation>.json are what `aws ec2 … --output json` prints.
 * Built here from the bundled healthy example, whose files are exactly that.
 */
import assert from "node:assert/strict";
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { DoctorDocument } from "../../src/report/doctor.js";
import { runCli } from "../support/cli.js";

const HEALTHY = new URL("../../examples/healthy/", import.meta.url).pathname;
const WEST = { name: "west", context: "arn:aws:eks:us-west-2:123456789012:cluster/west" };
const EAST = { name: "east", context: "arn:aws:eks:us-east-1:444455556666:cluster/east" };

/** The leader as a person would name it: west, whose files sit in clusters/west/. */
const LEADER = {
  name: "west",
  context: WEST.context,
  member: "west",
  serverTime: "2026-11-28T10:00:00Z",
};

/** The healthy example with the short index a person would write. */
function byHand(members: object[], leader: object = LEADER): string {
  const dir = mkdtempSync(join(tmpdir(), "antrea-mc-byhand-"));
  cpSync(HEALTHY, dir, { recursive: true });
  writeFileSync(join(dir, "snapshot.json"), JSON.stringify({ members, leader }));
  return dir;
}

async function doctor(dir: string, ...args: string[]) {
  const res = await runCli(["doctor", "--snapshot", dir, "-o", "json", ...args]);
  const doc = res.stdout ? (JSON.parse(res.stdout) as DoctorDocument) : undefined;
  return { code: res.code, stderr: res.stderr, checks: doc?.checks ?? [], doc };
}

const summary = (checks: DoctorDocument["checks"]) =>
  checks.map((x) => `${x.id} ${x.member ?? ""}>${x.peer ?? ""} ${x.status}`).sort();

describe("AWS files of a snapshot made by hand", () => {
  it("give the collected snapshot's verdict: each member's folder from its EKS context ARN", async () => {
    const collected = await doctor(HEALTHY);
    const hand = await doctor(byHand([WEST, EAST]));
    assert.equal(hand.code, 0, hand.stderr);
    assert.deepEqual(summary(hand.checks), summary(collected.checks));
    assert.ok(hand.checks.filter((r) => r.id.startsWith("aws.")).length > 10);
    assert.equal(hand.doc?.members[1]?.account, "444455556666");
    // No createdAt in a hand-written index: the header says nothing of when.
    const table = await runCli(["doctor", "--snapshot", byHand([WEST, EAST]), "--no-color"]);
    assert.match(table.stdout, /^ {2}snapshot \S+$/m);
    assert.doesNotMatch(table.stdout, /undefined/);
  });

  it("a missing file is an aws.access failure with the AWS CLI command that writes it (exit 3)", async () => {
    const dir = byHand([WEST, EAST]);
    rmSync(join(dir, "aws/444455556666/us-east-1/DescribeNetworkAcls.json"));
    const { code, checks } = await doctor(dir);
    assert.equal(code, 3);
    const access = checks.find((r) => r.id === "aws.access" && r.member === "east");
    assert.equal(access?.status, "fail");
    assert.equal(access?.resource, "ec2:DescribeNetworkAcls");
    assert.equal(
      access?.remediation,
      "aws ec2 describe-network-acls --region us-east-1 --output json > aws/444455556666/us-east-1/DescribeNetworkAcls.json",
    );
    assert.ok(checks.some((r) => r.id === "aws.nacl" && r.status === "unknown"));
  });

  it("a security group missing from a (filtered) answer makes the rule checks unknown, not pass", async () => {
    const dir = byHand([WEST, EAST]);
    writeFileSync(
      join(dir, "aws/444455556666/us-east-1/DescribeSecurityGroups.json"),
      JSON.stringify({ SecurityGroups: [] }),
    );
    const { checks } = await doctor(dir);
    for (const id of ["aws.sg-ingress", "aws.sg-egress"]) {
      const [r, ...more] = checks.filter((c) => c.id === id && c.member === "east");
      assert.equal(more.length, 0);
      assert.equal(r?.status, "unknown", id);
      assert.match(
        r?.message ?? "",
        /^security groups sg-\w+ were not in the DescribeSecurityGroups answer/,
      );
    }
  });

  it("a route to a prefix list needs the list's entries: without them aws.route is unknown", async () => {
    const dir = byHand([WEST, EAST]);
    const folder = join(dir, "aws/123456789012/us-west-2");
    const file = join(folder, "DescribeRouteTables.json");
    const tables = JSON.parse(readFileSync(file, "utf8")) as {
      RouteTables: { Routes: Record<string, string>[] }[];
    };
    for (const t of tables.RouteTables) {
      for (const r of t.Routes) {
        if (r.DestinationCidrBlock !== "10.20.0.0/16") continue;
        delete r.DestinationCidrBlock;
        r.DestinationPrefixListId = "pl-0e5f1a2b3c4d5e6f7";
      }
    }
    writeFileSync(file, JSON.stringify(tables));
    const without = await doctor(dir);
    assert.equal(without.code, 3);
    const access = without.checks.find((c) => c.id === "aws.access" && c.member === "west");
    assert.equal(
      access?.remediation,
      "aws ec2 get-managed-prefix-list-entries --prefix-list-id pl-0e5f1a2b3c4d5e6f7 --region us-west-2 --output json > aws/123456789012/us-west-2/GetManagedPrefixListEntries.pl-0e5f1a2b3c4d5e6f7.json",
    );
    const route = without.checks.find((c) => c.id === "aws.route" && c.member === "west");
    assert.equal(route?.status, "unknown", "not a failure: the list may hold the route");
    writeFileSync(
      join(folder, "GetManagedPrefixListEntries.pl-0e5f1a2b3c4d5e6f7.json"),
      JSON.stringify({ Entries: [{ Cidr: "10.20.0.0/16", Description: "east" }] }),
    );
    const withList = await doctor(dir);
    assert.equal(
      withList.code,
      0,
      JSON.stringify(withList.checks.filter((c) => c.status !== "pass")),
    );
  });

  it("Gateway IP routes right but the peer's Pod CIDRs unknown: aws.route passes and says the optional routes are not checked", async () => {
    const dir = byHand([WEST, EAST]);
    const east = join(dir, "clusters/east");
    const maps = JSON.parse(readFileSync(join(east, "configmaps.json"), "utf8"));
    for (const cm of maps.items) {
      const yaml = cm.data["controller_manager_config.yaml"];
      if (yaml)
        cm.data["controller_manager_config.yaml"] = yaml.replace(
          "podCIDRs:\n  - 10.20.0.0/16\n",
          "",
        );
    }
    writeFileSync(join(east, "configmaps.json"), JSON.stringify(maps));
    // Without the Amazon VPC CNI the VPC's blocks say nothing about Pods either.
    const ds = JSON.parse(readFileSync(join(east, "daemonsets.json"), "utf8"));
    ds.items = ds.items.filter(
      (d: { metadata: { name: string } }) => d.metadata.name !== "aws-node",
    );
    writeFileSync(join(east, "daemonsets.json"), JSON.stringify(ds));
    const { checks } = await doctor(dir);
    const route = checks.find((c) => c.id === "aws.route" && c.member === "west");
    assert.equal(route?.status, "pass");
    assert.match(
      route?.message ?? "",
      /route east's Gateway IPs to the peering \(east's Pod CIDRs are not known, so the optional Pod CIDR routes are not checked/,
    );
  });

  it("a member without a folder is not inspected (exit 3)", async () => {
    const dir = byHand([WEST, EAST]);
    rmSync(join(dir, "aws/444455556666"), { recursive: true });
    const { code, checks } = await doctor(dir);
    assert.equal(code, 3);
    const access = checks.find((r) => r.id === "aws.access" && r.member === "east");
    assert.match(
      access?.message ?? "",
      /the snapshot has no aws\/444455556666\/us-east-1\/ folder for east/,
    );
  });

  it("contexts that say nothing: the Nodes give the Region; two fitting folders are a usage error", async () => {
    const plain = [
      { name: "west", context: "west" },
      { name: "east", context: "east" },
    ];
    const dir = byHand(plain);
    assert.equal((await doctor(dir)).code, 0, "one account folder per Region: it fits");
    cpSync(join(dir, "aws/123456789012"), join(dir, "aws/999999999999"), { recursive: true });
    // The copy is the other account's own: its owner IDs (group references say which account a
    // group is in) are that account's.
    const copy = join(dir, "aws/999999999999/us-west-2");
    for (const f of readdirSync(copy)) {
      const path = join(copy, f);
      writeFileSync(path, readFileSync(path, "utf8").replaceAll("123456789012", "999999999999"));
    }
    const two = await doctor(dir);
    assert.equal(two.code, 2);
    assert.match(
      two.stderr,
      /member west could be in aws\/123456789012\/us-west-2 or aws\/999999999999\/us-west-2: set its "account" and "region" in snapshot\.json/,
    );
    // Saying the account settles it; a "~2" folder (second credentials) keeps its Region.
    renameSync(join(dir, "aws/999999999999/us-west-2"), join(dir, "aws/999999999999/us-west-2~2"));
    writeFileSync(
      join(dir, "snapshot.json"),
      JSON.stringify({ members: [{ ...plain[0], account: "999999999999" }, plain[1]] }),
    );
    const settled = await doctor(dir);
    assert.equal(settled.code, 0, settled.stderr);
    assert.equal(settled.doc?.members[0]?.account, "999999999999");
  });
});
