import { mcLeader } from "../../src/checks/mc-leader.js";
import type { KubeObject } from "../../src/kube/types.js";
import { checkCases, mutated, pair } from "../support/check-cases.js";
import { failedExport, LEADER_NAMESPACE, leaderObjects } from "../support/fixtures/leader.js";
import { eastSpec, patchObjects, scenario, westSpec } from "../support/scenarios.js";

/** The healthy pair, with the leader's objects (held by west, the dual-role member) changed. */
const onLeader = (fn: (objects: KubeObject[]) => KubeObject[]) =>
  mutated("west", (m) => {
    m.objects = fn(m.objects);
  });

const inLeaderNs = (o: KubeObject) => o.metadata?.namespace === LEADER_NAMESPACE;

/** Replaces the leader-namespace objects of `kind` (named `name`) with fn(object); null drops it. */
const patchLeader = (
  kind: string,
  name: string | undefined,
  fn: (o: KubeObject) => KubeObject | null,
) =>
  onLeader((objects) =>
    objects.flatMap((o) => (inLeaderNs(o) ? patchObjects([o], kind, name, fn) : [o])),
  );

const touched = (ts: string | undefined) => (o: KubeObject) => {
  const annotations = { ...(o.metadata?.annotations ?? {}) };
  if (ts === undefined) delete annotations["touch-ts"];
  else annotations["touch-ts"] = ts;
  return { ...o, metadata: { ...o.metadata, annotations } };
};

const eastStatus = (condition: Record<string, string>) => (cs: KubeObject) => {
  const status = cs.status as { clusterStatuses: { clusterID: string; conditions: unknown[] }[] };
  for (const s of status.clusterStatuses) if (s.clusterID === "east") s.conditions = [condition];
  return cs;
};

/** A leader cluster of its own (not a member): its controller and its namespace. */
function leaderOnly(version = "v2.7.0"): KubeObject[] {
  const members = [westSpec({ leader: false }), eastSpec()];
  const deployment = scenario([westSpec()])[0]?.objects.find(
    (o) => o.kind === "Deployment" && o.metadata?.namespace === LEADER_NAMESPACE,
  );
  if (!deployment) throw new Error("no leader Deployment in the fixture");
  const image = `antrea/antrea-mc-controller:${version}`;
  const d = structuredClone(deployment) as {
    spec: { template: { spec: { containers: { image: string }[] } } };
  };
  for (const c of d.spec.template.spec.containers) c.image = image;
  return [d as KubeObject, ...leaderObjects(members, { ...eastSpec(), name: "hub" })];
}

const leaderCluster = (objects: KubeObject[], extra: object = {}) => ({
  kind: "cluster" as const,
  context: "hub",
  options: { objects, clock: "2026-11-28T10:00:00Z", ...extra },
});

checkCases(mcLeader, {
  valid: [
    {
      name: "connected, fresh announce, exports converged, own token",
      message:
        /the leader \(context \S+\) says west: connected since .*announce refreshed 5s before/,
    },
    { name: "the other member", member: "east", message: /says east: connected/ },
    {
      name: "a leader that is not a member",
      members: () => scenario([westSpec({ leader: false }), eastSpec()]),
      leader: leaderCluster(leaderOnly()),
      member: "east",
      message: /context hub\) says east: connected/,
    },
    {
      name: "before v2.7 there is no per-member token to check",
      members: () => scenario([westSpec({ leader: false }), eastSpec({ antreaVersion: "v2.6.1" })]),
      leader: leaderCluster(
        leaderOnly("v2.6.1").filter((o) => o.kind !== "ServiceAccount" && o.kind !== "RoleBinding"),
      ),
      member: "east",
    },
  ],
  invalid: [
    {
      name: "no leader context: unknown, with the flag that adds it",
      leader: { kind: "none" },
      status: "unknown",
      message:
        /^the leader was not read: no kubeconfig context's cluster server is .*; name its kubeconfig context with --leader-context/,
    },
    {
      name: "the leader cannot be read",
      leader: {
        ...leaderCluster([]),
        failure: {
          kind: "unreachable",
          message: "https://hub.example: connection refused (ECONNREFUSED)",
        },
      },
      status: "unknown",
      message: /^the leader \(context hub\) could not be read: .*ECONNREFUSED/,
    },
    {
      name: "a stale announce, by the leader's clock",
      members: patchLeader(
        "MemberClusterAnnounce",
        "member-announce-from-east",
        touched("2026-11-28T09:58:00Z"),
      ),
      member: "east",
      status: "fail",
      message:
        /member-announce-from-east was last refreshed 2m 0s before 2026-11-28T10:00:00Z \(the leader API server's clock, its Date header\): east refreshes it every 10s, the leader counts it disconnected after 30s$/,
      remediation:
        /logs deployment\/antrea-mc-controller \| grep -i -e leader -e MemberClusterAnnounce$/,
    },
    {
      name: "an announce a day old: the leader deletes it and the exports",
      members: patchLeader(
        "MemberClusterAnnounce",
        "member-announce-from-east",
        touched("2026-11-27T09:00:00Z"),
      ),
      member: "east",
      status: "fail",
      message:
        /last refreshed 25h 0m before .*after 24h the leader deletes it and east's ResourceExports$/,
    },
    {
      name: "an announce created and never refreshed",
      members: patchLeader(
        "MemberClusterAnnounce",
        "member-announce-from-east",
        touched(undefined),
      ),
      member: "east",
      status: "fail",
      message: /was created and never refreshed \(no touch-ts\)/,
    },
    {
      name: "no announce",
      members: patchLeader("MemberClusterAnnounce", "member-announce-from-east", () => null),
      member: "east",
      status: "fail",
      message: /the leader has no MemberClusterAnnounce from east/,
    },
    {
      name: "the leader counts the member disconnected, with its message and since when",
      members: patchLeader(
        "ClusterSet",
        undefined,
        eastStatus({
          type: "Ready",
          status: "False",
          reason: "Disconnected",
          message: "No MemberClusterAnnounce update after Sat Nov 28 09:58:00 UTC 2026",
          lastTransitionTime: "2026-11-28T09:58:30Z",
        }),
      ),
      member: "east",
      status: "fail",
      message:
        'the leader counts east as disconnected since 2026-11-28T09:58:30Z: "No MemberClusterAnnounce update after Sat Nov 28 09:58:00 UTC 2026"',
    },
    {
      name: "the leader's ClusterSet does not list the member",
      members: patchLeader("ClusterSet", undefined, (cs) => {
        const status = cs.status as { clusterStatuses: { clusterID: string }[] };
        status.clusterStatuses = status.clusterStatuses.filter((s) => s.clusterID !== "east");
        return cs;
      }),
      member: "east",
      status: "fail",
      message: /the leader's ClusterSet does not list east: .*\(it lists west\)/,
    },
    {
      name: "no ClusterSet on the leader",
      members: patchLeader("ClusterSet", undefined, () => null),
      member: "east",
      status: "fail",
      message:
        /the leader has no ClusterSet in namespace antrea-multicluster \(ClusterSet kube-system\/antrea-mc of west\)/,
    },
    {
      name: "a Service export failed: a warning, with the leader's log",
      members: patchLeader(
        "ResourceExport",
        "east-default-web-service",
        failedExport("2026-11-28T09:00:00Z"),
      ),
      member: "east",
      status: "warn",
      severity: "warning",
      message:
        /east's ResourceExport east-default-web-service \(Service default\/web\) failed on the leader: ConvergeFailure: ResourceExport can't be converged to ResourceImport \(since 2026-11-28T09:00:00Z\)/,
      remediation:
        /^kubectl --context \S+cluster\/west -n antrea-multicluster logs deployment\/antrea-mc-controller \| grep east-default-web-service$/,
    },
    {
      name: "a ClusterInfo export failed: an error",
      members: patchLeader("ResourceExport", "east-clusterinfo", (e) => ({
        ...e,
        status: { conditions: [{ type: "Failure", status: "False", reason: "ConvergeFailure" }] },
      })),
      member: "east",
      status: "fail",
      severity: "error",
      message: /ResourceExport east-clusterinfo \(ClusterInfo kube-system\/east\) failed/,
    },
    {
      name: "no token bound to the ClusterID",
      members: patchLeader("ServiceAccount", "east-member-token", () => null),
      member: "east",
      status: "fail",
      message:
        /no ServiceAccount in the leader's namespace antrea-multicluster is annotated multicluster\.antrea\.io\/cluster-id=east: the v2\.7\.0 leader's webhook refuses/,
      remediation:
        /^kubectl config use-context \S+cluster\/west\nantctl mc create membertoken east-member-token -n antrea-multicluster --cluster-id east -o east-member-token\.yml\nkubectl --context \S+cluster\/east -n kube-system apply -f east-member-token\.yml\nkubectl --context \S+ -n kube-system patch clusterset\.v1alpha2\.multicluster\.crd\.antrea\.io antrea-mc --type json -p '\[\{"op":"replace","path":"\/spec\/leaders\/0\/secret","value":"east-member-token"\}\]'$/,
    },
    {
      name: "two tokens bound to one ClusterID",
      members: onLeader((objects) => [
        ...objects,
        {
          apiVersion: "v1",
          kind: "ServiceAccount",
          metadata: {
            name: "east-old",
            namespace: LEADER_NAMESPACE,
            annotations: { "multicluster.antrea.io/cluster-id": "east" },
          },
        },
      ]),
      member: "east",
      status: "fail",
      message:
        /2 ServiceAccounts are annotated multicluster\.antrea\.io\/cluster-id=east \(east-member-token, east-old\)/,
    },
    {
      name: "a token without its RoleBinding",
      members: patchLeader("RoleBinding", "east-member-token", () => null),
      member: "east",
      status: "fail",
      message:
        /ServiceAccount east-member-token, bound to east, has no RoleBinding to Role antrea-mc-member-cluster-role/,
      remediation:
        /create rolebinding east-member-token --role antrea-mc-member-cluster-role --serviceaccount antrea-multicluster:east-member-token$/,
    },
    {
      name: "ClusterIDs that are a dash-prefix pair",
      members: pair({}, { clusterID: "west-1" }),
      member: "east",
      status: "fail",
      manual: true,
      message: /ClusterID west-1 and west differ by a dash suffix/,
    },
    {
      name: "the leader's webhook denial, quoted from the member's ClusterSet",
      members: mutated("east", (m) => {
        m.objects = patchObjects(m.objects, "ClusterSet", undefined, (cs) => {
          (cs.status as { clusterStatuses: { conditions: unknown[] }[] }).clusterStatuses[0] = {
            clusterID: "west",
            conditions: [
              {
                type: "Ready",
                status: "False",
                reason: "Disconnected",
                message:
                  'memberclusterannounces.multicluster.crd.antrea.io "member-announce-from-east" is forbidden: admission webhook "vmemberclusterannounce.kb.io" denied the request: ClusterID "east" is not permitted for ServiceAccount "antrea-mc-member-access-sa" (expected multicluster.antrea.io/cluster-id annotation to match)',
              },
            ],
          } as never;
          return cs;
        });
      }),
      member: "east",
      status: "fail",
      message:
        /^the leader refuses east: "memberclusterannounces\.multicluster\.crd\.antrea\.io "member-announce-from-east" is forbidden: admission webhook "vmemberclusterannounce\.kb\.io" denied the request: ClusterID "east" is not permitted/,
      remediation: /antctl mc create membertoken east-member-token/,
    },
    {
      name: "a member controller older than a v2.7 leader: an error",
      members: pair({}, { antreaVersion: "v2.6.1" }),
      member: "east",
      status: "fail",
      severity: "error",
      manual: true,
      message:
        /east's antrea-mc-controller is v2\.6\.1, the leader's v2\.7\.0: .*refuses an older member's ClusterInfo updates/,
      remediation: /releases\/download\/v2\.7\.0\/antrea-multicluster-member\.yml$/,
    },
    {
      name: "ServiceAccounts may not be read: the rest is judged, that part unknown",
      overrides: {
        west: { forbidden: [{ resource: "serviceaccounts", namespace: LEADER_NAMESPACE }] },
      },
      member: "east",
      status: "unknown",
      message:
        /^on the leader west: member identities: ServiceAccounts could not be read \(list serviceaccounts \(v1\) in namespace antrea-multicluster: serviceaccounts is forbidden/,
    },
  ],
});
