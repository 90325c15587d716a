/**
 * krew's rules for a plugin manifest, as krew v0.5 enforces them (internal/index/validation) plus
 * what krew-index CI adds (validate-krew-manifest: supported platforms, no overlap) and what its
 * reviewers ask (shortDescription ≤ 50 characters, description lines ≤ 80 columns), and the
 * rendering of the krew-release-bot template (.krew.yaml) with local archives.
 */
import { parse } from "yaml";

export interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface KrewPlatform {
  selector?: Selector | null;
  uri?: string;
  sha256?: string;
  bin?: string;
  files?: { from?: string; to?: string }[] | null;
}

export interface KrewManifest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
  spec?: {
    version?: string;
    homepage?: string;
    shortDescription?: string;
    description?: string;
    caveats?: string;
    platforms?: KrewPlatform[];
  };
}

/** The os/arch pairs krew-index CI accepts (cmd/validate-krew-manifest). */
export const SUPPORTED_PLATFORMS = [
  "darwin/386",
  "darwin/amd64",
  "darwin/arm64",
  "linux/386",
  "linux/amd64",
  "linux/arm",
  "linux/arm64",
  "linux/ppc64le",
  "windows/386",
  "windows/amd64",
  "windows/arm64",
] as const;

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;
// k8s.io/apimachinery version.ParseSemantic, after krew requires the leading "v".
const SEMVER =
  /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** metav1.LabelSelector semantics for the labels krew sets: os and arch. */
export function selectorMatches(s: Selector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of s.matchExpressions ?? []) {
    const has = e.key in labels;
    const value = labels[e.key] ?? "";
    const values = e.values ?? [];
    if (e.operator === "In" && !(has && values.includes(value))) return false;
    if (e.operator === "NotIn" && has && values.includes(value)) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

export const labelsOf = (pair: string) => {
  const [os = "", arch = ""] = pair.split("/");
  return { os, arch };
};

/** Go's filepath.Clean(p) === p, for the relative paths krew allows in files[].to. */
export function isCleanPath(p: string): boolean {
  if (p === ".") return true;
  if (p === "" || p.endsWith("/") || p.includes("//")) return false;
  return !p.split("/").some((part) => part === "." || part === "..");
}

function selectorErrors(s: Selector | null | undefined, where: string): string[] {
  if (!s) return [`${where}: selector is required`];
  const labels = Object.keys(s.matchLabels ?? {});
  const exprs = s.matchExpressions ?? [];
  if (labels.length === 0 && exprs.length === 0) return [`${where}: selector is empty`];
  const errors: string[] = [];
  for (const k of [...labels, ...exprs.map((e) => e.key)])
    if (k !== "os" && k !== "arch") errors.push(`${where}: selector key "${k}" is not os or arch`);
  for (const e of exprs) {
    if (!["In", "NotIn", "Exists", "DoesNotExist"].includes(e.operator))
      errors.push(`${where}: unknown operator "${e.operator}"`);
    const n = e.values?.length ?? 0;
    if ((e.operator === "In" || e.operator === "NotIn") && n === 0)
      errors.push(`${where}: operator ${e.operator} needs values`);
    if ((e.operator === "Exists" || e.operator === "DoesNotExist") && n > 0)
      errors.push(`${where}: operator ${e.operator} takes no values`);
  }
  return errors;
}

export interface Verdict {
  errors: string[];
  warnings: string[];
}

/** Validates a manifest's text; `name` is what krew expects (the index file name). */
export function validateManifest(text: string, name: string): Verdict {
  const errors: string[] = [];
  const warnings: string[] = [];
  let m: KrewManifest;
  try {
    m = parse(text) as KrewManifest;
  } catch (err) {
    return { errors: [`not YAML: ${(err as Error).message}`], warnings };
  }
  if (m?.apiVersion !== "krew.googlecontainertools.github.com/v1alpha2")
    errors.push(`apiVersion must be krew.googlecontainertools.github.com/v1alpha2`);
  if (m?.kind !== "Plugin") errors.push(`kind must be Plugin`);
  const pluginName = m?.metadata?.name ?? "";
  if (!/^[\w-]+$/.test(pluginName) || WINDOWS_RESERVED.test(pluginName))
    errors.push(`plugin name "${pluginName}" is not allowed`);
  if (pluginName !== name) errors.push(`plugin name "${pluginName}" must be "${name}"`);
  const spec = m?.spec ?? {};
  const short = spec.shortDescription ?? "";
  if (!short) errors.push("shortDescription is required");
  if (/[\r\n]/.test(short)) errors.push("shortDescription must be one line");
  if (short.length > 50)
    warnings.push(`shortDescription has ${short.length} characters (krew-index asks for ≤ 50)`);
  for (const [i, line] of (spec.description ?? "").split("\n").entries())
    if (line.length > 80) warnings.push(`description line ${i + 1} is wider than 80 columns`);
  if (!spec.version) errors.push("version is required");
  else if (!SEMVER.test(spec.version))
    errors.push(`version "${spec.version}" is not a semantic version starting with v`);
  const platforms = spec.platforms ?? [];
  if (platforms.length === 0) errors.push("platforms must not be empty");
  platforms.forEach((p, i) => {
    const where = `platforms[${i}]`;
    errors.push(...selectorErrors(p.selector, where));
    if (!p.uri) errors.push(`${where}: uri is required`);
    if (!/^[a-f0-9]{64}$/.test(p.sha256 ?? ""))
      errors.push(`${where}: sha256 must be 64 lowercase hex digits`);
    if (!p.bin) errors.push(`${where}: bin is required`);
    else if (p.bin.startsWith("/") || p.bin.split("/").includes(".."))
      errors.push(`${where}: bin "${p.bin}" is outside the install directory`);
    if (p.files !== undefined && p.files !== null) {
      if (p.files.length === 0) errors.push(`${where}: files must not be empty when given`);
      for (const f of p.files) {
        if (!f.from || !f.to) errors.push(`${where}: files entries need from and to`);
        else if (!isCleanPath(f.to))
          errors.push(`${where}: files to "${f.to}" is not a clean path`);
      }
    }
    if (
      p.selector &&
      !SUPPORTED_PLATFORMS.some((s) => selectorMatches(p.selector as Selector, labelsOf(s)))
    )
      errors.push(`${where}: matches no supported os/arch`);
  });
  for (const pair of SUPPORTED_PLATFORMS) {
    const hits = platforms.filter((p) => p.selector && selectorMatches(p.selector, labelsOf(pair)));
    if (hits.length > 1) errors.push(`${pair} is matched by ${hits.length} platforms`);
  }
  return { errors, warnings };
}

/**
 * Renders a krew-release-bot template as the bot would for `tag`, with the sha256 of each
 * archive taken from `sha256Of(uri)` instead of a download.
 */
export function renderTemplate(
  template: string,
  tag: string,
  sha256Of: (uri: string) => string,
): string {
  const withUris = template.replace(
    /\{\{\s*addURIAndSha\s+"([^"]+)"\s+\.TagName\s*\}\}/g,
    (_all, uri: string) => {
      const expanded = uri.replace(/\{\{\s*\.TagName\s*\}\}/g, tag);
      return `uri: ${expanded}\n    sha256: ${sha256Of(expanded)}`;
    },
  );
  const out = withUris.replace(/\{\{\s*\.TagName\s*\}\}/g, tag);
  const left = out.match(/\{\{[^}]*\}\}/);
  if (left) throw new Error(`.krew.yaml: template action not understood: ${left[0]}`);
  return out;
}
