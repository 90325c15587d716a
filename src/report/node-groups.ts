/** A member's Nodes in few words — their groups (MemberView.nodeGroups), their compute — for show. */
import { plural } from "../checks/helpers.js";
import type { NodeCompute } from "../model/aws/eks.js";
import type { NodeGroupView } from "./members.js";
import { shortId } from "./show-path.js";
import { visibleWidth } from "./wrap.js";

export const nodeCount = (groups: readonly NodeGroupView[]) =>
  groups.reduce((n, g) => n + g.nodeCount, 0);

/** The IDs every group shares (shortened if asked), else how many sets of them there are. */
function shared(
  sets: readonly (readonly string[])[],
  many: (n: number) => string,
  short: boolean,
): string {
  const distinct = new Map(sets.map((ids) => [ids.join(","), ids]));
  const [only] = distinct.values();
  if (distinct.size > 1 || !only) return many(distinct.size);
  return only.length ? (short ? only.map(shortId) : only).join(",") : many(0);
}

/**
 * "3 Nodes in 3 groups: 3 subnets, sg-075da331b561a60df, acl-56e0d5be6c01bb44d": with full IDs
 * when that fits in `room` columns, else shortened IDs, else only the counts.
 */
export function nodeGroupsText(groups: readonly NodeGroupView[], room: number): string {
  if (groups.length === 0) return "no Node placed in EC2";
  const counts = `${plural(nodeCount(groups), "Node")} in ${plural(groups.length, "group")}`;
  const detail = (short: boolean) =>
    [
      shared(
        groups.map((g) => [g.subnetId]),
        (n) => plural(n, "subnet"),
        short,
      ),
      shared(
        groups.map((g) => g.securityGroupIds),
        (n) => (n === 0 ? "no security group" : `${n} sets of security groups`),
        short,
      ),
      shared(
        groups.map((g) => (g.networkAclId ? [g.networkAclId] : [])),
        (n) => (n === 0 ? "no network ACL" : plural(n, "network ACL")),
        short,
      ),
    ].join(", ");
  return (
    [`${counts}: ${detail(false)}`, `${counts}: ${detail(true)}`].find(
      (t) => visibleWidth(t) <= room,
    ) ?? counts
  );
}

/** "2 of 5 Nodes on Fargate", "3 of 5 Nodes in Auto Mode": what the Nodes' labels say. */
export function computeNotes(compute: NodeCompute | undefined): string[] {
  return [
    compute?.fargate ? `${compute.fargate} of ${compute.total} Nodes on Fargate` : "",
    compute?.auto ? `${compute.auto} of ${compute.total} Nodes in Auto Mode` : "",
  ].filter(Boolean);
}
