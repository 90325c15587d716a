/**
 * krew's manifest rules (scripts/release/krew.ts) and the install simulation
 * (test/support/krew-install.ts): our .krew.yaml and the committed plugin.yaml pass; each way to
 * break a manifest or an archive that krew or krew-index refuses is refused, with krew's reason.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { parse, stringify } from "yaml";
import {
  type KrewManifest,
  labelsOf,
  renderTemplate,
  SUPPORTED_PLATFORMS,
  selectorMatches,
  validateManifest,
} from "../../scripts/release/krew.js";
import { PROJECT_URL } from "../../src/project.js";
import { krewInstall } from "../support/krew-install.js";

const TEMPLATE = readFileSync(new URL("../../.krew.yaml", import.meta.url), "utf8");
const FAKE_SHA = "0123456789abcdef".repeat(4);
const rendered = renderTemplate(TEMPLATE, "v1.2.3", () => FAKE_SHA);

function mutate(
  change: (m: KrewManifest & { spec: NonNullable<KrewManifest["spec"]> }) => void,
): string {
  const m = parse(rendered) as KrewManifest & { spec: NonNullable<KrewManifest["spec"]> };
  change(m);
  return stringify(m);
}

describe("krew manifest rules", () => {
  it("accept the manifest rendered from .krew.yaml, as krew-release-bot renders it", () => {
    assert.deepEqual(validateManifest(rendered, "antrea-mc"), { errors: [], warnings: [] });
    const m = parse(rendered) as KrewManifest;
    assert.equal(m.spec?.version, "v1.2.3");
    assert.ok(
      m.spec?.platforms?.every(
        (p) => p.uri?.includes("/download/v1.2.3/") && p.sha256 === FAKE_SHA,
      ),
    );
    assert.equal(m.spec?.homepage, PROJECT_URL, "the homepage is where docs links point");
  });

  it("accept the committed top-level plugin.yaml: .krew.yaml rendered for package.json's version", () => {
    // Fast half of the check; the release test compares the sha256 with a fresh build.
    const committed = readFileSync(new URL("../../plugin.yaml", import.meta.url), "utf8");
    assert.deepEqual(validateManifest(committed, "antrea-mc"), { errors: [], warnings: [] });
    const { version } = JSON.parse(
      readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
    ) as { version: string };
    const shaOf = new Map(
      ((parse(committed) as KrewManifest).spec?.platforms ?? []).map((p) => [p.uri, p.sha256]),
    );
    assert.equal(
      committed,
      renderTemplate(TEMPLATE, `v${version}`, (uri) => shaOf.get(uri) ?? "(not in plugin.yaml)"),
      "plugin.yaml is stale: run `npm run release` and commit plugin.yaml",
    );
  });

  it("give every supported os/arch but Windows exactly one platform: standalone on Linux amd64/arm64", () => {
    const m = parse(rendered) as KrewManifest;
    const platforms = m.spec?.platforms ?? [];
    const pick = (pair: string) =>
      platforms.find((p) => p.selector && selectorMatches(p.selector, labelsOf(pair)))?.uri ??
      "none";
    const table = Object.fromEntries(
      SUPPORTED_PLATFORMS.map((pair) => [
        pair,
        pick(pair).replace(/.*\/kubectl-antrea-mc_v1\.2\.3/, ""),
      ]),
    );
    assert.deepEqual(table, {
      "darwin/386": ".tar.gz",
      "darwin/amd64": ".tar.gz",
      "darwin/arm64": ".tar.gz",
      "linux/386": ".tar.gz",
      "linux/amd64": "_linux_amd64.tar.gz",
      "linux/arm": ".tar.gz",
      "linux/arm64": "_linux_arm64.tar.gz",
      "linux/ppc64le": ".tar.gz",
      "windows/386": "none",
      "windows/amd64": "none",
      "windows/arm64": "none",
    });
  });

  type Editable = KrewManifest & { spec: NonNullable<KrewManifest["spec"]> };
  const plat = (m: Editable, i: number) => {
    const p = m.spec.platforms?.[i];
    if (!p) throw new Error(`no platform ${i}`);
    return p;
  };
  const invalid: [string, string, RegExp][] = [
    [
      "version without v",
      mutate((m) => {
        m.spec.version = "1.0.0";
      }),
      /version "1.0.0" is not a semantic version/,
    ],
    [
      "two-part version",
      mutate((m) => {
        m.spec.version = "v1.0";
      }),
      /not a semantic version/,
    ],
    [
      "leading zero",
      mutate((m) => {
        m.spec.version = "v01.0.0";
      }),
      /not a semantic version/,
    ],
    [
      "uppercase sha256",
      mutate((m) => {
        plat(m, 0).sha256 = FAKE_SHA.toUpperCase();
      }),
      /platforms\[0\]: sha256 must be 64 lowercase hex/,
    ],
    [
      "empty files",
      mutate((m) => {
        plat(m, 0).files = [];
      }),
      /files must not be empty/,
    ],
    [
      "unclean to",
      mutate((m) => {
        plat(m, 0).files = [{ from: "kubectl-antrea_mc", to: "./kubectl-antrea_mc" }];
      }),
      /not a clean path/,
    ],
    [
      "selector key distro",
      mutate((m) => {
        plat(m, 0).selector = { matchLabels: { os: "linux", distro: "debian" } };
      }),
      /selector key "distro"/,
    ],
    [
      "empty selector",
      mutate((m) => {
        plat(m, 0).selector = { matchLabels: {} };
      }),
      /selector is empty/,
    ],
    [
      "In without values",
      mutate((m) => {
        plat(m, 0).selector = { matchExpressions: [{ key: "os", operator: "In" }] };
      }),
      /needs values/,
    ],
    [
      "only linux/s390x",
      mutate((m) => {
        plat(m, 0).selector = { matchLabels: { os: "linux", arch: "s390x" } };
      }),
      /matches no supported os\/arch/,
    ],
    [
      "overlap",
      mutate((m) => {
        plat(m, 2).selector = {
          matchExpressions: [{ key: "os", operator: "In", values: ["darwin", "linux"] }],
        };
      }),
      /linux\/amd64 is matched by 2 platforms/,
    ],
    [
      "bin outside",
      mutate((m) => {
        plat(m, 0).bin = "../kubectl-antrea_mc";
      }),
      /outside the install directory/,
    ],
    [
      "no platforms",
      mutate((m) => {
        m.spec.platforms = [];
      }),
      /platforms must not be empty/,
    ],
    [
      "multi-line shortDescription",
      mutate((m) => {
        m.spec.shortDescription = "Set up\nand diagnose";
      }),
      /shortDescription must be one line/,
    ],
    [
      "wrong kind",
      mutate((m) => {
        m.kind = "Plugins";
      }),
      /kind must be Plugin/,
    ],
  ];
  for (const [what, text, reason] of invalid)
    it(`refuse: ${what}`, () => {
      const v = validateManifest(text, "antrea-mc");
      assert.ok(
        v.errors.some((e) => reason.test(e)),
        `${what}: ${JSON.stringify(v.errors)}`,
      );
    });

  it("refuse a name that is not the index file's, or a Windows device name", () => {
    assert.match(validateManifest(rendered, "antrea").errors.join(), /must be "antrea"/);
    const con = mutate((m) => {
      m.metadata = { name: "con" };
    });
    assert.match(validateManifest(con, "con").errors.join(), /plugin name "con" is not allowed/);
  });

  it("warn as krew-index reviewers do: shortDescription over 50, description over 80 columns", () => {
    const long = mutate((m) => {
      m.spec.shortDescription = "x".repeat(73);
      m.spec.description = `${"y".repeat(81)}\n`;
    });
    const v = validateManifest(long, "antrea-mc");
    assert.deepEqual(v.errors, []);
    assert.deepEqual(v.warnings, [
      "shortDescription has 73 characters (krew-index asks for ≤ 50)",
      "description line 1 is wider than 80 columns",
    ]);
  });
});

/** A ustar entry written by hand, for archives our build would never make. */
function tarEntry(name: string, data: string, type = "0", mode = 0o755, link = ""): Buffer {
  const h = Buffer.alloc(512);
  const put = (s: string, at: number, len: number) => h.write(s, at, len, "utf8");
  put(name, 0, 100);
  put(`${mode.toString(8).padStart(7, "0")}\0`, 100, 8);
  put("0000000\0", 108, 8);
  put("0000000\0", 116, 8);
  put(`${Buffer.byteLength(data).toString(8).padStart(11, "0")}\0`, 124, 12);
  put("00000000000\0", 136, 12);
  put("        ", 148, 8);
  put(type, 156, 1);
  put(link, 157, 100);
  put("ustar\0", 257, 6);
  put("00", 263, 2);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8);
  const body = Buffer.alloc(Math.ceil(Buffer.byteLength(data) / 512) * 512);
  body.write(data);
  return Buffer.concat([h, body]);
}
const tgz = (...entries: Buffer[]) => gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)]));

describe("krew install simulation", () => {
  const install = (
    archive: Buffer,
    change?: (m: KrewManifest & { spec: NonNullable<KrewManifest["spec"]> }) => void,
    os = "darwin",
    arch = "arm64",
  ) => {
    const dir = mkdtempSync(join(tmpdir(), "krew-sim-"));
    const file = join(dir, "a.tar.gz");
    writeFileSync(file, archive);
    const sum = createHash("sha256").update(archive).digest("hex");
    const manifest = mutate((m) => {
      for (const p of m.spec.platforms ?? []) p.sha256 = sum;
      change?.(m);
    });
    return krewInstall({ manifest, archiveFor: () => file, os, arch, root: join(dir, "root") });
  };
  const good = () =>
    tgz(
      tarEntry("kubectl-antrea_mc", "#!/bin/sh\necho hi\n"),
      tarEntry("LICENSE", "Apache", "0", 0o644),
    );

  it("installs a good archive: store/<name>/<version> and the bin link krew makes", () => {
    const r = install(good());
    assert.match(r.installDir, /store\/antrea-mc\/v1\.2\.3$/);
    assert.match(r.link, /bin\/kubectl-antrea_mc$/);
  });
  it("refuses a symlink in the archive", () => {
    assert.throws(
      () =>
        install(
          tgz(tarEntry("kubectl-antrea_mc", "", "2", 0o777, "/bin/sh"), tarEntry("LICENSE", "x")),
        ),
      /unable to handle file type SymbolicLink/,
    );
  });
  it("refuses a path with ..", () => {
    assert.throws(
      () => install(tgz(tarEntry("../kubectl-antrea_mc", "x"), tarEntry("LICENSE", "x"))),
      /path that krew refuses/,
    );
  });
  it("refuses an archive without a licence, as krew-index CI does", () => {
    assert.throws(
      () => install(tgz(tarEntry("kubectl-antrea_mc", "x"))),
      /no file matches LICENSE/,
    );
    assert.throws(
      () =>
        install(tgz(tarEntry("kubectl-antrea_mc", "x")), (m) => {
          for (const p of m.spec.platforms ?? []) p.files = null;
        }),
      /no license file/,
    );
  });
  it("refuses a checksum that does not match, and a platform the manifest lacks", () => {
    assert.throws(
      () =>
        install(good(), (m) => {
          for (const p of m.spec.platforms ?? []) p.sha256 = FAKE_SHA;
        }),
      /checksum does not match/,
    );
    assert.throws(
      () => install(good(), undefined, "windows", "amd64"),
      /does not offer installation for this platform \(windows\/amd64\)/,
    );
  });
});
