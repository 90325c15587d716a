/**
 * Where a member's Service and Pod CIDRs come from, in the order Antrea itself uses them, with the
 * source recorded (members[].serviceCIDR / podCIDRs of the JSON report).
 */

import type { NodeObject, ServiceCIDRObject } from "../kube/shapes.js";
import { nameOf } from "../kube/shapes.js";
import { strings } from "../util/json.js";
import type { EksCluster } from "./aws/eks.js";
import { parseCidr } from "./cidr.js";
import { known, unknown } from "./known.js";
import type { GatewayCR, Known, McConfigState, Sourced } from "./types.js";

/**
 * Antrea's sources first (its config, the Gateway it published, the ServiceCIDR it discovers);
 * when none says, what EKS reports (eks:DescribeCluster), which is the range the cluster was
 * created with.
 */
export function resolveServiceCIDR(
  mcConfig: Known<McConfigState>,
  gatewayCRs: Known<readonly GatewayCR[]>,
  serviceCIDRs: Known<readonly ServiceCIDRObject[]>,
  eks?: Known<EksCluster>,
): Known<Sourced<string>> {
  if (mcConfig.known && mcConfig.value.status === "ok") {
    const configured = mcConfig.value.config.serviceCIDR;
    if (configured && parseCidr(configured)) {
      const cm = mcConfig.value.configMap;
      return known({ value: configured, source: `ConfigMap ${cm.namespace}/${cm.name}` });
    }
  }
  if (gatewayCRs.known) {
    const gw = gatewayCRs.value.find((g) => parseCidr(g.serviceCIDR));
    if (gw) {
      return known({ value: gw.serviceCIDR, source: `Gateway ${gw.name}` });
    }
  }
  if (serviceCIDRs.known) {
    const k = serviceCIDRs.value.find((s) => nameOf(s) === "kubernetes");
    const v4 = strings(k?.spec?.cidrs).find((c) => parseCidr(c)?.family === "ipv4");
    if (v4) return known({ value: v4, source: "ServiceCIDR kubernetes" });
  }
  const fromEks = eks?.known ? eks.value.serviceIpv4Cidr : undefined;
  if (eks?.known && fromEks && parseCidr(fromEks)) {
    return known({ value: fromEks, source: `EKS cluster ${eks.value.name} (eks:DescribeCluster)` });
  }
  return unknown(
    `not set in antrea-mc-controller-config, no Gateway carries one, the cluster serves no ServiceCIDR kubernetes, and EKS does not say${eks && !eks.known ? ` (${eks.reason})` : ""}`,
  );
}

export function resolvePodCIDRs(
  mcConfig: Known<McConfigState>,
  nodes: Known<readonly NodeObject[]>,
  vpcCni: boolean,
): Known<Sourced<readonly string[]>> {
  if (mcConfig.known && mcConfig.value.status === "ok" && mcConfig.value.config.podCIDRs.length) {
    const cm = mcConfig.value.configMap;
    return known({
      value: mcConfig.value.config.podCIDRs,
      source: `ConfigMap ${cm.namespace}/${cm.name}`,
    });
  }
  if (!nodes.known) return unknown(`Nodes could not be read: ${nodes.reason}`);
  const fromNodes = new Set<string>();
  for (const n of nodes.value) {
    for (const c of [...strings(n.spec?.podCIDRs), ...strings([n.spec?.podCIDR])]) {
      if (parseCidr(c)) fromNodes.add(c);
    }
  }
  if (fromNodes.size) {
    return known({ value: [...fromNodes].sort(), source: "Nodes' spec.podCIDRs" });
  }
  return unknown(
    vpcCni
      ? "antrea-mc-controller-config sets no podCIDRs and Pods get VPC addresses from the Amazon VPC CNI: the Pod CIDRs are the VPC CIDR blocks, which this run did not read from AWS"
      : "antrea-mc-controller-config sets no podCIDRs and no Node has spec.podCIDRs",
  );
}
