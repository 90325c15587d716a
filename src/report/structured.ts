/** -o json / -o yaml: one document on stdout, no colour, nothing else. */
import { stringify } from "yaml";

export type OutputFormat = "table" | "json" | "yaml";

/** doctor also writes a JUnit XML report (src/report/junit.ts) for CI systems. */
export type DoctorOutputFormat = OutputFormat | "junit";

export function renderStructured(doc: unknown, format: "json" | "yaml"): string {
  return format === "json" ? `${JSON.stringify(doc, null, 2)}\n` : stringify(doc, { lineWidth: 0 });
}
