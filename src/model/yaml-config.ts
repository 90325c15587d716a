import { parse, YAMLParseError } from "yaml";

/** A parsed YAML config file, or why it could not be parsed, with the line when known. */
export type ParsedYaml =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; error: string };

export function parseYamlObject(text: string): ParsedYaml {
  let value: unknown;
  try {
    value = parse(text, { uniqueKeys: true });
  } catch (err) {
    if (err instanceof YAMLParseError) {
      // The first line reads like "All mapping items must start at the same column at line 5, column 2:".
      return { ok: false, error: (err.message.split("\n")[0] ?? "").replace(/:$/, "") };
    }
    return { ok: false, error: String(err) };
  }
  if (value === null || value === undefined) return { ok: true, value: {} };
  if (typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, error: "the document is not a YAML mapping" };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

const YAML11_TRUE = ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON"];
const YAML11_FALSE = ["n", "N", "no", "No", "NO", "off", "Off", "OFF"];

/**
 * Typed reads of a config mapping with Go's unmarshalling in mind: a missing or null key gives the
 * default, a value of the wrong type is a problem (the Go component would refuse to start).
 */
export class ConfigReader {
  readonly problems: string[] = [];

  constructor(private readonly root: Record<string, unknown>) {}

  private at(path: string): unknown {
    let cur: unknown = this.root;
    for (const part of path.split(".")) {
      if (cur === null || cur === undefined) return undefined;
      if (typeof cur !== "object" || Array.isArray(cur)) {
        this.problems.push(`${path}: the parent of "${part}" is not a mapping`);
        return undefined;
      }
      cur = (cur as Record<string, unknown>)[part];
    }
    return cur;
  }

  bool(path: string, fallback: boolean): boolean {
    const v = this.at(path);
    if (v === null || v === undefined) return fallback;
    if (typeof v === "boolean") return v;
    // go-yaml v3 (which Antrea uses) still takes YAML 1.1 words when it decodes into a bool field.
    if (typeof v === "string" && YAML11_TRUE.includes(v)) return true;
    if (typeof v === "string" && YAML11_FALSE.includes(v)) return false;
    this.problems.push(`${path} must be true or false, not ${JSON.stringify(v)}`);
    return fallback;
  }

  string(path: string, fallback: string): string {
    const v = this.at(path);
    if (v === null || v === undefined) return fallback;
    if (typeof v === "string") return v;
    this.problems.push(`${path} must be a string, not ${JSON.stringify(v)}`);
    return fallback;
  }

  int(path: string, fallback: number): number {
    const v = this.at(path);
    if (v === null || v === undefined) return fallback;
    if (typeof v === "number" && Number.isInteger(v)) return v;
    this.problems.push(`${path} must be an integer, not ${JSON.stringify(v)}`);
    return fallback;
  }

  stringList(path: string): string[] {
    const v = this.at(path);
    if (v === null || v === undefined) return [];
    if (Array.isArray(v) && v.every((x) => typeof x === "string" || x === null)) {
      return v.filter((x): x is string => typeof x === "string");
    }
    this.problems.push(`${path} must be a list of strings, not ${JSON.stringify(v)}`);
    return [];
  }

  has(path: string): boolean {
    const v = this.at(path);
    return v !== undefined && v !== null;
  }
}
