/**
 * JUnit XML as CI systems read it: validated against the Jenkins xUnit plugin's junit-10.xsd
 * (test/support/fixtures) by libxml2 itself (xmllint-wasm), and its test cases read back.
 */
import { readFileSync } from "node:fs";
import { validateXML } from "xmllint-wasm";

const XSD = new URL("./fixtures/junit-10.xsd", import.meta.url);
const schema = { fileName: "junit-10.xsd", contents: readFileSync(XSD, "utf8") };

/** libxml2's schema errors for the document; none when it is valid. */
export async function junitSchemaErrors(xml: string): Promise<string[]> {
  const r = await validateXML({ xml: { fileName: "report.xml", contents: xml }, schema });
  if (r.valid) return [];
  return r.errors.length ? r.errors.map((e) => e.message) : [r.rawOutput || "invalid"];
}

/** libxml2's answer to an XPath expression that counts (count(//testcase[failure])). */
export async function xpathNumber(xml: string, expr: string): Promise<number> {
  const r = await validateXML({
    xml: { fileName: "report.xml", contents: xml },
    normalization: "format",
    modifyArguments: (args) => [...args.filter((a) => a !== "--format"), "--xpath", expr],
  });
  const n = Number(r.normalized.trim());
  if (r.normalized.trim() === "" || Number.isNaN(n)) throw new Error(`${expr}: ${r.rawOutput}`);
  return n;
}

export interface JunitCase {
  classname: string;
  name: string;
  /** The child elements, e.g. ["failure"], ["system-out"], []. */
  children: string[];
  /** The text of its first child element (the failure, the system-out…), entities decoded. */
  body: string;
  /** message="…" of that element, decoded. */
  message?: string;
  type?: string;
}

const decode = (s: string) =>
  s.replace(/&(#\d+|lt|gt|quot|apos|amp);/g, (_, e: string) =>
    e.startsWith("#")
      ? String.fromCodePoint(Number(e.slice(1)))
      : (({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" } as Record<string, string>)[e] ?? ""),
  );

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1] ?? "") : undefined;
}

/**
 * The test cases, in document order. A small reader for documents the schema has accepted (no
 * comments, CDATA or nested test cases), not a general XML parser.
 */
export function junitCases(xml: string): JunitCase[] {
  const out: JunitCase[] = [];
  for (const m of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const open = m[1] ?? "";
    const inner = m[3] ?? "";
    const elements = [...inner.matchAll(/<([a-z-]+)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1>)/g)];
    const children = elements.map((e) => e[1] ?? "");
    const first = elements[0];
    const message = first ? attr(first[2] ?? "", "message") : undefined;
    const type = first ? attr(first[2] ?? "", "type") : undefined;
    out.push({
      classname: attr(open, "classname") ?? "",
      name: attr(open, "name") ?? "",
      children,
      body: decode(first?.[3] ?? ""),
      ...(message !== undefined ? { message } : {}),
      ...(type !== undefined ? { type } : {}),
    });
  }
  return out;
}

/** The attributes of the (single) <testsuite>, decoded. */
export function suiteAttributes(xml: string): Record<string, string> {
  const tag = /<testsuite\b([^>]*)>/.exec(xml)?.[1] ?? "";
  return Object.fromEntries(
    [...tag.matchAll(/\s([a-z-]+)="([^"]*)"/g)].map((m) => [m[1] ?? "", decode(m[2] ?? "")]),
  );
}
