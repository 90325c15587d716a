/** `show -o dot`: the ClusterSet as a Graphviz graph (render with `dot -Tsvg`). */
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

/** A DOT ID: always quoted, so names with dashes, dots or slashes stay one ID. */
export function dotId(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n")}"`;
}

/** A label of several lines: each line escaped, joined with DOT's centred line break. */
const label = (lines: readonly string[]) => dotId(lines.join("\n"));

const gatewayNode = (m: PictureMember, i: number) =>
  dotId(`${m.name}/${m.gateways[i]?.node ?? ""}`);
// Capitals and a space: no Kubernetes Node name (a DNS subdomain) can be either of these.
const nodesNode = (m: PictureMember) => dotId(`${m.name}/Nodes`);
const anchorNode = (m: PictureMember) => {
  const i = anchorOf(m);
  return i === undefined ? dotId(`${m.name}/no Gateway`) : gatewayNode(m, i);
};

export function renderDot(p: Picture): string {
  const out = [
    `graph ${dotId("clusterset")} {`,
    "  rankdir=LR;",
    '  node [shape=box, fontname="Helvetica"];',
    '  edge [fontname="Helvetica"];',
  ];
  p.members.forEach((m, i) => {
    out.push(`  subgraph ${dotId(`cluster_${m.name}`)} {`, `    label=${label(memberLines(m))};`);
    m.gateways.forEach((g, i) => {
      const style = g.active ? "bold" : "dashed";
      out.push(`    ${gatewayNode(m, i)} [label=${label(gatewayLines(g))}, style=${style}];`);
    });
    if (anchorOf(m) === undefined)
      out.push(`    ${anchorNode(m)} [label=${label(["no Gateway"])}, style=dotted];`);
    if (m.nodes) {
      out.push(`    ${nodesNode(m)} [label=${label(nodesLines(m.nodes))}, style=rounded];`);
      const ends = [nodesNode(m), anchorNode(m)];
      const [a, b] = nodesFirst(i) ? ends : ends.reverse();
      const red = m.nodes.failing.length ? ", color=red, fontcolor=red" : "";
      out.push(`    ${a} -- ${b} [label=${label(nodesLinkLines(m.nodes))}${red}];`);
    }
    out.push("  }");
  });
  for (const l of p.links) {
    const a = p.members.find((m) => m.name === l.a);
    const b = p.members.find((m) => m.name === l.b);
    if (!a || !b) continue;
    const red = l.failing.length ? ", color=red, fontcolor=red" : "";
    out.push(`  ${anchorNode(a)} -- ${anchorNode(b)} [label=${label(linkLines(l))}${red}];`);
  }
  out.push("}");
  return `${out.join("\n")}\n`;
}
