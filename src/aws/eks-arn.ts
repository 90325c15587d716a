/**
 * `aws eks update-kubeconfig` names contexts (and clusters, users) by the cluster ARN:
 * arn:aws:eks:<region>:<account>:cluster/<name>. Region, account and cluster name follow from it.
 */
export interface EksClusterArn {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly clusterName: string;
}

const ARN = /^arn:(aws[a-z-]*):eks:([a-z0-9-]+):(\d{12}):cluster\/(.+)$/;

export function parseEksClusterArn(text: string): EksClusterArn | undefined {
  const m = ARN.exec(text);
  if (!m?.[1] || !m[2] || !m[3] || !m[4]) return undefined;
  return { partition: m[1], region: m[2], accountId: m[3], clusterName: m[4] };
}
