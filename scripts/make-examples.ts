/**
 * Regenerates examples/healthy and examples/broken: full two-member EKS worlds. The AWS side is
 * built in moto (seeded, so IDs repeat), the Kubernetes side served by the API test server, and
 * both are snapshotted by the real `collect` command. SOURCE_DATE_EPOCH pins the snapshot time.
 *   npm run examples            rewrite examples/
 *   makeExamples(dir)           write them elsewhere (the test compares the two)
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import {
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  DeleteRouteCommand,
} from "@aws-sdk/client-ec2";
import { healthyMembers } from "../test/support/aws-harness.js";
import { buildWorld, destroyWorld, type World } from "../test/support/aws-world.js";
import { cleanEnv, runCli } from "../test/support/cli.js";
import { startClusterSet } from "../test/support/harness.js";
import { type Moto, startMoto } from "../test/support/moto.js";
import { brokenKube, brokenSpecs } from "../test/support/scenarios.js";
import { buildDist } from "./build.js";

export const EXAMPLES_EPOCH = "1795608000"; // 2026-11-25T12:00:00Z

/** The broken world's AWS faults, on top of its Kubernetes ones (test/support/scenarios.ts). */
async function breakAws(world: World): Promise<void> {
  const [west, east] = world.members;
  if (!west || !east) return;
  // west's route to east sits in the VPC's main table, but the Gateway subnets have their own.
  await west.ec2.send(
    new DeleteRouteCommand({ RouteTableId: west.routeTableId, DestinationCidrBlock: east.vpcCidr }),
  );
  await west.ec2.send(
    new CreateRouteCommand({
      RouteTableId: west.mainRouteTableId,
      DestinationCidrBlock: east.vpcCidr,
      VpcPeeringConnectionId: world.peeringId,
    }),
  );
  // east's network ACL denies UDP from west's VPC ahead of the default allow.
  await east.ec2.send(
    new CreateNetworkAclEntryCommand({
      NetworkAclId: east.defaultNaclId,
      RuleNumber: 90,
      Protocol: "17",
      RuleAction: "deny",
      Egress: false,
      CidrBlock: west.vpcCidr,
      PortRange: { From: 1024, To: 65535 },
    }),
  );
}

async function snapshot(moto: Moto, world: World, out: string): Promise<void> {
  const cs = await startClusterSet(world.kube, { leaderServer: "as-written" });
  try {
    await rm(out, { recursive: true, force: true });
    const res = await runCli(
      // west is also the leader: its context reads it (the members name an EKS endpoint).
      [
        "collect",
        "--kubeconfig",
        cs.kubeconfig,
        "--out",
        out,
        "--leader-context",
        cs.contexts[0] ?? "",
        ...world.awsArgs,
      ],
      {
        env: cleanEnv({ ...moto.env, SOURCE_DATE_EPOCH: EXAMPLES_EPOCH }),
      },
    );
    if (res.code !== 0) throw new Error(`collect ${out} failed (${res.code}): ${res.stderr}`);
  } finally {
    await cs.close();
  }
}

export async function makeExamples(root: string): Promise<void> {
  const moto = await startMoto({
    frozenTime: new Date(Number(EXAMPLES_EPOCH) * 1000 - 86_400_000),
  });
  try {
    const healthy = await buildWorld(moto, healthyMembers());
    await snapshot(moto, healthy, join(root, "healthy"));
    destroyWorld(healthy);
    await moto.reset();
    const specs = brokenSpecs();
    const broken = await buildWorld(
      moto,
      specs.map((spec, i) => ({
        spec,
        aws:
          i === 0
            ? { vpcCidr: "10.10.0.0/16" }
            : { vpcCidr: "10.20.0.0/16", account: "444455556666" },
      })),
      { kube: brokenKube },
    );
    await breakAws(broken);
    await snapshot(moto, broken, join(root, "broken"));
    destroyWorld(broken);
  } finally {
    await moto.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildDist();
  await makeExamples(new URL("../examples/", import.meta.url).pathname);
}
