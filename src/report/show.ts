/** `show`: the discovered topology, as kubectl-style columns per member. */
import Table from "cli-table3";
import { describeTunnel } from "../model/tunnel.js";
import type { ClusterSetModel, MemberModel } from "../model/types.js";
import { type MemberView, memberView } from "./members.js";
import type { Style } from "./style.js";

export interface ShowDocument {
  members: MemberView[];
  skippedContexts: ClusterSetModel["skippedContexts"][number][];
}

export function showDocument(model: ClusterSetModel): ShowDocument {
  return { members: model.members.map(memberView), skippedContexts: [...model.skippedContexts] };
}

/** Borderless columns, like `kubectl get`. */
function columns(head: string[]): Table.Table {
  return new Table({
    head,
    chars: {
      top: "",
      "top-mid": "",
      "top-left": "",
      "top-right": "",
      bottom: "",
      "bottom-mid": "",
      "bottom-left": "",
      "bottom-right": "",
      left: "  ",
      "left-mid": "",
      mid: "",
      "mid-mid": "",
      right: "",
      "right-mid": "",
      middle: "   ",
    },
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0 },
  });
}

const trimLines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n");

const dash = (v: string | null | undefined) => (v ? v : "-");

function memberBlock(m: MemberModel, v: MemberView, style: Style): string[] {
  const { c } = style;
  const facts: [string, string][] = [
    ["Context", m.context],
    ["Cluster ID", dash(v.clusterID)],
    ["ClusterSet", dash(v.clusterSet)],
    ["Namespace", `${v.namespace} (${v.sources.namespace})`],
    ["Region", v.region ? `${v.region} (${v.sources.region})` : "-"],
    ["Kubernetes", dash(v.kubernetesVersion)],
    ["Antrea", dash(v.antreaVersion)],
    ["Tunnel", m.tunnel.known ? describeTunnel(m.tunnel.value) : `unknown (${m.tunnel.reason})`],
    [
      "Service CIDR",
      v.serviceCIDR ? `${v.serviceCIDR} (${v.sources.serviceCIDR})` : v.sources.serviceCIDR,
    ],
    [
      "Pod CIDRs",
      v.podCIDRs.length ? `${v.podCIDRs.join(", ")} (${v.sources.podCIDRs})` : v.sources.podCIDRs,
    ],
  ];
  if (!m.reachable) facts.push(["Access", c.red(m.access[0]?.failure.message ?? "unreachable")]);
  const width = Math.max(...facts.map(([k]) => k.length));
  const lines = [c.bold(m.name), ...facts.map(([k, val]) => `  ${c.dim(k.padEnd(width))}  ${val}`)];
  if (v.gateways.length > 0) {
    const t = columns([
      "NODE",
      "ACTIVE",
      "CANDIDATE",
      "READY",
      "GATEWAY IP",
      "INTERNAL IP",
      "INSTANCE",
      "ZONE",
    ]);
    for (const g of v.gateways) {
      t.push([
        g.node,
        g.active ? "yes" : "no",
        g.candidate ? "yes" : "no",
        g.ready ? "True" : "False",
        dash(g.gatewayIP),
        dash(g.internalIP),
        dash(g.instanceId),
        dash(g.zone),
      ]);
    }
    lines.push(`  ${c.dim("Gateways")}`, trimLines(t.toString()));
  } else {
    lines.push(`  ${c.dim("Gateways".padEnd(width))}  none`);
  }
  const imports = m.clusterInfoImports.known ? m.clusterInfoImports.value : [];
  if (imports.length > 0) {
    const t = columns(["PEER CLUSTER", "GATEWAY IP", "SERVICE CIDR", "POD CIDRS"]);
    for (const i of imports)
      t.push([i.clusterID, dash(i.gatewayIPs[0]), dash(i.serviceCIDR), dash(i.podCIDRs.join(","))]);
    lines.push(`  ${c.dim("Imported ClusterInfo")}`, trimLines(t.toString()));
  }
  return lines;
}

export function renderShowTable(doc: ShowDocument, model: ClusterSetModel, style: Style): string {
  const blocks = model.members.map((m, i) => {
    const v = doc.members[i];
    return v ? memberBlock(m, v, style).join("\n") : "";
  });
  const skipped = doc.skippedContexts.map((s) => `  - ${s.context}: ${s.reason}`);
  const tail = skipped.length
    ? `\n\n${style.c.bold("Contexts not used as members")}\n${skipped.join("\n")}`
    : "";
  return `${blocks.join("\n\n")}${tail}\n`;
}
