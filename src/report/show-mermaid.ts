/**
 * Mermaid flowcharts (GitHub renders them in ```mermaid fences): `show -o mermaid`'s picture of the
 * ClusterSet, and the docs' diagram of the tunnel path, drawn from TUNNEL_PATH.
 */
import { TUNNEL_PATH } from "../analysis/tunnel-path.js";
import {
  anchorOf,
  gatewayLines,
  linkLines,
  memberLines,
  nodesFirst,
  nodesLines,
  nodesLinkLines,
  type Picture,
  type PictureMember,
} from "./show-picture.js";

/**
 * Text inside a quoted Mermaid label: quotes, angle brackets, `#` (which starts an entity) and
 * backticks (which start Markdown) as entities; lines joined with <br/>.
 */
export function mermaidText(lines: readonly string[]): string {
  const esc = (s: string) =>
    s.replace(
      /[#"<>`]/g,
      (ch) => ({ "#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "`": "#96;" })[ch] ?? ch,
    );
  return `"${lines.map(esc).join("<br/>")}"`;
}

/**
 * Node IDs are made up (m1, m1g2, …): Mermaid reads dashes and dots in an ID as edges or syntax,
 * and names like "end" are keywords. The real names are in the labels.
 */
const memberId = (i: number) => `m${i + 1}`;
const gatewayId = (i: number, j: number) => `m${i + 1}g${j + 1}`;
const nodesId = (i: number) => `m${i + 1}nodes`;
const anchorId = (m: PictureMember, i: number) => {
  const j = anchorOf(m);
  return j === undefined ? `m${i + 1}none` : gatewayId(i, j);
};

export function renderMermaid(p: Picture): string {
  const out = ["flowchart LR"];
  // linkStyle counts links in the order they are written: the Nodes' links count too.
  const red: number[] = [];
  let n = 0;
  const link = (text: string, failing: boolean) => {
    if (failing) red.push(n);
    n++;
    return text;
  };
  p.members.forEach((m, i) => {
    out.push(`  subgraph ${memberId(i)}[${mermaidText(memberLines(m))}]`);
    m.gateways.forEach((g, j) => {
      out.push(
        `    ${gatewayId(i, j)}[${mermaidText(gatewayLines(g))}]:::${g.active ? "active" : "candidate"}`,
      );
    });
    if (anchorOf(m) === undefined)
      out.push(`    ${anchorId(m, i)}[${mermaidText(["no Gateway"])}]`);
    if (m.nodes) {
      out.push(`    ${nodesId(i)}(${mermaidText(nodesLines(m.nodes))})`);
      const ends = [nodesId(i), anchorId(m, i)];
      const [a, b] = nodesFirst(i) ? ends : ends.reverse();
      const text = `    ${a} ---|${mermaidText(nodesLinkLines(m.nodes))}| ${b}`;
      out.push(link(text, m.nodes.failing.length > 0));
    }
    out.push("  end");
  });
  for (const l of p.links) {
    const i = p.members.findIndex((m) => m.name === l.a);
    const j = p.members.findIndex((m) => m.name === l.b);
    const a = p.members[i];
    const b = p.members[j];
    if (!a || !b) continue;
    const text = `  ${anchorId(a, i)} ---|${mermaidText(linkLines(l))}| ${anchorId(b, j)}`;
    out.push(link(text, l.failing.length > 0));
  }
  out.push("  classDef active stroke-width:3px", "  classDef candidate stroke-dasharray:4 3");
  if (red.length) out.push(`  linkStyle ${red.join(",")} stroke:red,color:red`);
  return `${out.join("\n")}\n`;
}

/** The docs' diagram of the tunnel path: every hop of TUNNEL_PATH with its check ID. */
export function tunnelPathDiagram(): string {
  const out = ["flowchart LR", `  pod1[${mermaidText(["Pod", "sending member"])}]`];
  const id = (i: number) => `h${i + 1}`;
  TUNNEL_PATH.forEach((h, i) => {
    const where = h.side === "pair" ? "between the VPCs" : `${h.side}${h.way ? `, ${h.way}` : ""}`;
    out.push(`  ${id(i)}[${mermaidText([h.name, where, h.check])}]`);
  });
  out.push(`  pod2[${mermaidText(["Pod", "receiving member"])}]`);
  // Hops on one kind of link are alternatives: the path forks before them and joins after.
  const links = TUNNEL_PATH.map((h, i) => ({ h, i }));
  const main = links.filter(({ h }) => !h.link);
  const edges: string[] = [`  pod1 --> ${id(main[0]?.i ?? 0)}`];
  for (let k = 0; k + 1 < main.length; k++) {
    const a = main[k];
    const b = main[k + 1];
    if (!a || !b) continue;
    const between = links.filter(({ i }) => i > a.i && i < b.i);
    // Between a member's Nodes and its Gateway the traffic is in Antrea's own tunnel.
    const inMember = a.h.resource === "nodes" || b.h.resource === "nodes";
    const arrow = inMember ? `-->|${mermaidText(["Antrea tunnel"])}|` : "-->";
    if (between.length === 0) edges.push(`  ${id(a.i)} ${arrow} ${id(b.i)}`);
    for (const { h, i } of between) {
      const why =
        h.link === "public"
          ? "public Gateway IPs"
          : h.link === "transit"
            ? "private Gateway IPs, joined by a transit gateway"
            : "private Gateway IPs, peered VPCs";
      edges.push(`  ${id(a.i)} -->|${mermaidText([why])}| ${id(i)}`, `  ${id(i)} --> ${id(b.i)}`);
    }
  }
  edges.push(`  ${id(main.at(-1)?.i ?? 0)} --> pod2`);
  return `${[...out, ...edges].join("\n")}\n`;
}
