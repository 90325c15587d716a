/**
 * EC2 instance and zone from a Node's spec.providerID, with the rules of the AWS cloud provider
 * (kubernetes/cloud-provider-aws MapToAWSInstanceID): "aws:///us-west-2a/i-0abc",
 * "aws:////i-0abc" or a bare "i-0abc"; the last path token is the instance ID.
 */
export interface AwsProviderID {
  readonly instanceId: string;
  readonly zone?: string;
}

export function parseAwsProviderID(providerID: string | undefined): AwsProviderID | undefined {
  if (!providerID) return undefined;
  let text = providerID.trim();
  if (!text.startsWith("aws://")) text = `aws:///${text.replace(/^\/+/, "")}`;
  const rest = text.slice("aws://".length);
  const tokens = rest.split("/").filter((t) => t !== "");
  const instanceId = tokens.at(-1);
  if (!instanceId || !/^i-[^/]+$/.test(instanceId)) return undefined;
  const zone = tokens.length >= 2 ? tokens.at(-2) : undefined;
  return zone ? { instanceId, zone } : { instanceId };
}

/** us-west-2a → us-west-2; local zones (us-west-2-lax-1a) and wavelength zones keep their parent. */
export function regionOfZone(zone: string): string | undefined {
  const m = /^([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d+)/.exec(zone);
  return m?.[1];
}
