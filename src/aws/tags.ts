/**
 * How setup marks what it makes, so that teardown removes exactly that: tags on the peering (both
 * accounts' views) and on security group rules, and, since routes carry no tags, one tag per
 * route on its route table naming the destination and the peering it was made for.
 */
export const CLUSTERSET_TAG = "antrea.io/clusterset";
export const MANAGED_BY_TAG = "antrea.io/managed-by";
export const MANAGED_BY = "kubectl-antrea-mc";

export function ownedTags(clusterSet: string): { Key: string; Value: string }[] {
  return [
    { Key: CLUSTERSET_TAG, Value: clusterSet },
    { Key: MANAGED_BY_TAG, Value: MANAGED_BY },
  ];
}

export function isOwned(tags: Readonly<Record<string, string>>, clusterSet: string): boolean {
  return tags[CLUSTERSET_TAG] === clusterSet && tags[MANAGED_BY_TAG] === MANAGED_BY;
}

/** The route table tag for a route setup made: key names the destination, value the peering. */
export function routeTagKey(clusterSet: string, destination: string): string {
  return transitMarkKey(clusterSet, "route", destination);
}

/**
 * What setup records where AWS keeps no tags: a route (on its VPC or transit gateway route table:
 * destination → target), a propagation (on the gateway route table: VPC → attachment), an
 * association and a subnet it added (on the attachment: → route table, → "added").
 */
export type Mark = "route" | "propagation" | "association" | "subnet";

export function transitMarkKey(clusterSet: string, kind: Mark, what?: string): string {
  return `${CLUSTERSET_TAG}/${clusterSet}/${kind}${what === undefined ? "" : `/${what}`}`;
}

/** The marks of one kind among a resource's tags: what each names, and its value. */
export function ownedMarks(
  tags: Readonly<Record<string, string>>,
  clusterSet: string,
  kind: Mark,
): { key: string; what: string; value: string }[] {
  const exact = transitMarkKey(clusterSet, kind);
  const prefix = `${exact}/`;
  return Object.entries(tags)
    .filter(([k]) => k === exact || k.startsWith(prefix))
    .map(([key, value]) => ({ key, what: key.slice(prefix.length), value }));
}

/** The destinations of the routes setup made in a table (tag key → destination). */
export function ownedRoutes(
  tags: Readonly<Record<string, string>>,
  clusterSet: string,
): { key: string; destination: string; peering: string }[] {
  return ownedMarks(tags, clusterSet, "route").map(({ key, what, value }) => ({
    key,
    destination: what,
    peering: value,
  }));
}

/** The description of a security group rule setup adds. */
export function ruleDescription(
  clusterSet: string,
  direction: "from" | "to",
  peer: string,
): string {
  return `antrea-mc ${clusterSet}: tunnel ${direction} ${peer}`;
}

/** The description of a rule setup adds between a member's Nodes and its Gateways. */
export function nodeRuleDescription(clusterSet: string): string {
  return `antrea-mc ${clusterSet}: tunnel between Nodes and Gateway`;
}

/** The description of the rule setup adds for a member's Nodes to reach the leader's API server. */
export function leaderRuleDescription(clusterSet: string, member: string): string {
  return `antrea-mc ${clusterSet}: ${member} to the leader API server`;
}
