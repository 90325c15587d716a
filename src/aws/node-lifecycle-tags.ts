/**
 * The tags that say what launched an EC2 instance, for Nodes whose labels do not say it (a
 * self-managed Auto Scaling group sets no label; kubelet flags set what the user chose).
 */
/** EC2 Auto Scaling tags every instance it launches with the group's name. */
export const ASG_NAME_TAG = "aws:autoscaling:groupName";
/** EKS managed node groups tag their instances with the node group's name. */
export const EKS_NODEGROUP_TAG = "eks:nodegroup-name";
/** Karpenter tags the instances it launches with the NodePool's name. */
export const KARPENTER_NODEPOOL_TAG = "karpenter.sh/nodepool";
