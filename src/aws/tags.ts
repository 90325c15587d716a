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
  return `${CLUSTERSET_TAG}/${clusterSet}/route/${destination}`;
}

/** The destinations of the routes setup made in a table (tag key → destination). */
export function ownedRoutes(
  tags: Readonly<Record<string, string>>,
  clusterSet: string,
): { key: string; destination: string; peering: string }[] {
  const prefix = `${CLUSTERSET_TAG}/${clusterSet}/route/`;
  return Object.entries(tags)
    .filter(([k]) => k.startsWith(prefix))
    .map(([key, peering]) => ({ key, destination: key.slice(prefix.length), peering }));
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
