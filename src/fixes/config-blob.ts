/**
 * Settings inside a config file a ConfigMap holds as one string (antrea-agent.conf,
 * controller_manager_config.yaml): Kubernetes cannot patch a key inside it, so a fix replaces the
 * whole string. The new string is the old text with only the changed lines touched — comments,
 * order and indentation stay — and the lines before and after are what a person edits by hand.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, parseDocument, type YAMLMap } from "yaml";
import { parseYamlObject } from "../model/yaml-config.js";

export type BlobValue = string | number | boolean | readonly string[];

/** One setting: its path of keys ("multicluster", "enableGateway") and its new value. */
export interface BlobSetting {
  readonly path: readonly string[];
  readonly value: BlobValue;
}

/** The lines of the text one setting changes: `before` empty means added after `anchor`. */
export interface Hunk {
  readonly before: readonly string[];
  readonly after: readonly string[];
  /** The line the new lines follow, when they are added (undefined: at the top). */
  readonly anchor?: string;
}

export interface BlobEdit {
  readonly text: string;
  readonly hunks: readonly Hunk[];
}

/** A value as YAML text: strings double-quoted (JSON is YAML), lists in flow style. */
export function yamlValue(v: BlobValue): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => JSON.stringify(x)).join(", ")}]`;
  return String(v);
}

const lineStart = (text: string, at: number) => text.lastIndexOf("\n", at - 1) + 1;
const column = (text: string, at: number) => at - lineStart(text, at);

/** The index just after the line holding `at` (its newline included; the text's end if none). */
function lineEnd(text: string, at: number): number {
  const nl = text.indexOf("\n", at);
  return nl < 0 ? text.length : nl + 1;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
}

/** `path` as nested block lines at `indent`, the last key holding the value. */
function block(path: readonly string[], value: BlobValue, indent: number): string {
  return path
    .map((k, i) => {
      const pad = " ".repeat(indent + 2 * i);
      return i === path.length - 1 ? `${pad}${k}: ${yamlValue(value)}` : `${pad}${k}:`;
    })
    .join("\n");
}

/** `{a: {b: value}}` for the keys still missing under an existing mapping. */
function nest(path: readonly string[], value: BlobValue): unknown {
  return path.reduceRight<unknown>((inner, k) => ({ [k]: inner }), value);
}

/** A mapping in YAML flow style: `{Multicluster: true}`. */
function flow(v: unknown): string {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    const entries = Object.entries(v).map(
      ([k, x]) => `${/^[A-Za-z_][\w.-]*$/.test(k) ? k : JSON.stringify(k)}: ${flow(x)}`,
    );
    return `{${entries.join(", ")}}`;
  }
  return v === null || v === undefined ? "null" : yamlValue(v as BlobValue);
}

/** The text with one setting changed, editing as little as possible; undefined if it cannot. */
function setOne(text: string, setting: BlobSetting): string | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length) return undefined;
  const root = doc.contents;
  const rendered = yamlValue(setting.value);
  if (root === null || (isScalar(root) && (root.value === null || root.value === ""))) {
    const sep = text === "" || text.endsWith("\n") ? "" : "\n";
    return `${text}${sep}${block(setting.path, setting.value, 0)}\n`;
  }
  if (!isMap(root) || root.flow) return undefined;
  let map: YAMLMap = root;
  let owner: Pair | undefined; // the pair whose value `map` is (undefined: the root)
  for (const [i, key] of setting.path.entries()) {
    const rest = setting.path.slice(i);
    const pair = pairOf(map, key);
    const last = i === setting.path.length - 1;
    const keyNode = pair?.key as Node | undefined;
    const value = pair?.value as Node | null | undefined;
    const keyEnd = keyNode?.range?.[1];
    if (pair && keyEnd !== undefined && last) {
      if (isScalar(value) && value.range && value.range[1] > value.range[0]) {
        // Only the value: the key, the spacing and a comment after it stay as written.
        const [from, to] = value.range;
        return text.slice(0, from) + rendered + text.slice(to);
      }
      // Empty, or a collection (say a block list): the value after the key is the new one.
      const to = value?.range ? Math.max(value.range[1], keyEnd) : keyEnd;
      const colon = text.indexOf(":", keyEnd);
      if (colon < 0 || colon > to + 1) return undefined;
      const tail = text.slice(to);
      const nl = (isSeq(value) || isMap(value)) && !tail.startsWith("\n") ? "\n" : "";
      return `${text.slice(0, colon + 1)} ${rendered}${nl}${tail}`;
    }
    if (pair && keyEnd !== undefined && isMap(value)) {
      map = value;
      owner = pair;
      continue;
    }
    if (pair && keyEnd !== undefined && isScalar(value) && (value.value ?? "") === "") {
      // `multicluster:` with nothing under it (comments at most): the keys go under it.
      const at = lineEnd(text, keyEnd);
      const indent = column(text, (keyNode?.range?.[0] ?? 0) as number) + 2;
      const nl = at > 0 && text[at - 1] !== "\n" ? "\n" : "";
      return `${text.slice(0, at)}${nl}${block(rest.slice(1), setting.value, indent)}\n${text.slice(at)}`;
    }
    if (pair) return undefined; // a scalar or a list where a mapping must be
    if (map.flow && owner && map.range) {
      // `featureGates: {}`: the mapping is written again, in flow style, with the key in it.
      const merged = { ...(map.toJSON() as Record<string, unknown>) };
      merged[key] = nest(rest.slice(1), setting.value);
      return text.slice(0, map.range[0]) + flow(merged) + text.slice(map.range[1]);
    }
    // The key is missing here: its lines go first under the mapping's own key, at its items'
    // indentation; at the top level, at the end.
    const first = map.items[0]?.key as Node | undefined;
    if (!owner) {
      const sep = text.endsWith("\n") ? "" : "\n";
      return `${text}${sep}${block(rest, setting.value, 0)}\n`;
    }
    const ownerKey = owner.key as Node;
    const indent = first?.range
      ? column(text, first.range[0])
      : column(text, ownerKey.range?.[0] ?? 0) + 2;
    const at = lineEnd(text, ownerKey.range?.[1] ?? 0);
    const nl = at > 0 && text[at - 1] !== "\n" ? "\n" : "";
    return `${text.slice(0, at)}${nl}${block(rest, setting.value, indent)}\n${text.slice(at)}`;
  }
  return undefined;
}

/** What changed between two texts, as the lines in between their common first and last lines. */
function hunkOf(before: string, after: string): Hunk {
  // A final newline ends the last line; it does not start another.
  const lines = (t: string) => (t.endsWith("\n") ? t.slice(0, -1) : t).split("\n");
  const a = lines(before);
  const b = lines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const removed = a.slice(head, a.length - tail);
  const anchor = head > 0 ? a[head - 1] : undefined;
  return {
    before: removed,
    after: b.slice(head, b.length - tail),
    ...(removed.length === 0 && anchor !== undefined ? { anchor } : {}),
  };
}

/** The value at `path` of a parsed mapping. */
function at(root: Record<string, unknown>, path: readonly string[]): unknown {
  let cur: unknown = root;
  for (const k of path) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/**
 * The text with every setting applied, and what each changed; undefined when the text is not a
 * block mapping this can edit line by line (then a person edits it: the fix says what to set).
 */
export function editBlob(text: string, settings: readonly BlobSetting[]): BlobEdit | undefined {
  let cur = text;
  const hunks: Hunk[] = [];
  for (const s of settings) {
    const next = setOne(cur, s);
    if (next === undefined) return undefined;
    if (next !== cur) hunks.push(hunkOf(cur, next));
    cur = next;
  }
  // The edit must read back as meant; anything else is not offered as a fix.
  const parsed = parseYamlObject(cur);
  if (!parsed.ok) return undefined;
  for (const s of settings) {
    if (JSON.stringify(at(parsed.value, s.path)) !== JSON.stringify(s.value)) return undefined;
  }
  return { text: cur, hunks };
}
