import { isIPv4 } from "../model/cidr.js";
import { kubectl, restartController, unknownFinding } from "./helpers.js";
import type { Finding, MemberCheck } from "./types.js";

const GATEWAYS = "gateways.multicluster.crd.antrea.io";

export const mcGateway: MemberCheck<"mc.gateway"> = {
  id: "mc.gateway",
  title: "Active Gateway",
  category: "Multi-cluster",
  severity: "error",
  scope: "member",
  docs: {
    summary:
      "there is no Gateway CR (`gateways.multicluster.crd.antrea.io`, not the Gateway API's `gateways`), there is more than one, its Node is gone or NotReady, or its `gatewayIP` / `internalIP` is not what the Node's addresses, `gatewayIPPrecedence` and the `multicluster.antrea.io/gateway-ip` annotation say it must be",
    why: "The Gateway CR, named after the active Gateway Node, is what antrea-agents and (through the leader) the peers use: peers tunnel to its `gatewayIP`, local Nodes to its `internalIP`. A missing or stale Gateway breaks all cross-cluster traffic of the member.",
    fix: "Make sure a Ready candidate exists and the ClusterSet is Ready (the controller elects a Gateway only then); a stale Gateway is rewritten when the member controller restarts.",
  },
  run(member) {
    if (!member.gatewayCRs.known)
      return [unknownFinding(`Gateways could not be read: ${member.gatewayCRs.reason}`)];
    const crs = member.gatewayCRs.value;
    const ns = member.namespace.value;
    const logs = kubectl(member, `-n ${ns} logs deployment/antrea-mc-controller`);
    if (crs.length === 0) {
      const cs = member.clusterSets.known ? member.clusterSets.value[0] : undefined;
      const why =
        cs && cs.ready !== "True"
          ? `the ClusterSet ${cs.name} is not Ready, and the controller elects a Gateway only once it is connected to the leader`
          : "the member controller has elected none (no Ready candidate with a valid IP? see mc.gateway-candidates)";
      return [
        {
          status: "fail",
          resource: `namespace ${ns}`,
          message: `no Gateway in namespace ${ns}: ${why}`,
          remediation: [kubectl(member, `-n ${ns} get ${GATEWAYS}`), logs].join("\n"),
        },
      ];
    }
    if (crs.length > 1) {
      return [
        {
          status: "fail",
          resource: `namespace ${ns}`,
          message: `${crs.length} Gateways (${crs.map((g) => g.name).join(", ")}): there must be exactly one`,
          remediation: [
            kubectl(member, `-n ${ns} get ${GATEWAYS}`),
            restartController(member, ns),
          ].join("\n"),
        },
      ];
    }
    const cr = crs[0];
    if (!cr) return [];
    const resource = `Gateway ${ns}/${cr.name}`;
    const node = member.gateways.known
      ? member.gateways.value.find((g) => g.node === cr.name)
      : undefined;
    if (!member.gateways.known)
      return [unknownFinding(`Nodes could not be read: ${member.gateways.reason}`)];
    const findings: Finding[] = [];
    if (!node?.exists) {
      findings.push({
        status: "fail",
        resource,
        message: `${resource} names Node ${cr.name}, which does not exist`,
        remediation: restartController(member, ns),
      });
      return findings;
    }
    if (!node.ready) {
      findings.push({
        status: "fail",
        resource: `Node ${cr.name}`,
        message: `the active Gateway Node ${cr.name} is not Ready (${node.readyMessage}): cross-cluster traffic stops until the controller fails over`,
        remediation: kubectl(member, `describe node ${cr.name}`),
      });
    }
    if (!node.candidate) {
      findings.push({
        status: "fail",
        resource: `Node ${cr.name}`,
        message: `the active Gateway Node ${cr.name} no longer carries the multicluster.antrea.io/gateway annotation`,
        remediation: kubectl(
          member,
          `annotate node ${cr.name} multicluster.antrea.io/gateway=true`,
        ),
      });
    }
    if (!node.expected.ok) {
      findings.push({
        status: "fail",
        resource,
        message: `the controller would not accept Node ${cr.name} as Gateway: ${node.expected.problem}`,
        remediation: logs,
      });
    } else {
      const wrong: string[] = [];
      if (cr.gatewayIP !== node.expected.gatewayIP)
        wrong.push(`gatewayIP is ${cr.gatewayIP || "empty"}, expected ${node.expected.gatewayIP}`);
      if (cr.internalIP !== node.expected.internalIP)
        wrong.push(
          `internalIP is ${cr.internalIP || "empty"}, expected ${node.expected.internalIP}`,
        );
      if (wrong.length > 0) {
        findings.push({
          status: "fail",
          resource,
          message: `${resource} is stale: ${wrong.join("; ")} (from the Node's addresses, gatewayIPPrecedence and the gateway-ip annotation)`,
          remediation: restartController(member, ns),
        });
      } else if (!isIPv4(cr.gatewayIP)) {
        // The Node's own IPv4 address, when it has one; else the addresses to pick from.
        const v4 = [node.internalIP, node.externalIP].find((ip) => ip && isIPv4(ip));
        findings.push({
          status: "fail",
          resource,
          message: `gatewayIP ${cr.gatewayIP} is not IPv4: Antrea Multi-cluster supports only IPv4 Gateway IPs`,
          remediation: v4
            ? kubectl(
                member,
                `annotate node ${cr.name} multicluster.antrea.io/gateway-ip=${v4} --overwrite`,
              )
            : kubectl(member, `get node ${cr.name} -o jsonpath='{.status.addresses}'`),
        });
      }
    }
    if (findings.length > 0) return findings;
    return [
      {
        status: "pass",
        resource,
        message: `Gateway ${cr.name}: gatewayIP ${cr.gatewayIP}, internalIP ${cr.internalIP}`,
      },
    ];
  },
};
