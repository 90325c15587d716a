/**
 * doctor -o junit, the renderer alone: results built by hand, each document validated against
 * the Jenkins xUnit plugin's junit-10.xsd by libxml2, and its test cases read back.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FailOn } from "../../src/checks/engine.js";
import type { CheckResult } from "../../src/checks/types.js";
import {
  type JunitInput,
  renderJunit,
  renderJunitNoMembers,
  testCaseNames,
} from "../../src/report/junit.js";
import {
  junitCases,
  junitSchemaErrors,
  suiteAttributes,
  xpathNumber,
} from "../support/junit-schema.js";

const ESC = "\u001b";
const result = (over: Partial<CheckResult> & Pick<CheckResult, "id" | "status">): CheckResult => ({
  member: "west",
  message: `${over.id} says so`,
  docs: `https://example.test/checks.md#${over.id}`,
  ...over,
});

const NASTY = `${ESC}[31mred${ESC}[0m <b>&amp;</b> & "q" 'a' 🚀 𝄞 nul\u0000 bell\u0007 lone\uD800 esc${ESC} ]]> end`;

/** Every kind of result; names are what the test cases must be called. */
const CHECKS: CheckResult[] = [
  result({ id: "kube.access", status: "pass", message: "API reachable" }),
  result({
    id: "antrea.agent-config",
    member: "east",
    status: "fail",
    severity: "error",
    resource: "ConfigMap kube-system/antrea-config",
    message: NASTY,
    remediation: `kubectl edit configmap antrea-config\n#   set "a" < 'b' && ${ESC}[1mbold${ESC}[0m`,
  }),
  result({
    id: "aws.route",
    peer: "east",
    status: "fail",
    severity: "error",
    resource: "rtb-1",
    message: "no route\nfor east's Pod CIDR\tnow",
    remediation: "aws ec2 create-route --route-table-id rtb-1",
    direction: { from: "west", to: "east" },
  }),
  result({
    id: "aws.mtu",
    peer: "east",
    status: "warn",
    severity: "warning",
    resource: "daemonset/aws-node",
    message: "MTU 9001 over a peering that carries 8500",
    remediation: "kubectl set env daemonset/aws-node AWS_VPC_ENI_MTU=8500",
  }),
  result({
    id: "mc.gateway-candidates",
    status: "warn",
    severity: "info",
    resource: "Node n1",
    message: "only one Gateway candidate",
  }),
  result({
    id: "mc.clusterinfo",
    peer: "east",
    status: "unknown",
    message: "not evaluated: east could not be inspected (see kube.access)",
  }),
  // Two results of one check that would share a name, and a third whose own name is the
  // first's disambiguated one.
  result({
    id: "aws.nacl",
    member: "east",
    peer: "west",
    status: "fail",
    severity: "error",
    resource: "acl-1",
    message: "rule 90 denies UDP 6081",
    direction: { from: "west", to: "east" },
  }),
  result({
    id: "aws.nacl",
    member: "east",
    peer: "west",
    status: "fail",
    severity: "warning",
    resource: "acl-1",
    message: "rule 95 denies ICMP",
    direction: { from: "west", to: "east" },
  }),
  result({
    id: "aws.nacl",
    member: "east",
    peer: "west",
    status: "pass",
    resource: "acl-1 (2)",
    message: "ok",
    direction: { from: "west", to: "east" },
  }),
  // The same name under another check is another test case: no suffix.
  result({ id: "aws.access", status: "pass", message: "read" }),
];

const NAMES = [
  "west",
  "east ConfigMap kube-system/antrea-config",
  "west→east rtb-1",
  "west→east daemonset/aws-node",
  "west Node n1",
  "west→east",
  // East's inbound rule drops west's tunnel: named in the traffic's way, as the table shows it.
  "west→east acl-1",
  "west→east acl-1 (2)",
  "west→east acl-1 (2) (2)",
  "west",
];

const DOC: JunitInput = {
  members: [{ name: "west" }, { name: "east" }],
  checks: CHECKS,
  skippedContexts: [{ context: "kind-dev", reason: "no member antrea-mc-controller Deployment" }],
  aws: { inspected: true },
};

describe("doctor -o junit: the renderer", () => {
  it("names each test case member (or the traffic's way) and resource, unique within its check", () => {
    assert.deepEqual(testCaseNames(CHECKS), NAMES);
  });

  // The names of the failing test cases for each --fail-on: exactly the findings at that severity
  // or worse (kube.access-style gates aside, which these results do not fail).
  const failing: [FailOn, string[]][] = [
    ["error", ["antrea.agent-config", "aws.route", "aws.nacl west→east acl-1"]],
    [
      "warning",
      [
        "antrea.agent-config",
        "aws.route",
        "aws.mtu",
        "aws.nacl west→east acl-1",
        "aws.nacl west→east acl-1 (2)",
      ],
    ],
    [
      "info",
      [
        "antrea.agent-config",
        "aws.route",
        "aws.mtu",
        "mc.gateway-candidates",
        "aws.nacl west→east acl-1",
        "aws.nacl west→east acl-1 (2)",
      ],
    ],
  ];
  for (const [failOn, want] of failing) {
    it(`--fail-on ${failOn}: a <failure> exactly where the run fails, valid against junit-10.xsd`, async () => {
      const xml = renderJunit(DOC, failOn);
      assert.deepEqual(await junitSchemaErrors(xml), []);
      const cases = junitCases(xml);
      assert.deepEqual(
        cases.map((c) => c.classname),
        CHECKS.map((r) => r.id),
      );
      assert.deepEqual(
        cases.map((c) => c.name),
        NAMES,
      );
      const failed = cases
        .filter((c) => c.children.includes("failure"))
        .map((c) => (c.classname === "aws.nacl" ? `${c.classname} ${c.name}` : c.classname));
      assert.deepEqual(failed, want);
      // libxml2's own count, not this file's reading of the document.
      assert.equal(await xpathNumber(xml, "count(//testcase[failure])"), want.length);
      assert.equal(await xpathNumber(xml, "count(//testcase)"), CHECKS.length);
      assert.deepEqual(suiteAttributes(xml), {
        name: "kubectl antrea-mc doctor",
        tests: String(CHECKS.length),
        failures: String(want.length),
        errors: "0",
        skipped: "1",
      });
      // A finding below the threshold passes, and its text is kept in <system-out>.
      for (const [i, c] of cases.entries()) {
        const r = CHECKS[i];
        assert.ok(r);
        if (r.status === "unknown") {
          assert.deepEqual(c.children, ["skipped"]);
          assert.equal(c.message, r.message);
        } else if (c.children.includes("failure")) {
          assert.deepEqual(c.children, ["failure"]);
          assert.equal(c.type, r.severity);
        } else if (r.status === "pass") assert.deepEqual(c.children, []);
        else {
          assert.deepEqual(c.children, ["system-out"]);
          assert.match(c.body, new RegExp(`^${r.severity}, below --fail-on ${failOn}: `));
          assert.ok(c.body.includes(r.message), c.body);
          if (r.remediation) assert.ok(c.body.includes(`fix:\n${r.remediation}\n`), c.body);
        }
      }
    });
  }

  it("labels a manual step manual:, as the table does, not fix:", () => {
    const overlap = result({
      id: "cidr.service-overlap",
      peer: "east",
      status: "fail",
      severity: "error",
      message: "Service CIDRs overlap",
      remediation: "# a new cluster\naws eks create-cluster --name west-2",
      manual: true,
    });
    const [found] = junitCases(renderJunit({ ...DOC, checks: [overlap] }));
    assert.match(found?.body ?? "", /^manual:\n# a new cluster\naws eks create-cluster/m);
    assert.doesNotMatch(found?.body ?? "", /^fix:/m);
  });

  it("keeps message and fix inside the failure, with the traffic's way and the docs", () => {
    const route = junitCases(renderJunit(DOC)).find((c) => c.classname === "aws.route");
    assert.equal(route?.message, "no route\nfor east's Pod CIDR\tnow");
    assert.equal(
      route?.body,
      [
        "no route\nfor east's Pod CIDR\tnow",
        "traffic: west → east",
        "fix:",
        "aws ec2 create-route --route-table-id rtb-1",
        "docs: https://example.test/checks.md#aws.route",
      ].join("\n"),
    );
  });

  it("never writes a colour code or a character XML 1.0 cannot hold; escapes the rest", async () => {
    const xml = renderJunit(DOC, "info");
    assert.deepEqual(await junitSchemaErrors(xml), []);
    assert.equal(xml.includes(ESC), false);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 forbids
    assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    assert.doesNotMatch(xml, /\p{Cs}/u, "a lone surrogate");
    assert.doesNotMatch(xml, /]]>/);
    const agent = junitCases(xml).find((c) => c.classname === "antrea.agent-config");
    const clean = `red <b>&amp;</b> & "q" 'a' 🚀 𝄞 nul\uFFFD bell\uFFFD lone\uFFFD esc\uFFFD ]]> end`;
    assert.equal(agent?.message, clean);
    assert.ok(agent?.body.startsWith(`${clean}\nfix:\n`), agent?.body);
    assert.ok(agent?.body.includes(`#   set "a" < 'b' && bold\n`), agent?.body);
    // The characters outside the BMP are kept as they are, not as references or replacements.
    assert.ok(xml.includes("🚀 𝄞"));
  });

  it("says at the suite level which contexts were not members and that AWS was not read", async () => {
    const xml = renderJunit({
      ...DOC,
      checks: [],
      aws: { inspected: false, skipped: "--no-aws" },
    });
    assert.deepEqual(await junitSchemaErrors(xml), []);
    assert.deepEqual(junitCases(xml), []);
    assert.equal(suiteAttributes(xml).tests, "0");
    assert.match(
      xml,
      /<system-out>context not used as a member: kind-dev: no member antrea-mc-controller Deployment\nAWS checks not run: --no-aws<\/system-out>/,
    );
  });

  it("no member found: one test case in error that says what to do", async () => {
    const xml = renderJunitNoMembers({
      members: [],
      checks: [],
      summary: { pass: 0, fail: 0, warn: 0, unknown: 0, info: 0 },
      skippedContexts: [{ context: "kind-<dev>", reason: "no member antrea-mc-controller" }],
      aws: { inspected: false },
    });
    assert.deepEqual(await junitSchemaErrors(xml), []);
    const [only, ...rest] = junitCases(xml);
    assert.deepEqual(rest, []);
    assert.equal(only?.classname, "doctor");
    assert.equal(only?.name, "no member found");
    assert.deepEqual(only?.children, ["error"]);
    assert.equal(
      only?.message,
      "No member found (exit 3): no context runs a member antrea-mc-controller.",
    );
    assert.ok(only?.body.includes("  - kind-<dev>: no member antrea-mc-controller"), only?.body);
    assert.ok(only?.body.includes("kubectl antrea-mc doctor --context NAME,NAME"));
    const suite = suiteAttributes(xml);
    assert.equal(suite.errors, "1");
    assert.equal(suite.tests, "1");
  });
});

describe("the JUnit schema check really rejects", () => {
  const valid = renderJunit(DOC);
  const broken: [string, string][] = [
    ["a stray element in a test case", valid.replace("<skipped ", "<bogus/><skipped ")],
    ["a test case without a name", valid.replace(' name="west Node n1"', "")],
    ["a suite without its test count", valid.replace(/(<testsuite [^>]*?) tests="\d+"/, "$1")],
    ["a failure outside a test case", valid.replace("<properties>", "<failure/><properties>")],
    ["an attribute the schema does not know", valid.replace("<testcase ", '<testcase status="x" ')],
    [
      "a raw ESC character (not XML 1.0)",
      valid.replace('name="west Node n1"', `name="west ${ESC}[31mNode n1"`),
    ],
  ];
  it("the document these are made from is valid", async () => {
    assert.deepEqual(await junitSchemaErrors(valid), []);
  });
  for (const [what, xml] of broken) {
    it(what, async () => {
      assert.notEqual(xml, valid, "the mutation applies");
      assert.notDeepEqual(await junitSchemaErrors(xml), []);
    });
  }
});
