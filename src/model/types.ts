/**
 * The model: one typed, immutable picture of the ClusterSet, built by a pure function from what was
 * collected. Checks read only this. A value that could not be read is `unknown` with the reason, so
 * that a check can report `unknown` instead of guessing.
 */

import type { AwsFailure, AwsSettings } from "../aws/types.js";
import type { ApiFailure, ResourceKey, SkippedContext } from "../kube/types.js";
import type { AgentConfig } from "./agent-config.js";
import type { EksCluster, NodeCompute } from "./aws/eks.js";
import type { TransitView } from "./aws/transit.js";
import type {
  AwsInventory,
  Eni,
  Instance,
  NetworkAcl,
  Peering,
  RouteTable,
  SecurityGroup,
  Subnet,
  Vpc,
} from "./aws/types.js";
import type { Known } from "./known.js";
import type { LeaderModel } from "./leader.js";
import type { McConfig } from "./mc-config.js";
import type { Tunnel } from "./tunnel.js";

export type { Known };

/** A value and where it came from (shown to users, so they can tell a guess from a setting). */
export interface Sourced<T> {
  readonly value: T;
  readonly source: string;
}

/** A failed read of a member, for kube.access. */
export interface AccessProblem {
  /** e.g. "clustersets.multicluster.crd.antrea.io", "cluster" for member-wide failures. */
  readonly resource: string;
  /** The snapshot file name of the resource (absent for member-wide failures). */
  readonly key?: ResourceKey;
  readonly failure: ApiFailure;
}

export interface ObjectRef {
  readonly namespace: string;
  readonly name: string;
}

export type AgentState =
  | {
      readonly status: "ok";
      readonly daemonSet: ObjectRef;
      readonly configMap: ObjectRef;
      readonly config: AgentConfig;
      /** antrea-agent.conf as the ConfigMap holds it: fixes edit it in place. */
      readonly text: string;
      readonly image?: string;
    }
  | {
      readonly status: "missing-daemonset" | "missing-configmap" | "missing-key" | "invalid";
      readonly daemonSet?: ObjectRef;
      readonly configMap?: ObjectRef;
      readonly message: string;
    };

export type ControllerState =
  | {
      readonly status: "ok";
      readonly deployment: ObjectRef;
      readonly available: boolean;
      readonly availability: string;
      readonly image?: string;
    }
  | { readonly status: "missing"; readonly message: string };

export type McConfigState =
  | {
      readonly status: "ok";
      readonly configMap: ObjectRef;
      readonly config: McConfig;
      /** controller_manager_config.yaml as the ConfigMap holds it: fixes edit it in place. */
      readonly text: string;
    }
  | {
      readonly status: "missing-configmap" | "missing-key" | "invalid";
      readonly configMap: ObjectRef;
      readonly message: string;
    };

export interface ClusterSetInfo {
  readonly name: string;
  readonly namespace: string;
  readonly clusterID: string;
  readonly leaderServer?: string;
  readonly leaderClusterID?: string;
  /** The leader's namespace (spec.namespace of a member ClusterSet). */
  readonly leaderNamespace?: string;
  readonly ready: "True" | "False" | "Unknown";
  readonly readyMessage: string;
  /**
   * What the member controller says of its connection to the leader: the Ready condition of the
   * leader's entry in status.clusterStatuses, whose message is the leader API server's refusal
   * (a webhook's denial) when the leader refuses the member's announce.
   */
  readonly leaderConnection?: { readonly status: string; readonly message: string };
}

export interface GatewayCR {
  readonly name: string; // = the Gateway Node
  readonly gatewayIP: string;
  readonly internalIP: string;
  readonly serviceCIDR: string;
  /** wireGuard.publicKey, which the Gateway's antrea-agent publishes with Multi-cluster WireGuard. */
  readonly wireGuardPublicKey?: string;
}

/** The Gateway IPs the member controller would derive for a Node, or why it would reject it. */
export type ExpectedIPs =
  | { readonly ok: true; readonly gatewayIP: string; readonly internalIP: string }
  | { readonly ok: false; readonly problem: string };

export interface GatewayNode {
  readonly node: string;
  /** Carries the multicluster.antrea.io/gateway annotation. */
  readonly candidate: boolean;
  readonly annotationValue?: string;
  /** The Node object exists. */
  readonly exists: boolean;
  readonly ready: boolean;
  readonly readyMessage: string;
  readonly os?: string;
  readonly internalIP?: string;
  readonly externalIP?: string;
  readonly gatewayIPAnnotation?: string;
  readonly expected: ExpectedIPs;
  readonly providerID?: string;
  readonly instanceId?: string;
  readonly zone?: string;
  /** Named by the Gateway CR. */
  readonly active: boolean;
  /** The labels that say what creates and replaces the Node (lifecycleOf reads them). */
  readonly lifecycleLabels: NodeLifecycleLabels;
  /** Where the Node sits in AWS; unknown when AWS was not inspected. */
  readonly aws: Known<GatewayPlacement>;
}

/** karpenter.sh/nodepool, eks.amazonaws.com/nodegroup and eks.amazonaws.com/compute-type. */
export interface NodeLifecycleLabels {
  readonly nodePool?: string;
  readonly nodeGroup?: string;
  readonly computeType?: string;
}

/** A Karpenter NodePool: the annotations it puts on every Node it creates. */
export interface NodePool {
  readonly name: string;
  /** spec.template.metadata.annotations */
  readonly annotations: Readonly<Record<string, string>>;
}

export interface NodePools {
  /** False: karpenter.sh/v1 NodePools are not served (no Karpenter 1.0+ in the cluster). */
  readonly served: boolean;
  readonly pools: readonly NodePool[];
}

/** Any Node of a member: where its tunnel packets come from and go to. */
export interface MemberNode {
  readonly node: string;
  readonly os: string;
  readonly internalIP?: string;
  /** From spec.providerID; absent for Nodes that are not EC2 instances (Fargate, elsewhere). */
  readonly instanceId?: string;
}

/** A Gateway Node mapped to EC2: its instance, the interface holding its IP, and what governs it. */
export type GatewayPlacement =
  | {
      readonly mapped: true;
      readonly instance: Instance;
      readonly eni: Eni;
      readonly subnet?: Subnet;
      readonly vpc?: Vpc;
      /** The subnet's effective route table: its explicit association, else the VPC's main table. */
      readonly routeTable?: RouteTable;
      readonly routeTableExplicit: boolean;
      readonly nacl?: NetworkAcl;
      readonly securityGroups: readonly SecurityGroup[];
    }
  | { readonly mapped: false; readonly problem: string };

/** How a member reaches AWS and what was read there. */
export interface MemberAws {
  readonly settings: AwsSettings;
  readonly region: string;
  readonly account?: string;
  readonly accountSource?: "sts" | "instances";
  readonly principalArn?: string;
  readonly inventory: AwsInventory;
}

export interface ClusterInfoImportInfo {
  readonly name: string;
  readonly clusterID: string;
  readonly gatewayIPs: readonly string[];
  readonly serviceCIDR: string;
  readonly podCIDRs: readonly string[];
  /** spec.wireGuard.publicKey: the peer Gateway's key this member's Gateway encrypts to. */
  readonly wireGuardPublicKey?: string;
}

export interface MemberModel {
  readonly name: string;
  readonly context: string;
  readonly namespace: Sourced<string>;
  /** False when the API server could not be talked to at all. */
  readonly reachable: boolean;
  readonly access: readonly AccessProblem[];
  readonly kubernetesVersion?: string;
  readonly antreaVersion?: string;
  readonly agent: Known<AgentState>;
  readonly controller: Known<ControllerState>;
  readonly mcConfig: Known<McConfigState>;
  readonly clusterSets: Known<readonly ClusterSetInfo[]>;
  readonly clusterID?: string;
  readonly gatewayCRs: Known<readonly GatewayCR[]>;
  /** Candidates and the active Gateway's Node (also when it lost its annotation). */
  readonly gateways: Known<readonly GatewayNode[]>;
  /** Every Node, for the Node-to-Gateway path (aws.node-to-gateway). */
  readonly nodes: Known<readonly MemberNode[]>;
  /** Names of Ready Linux Nodes, for suggesting a Gateway. */
  readonly readyLinuxNodes: readonly string[];
  readonly clusterInfoImports: Known<readonly ClusterInfoImportInfo[]>;
  readonly serviceCIDR: Known<Sourced<string>>;
  readonly podCIDRs: Known<Sourced<readonly string[]>>;
  /** IPs of running, non-hostNetwork Pods. */
  readonly podIPs: Known<readonly string[]>;
  readonly tunnel: Known<Tunnel>;
  readonly region?: Sourced<string>;
  /** The Amazon VPC CNI (aws-node DaemonSet) runs in the cluster. */
  readonly vpcCni: boolean;
  /** The MTU the VPC CNI gives Pods' network (aws-node AWS_VPC_ENI_MTU, default 9001). */
  readonly vpcCniMtu?: Sourced<number>;
  readonly aws: Known<MemberAws>;
  /** What eks:DescribeCluster says about the member's cluster. */
  readonly eks: Known<EksCluster>;
  /** How many Nodes run on Fargate or EKS Auto Mode (their eks.amazonaws.com/compute-type label). */
  readonly nodeCompute: Known<NodeCompute>;
  /** Karpenter's NodePools: whether a replaced Gateway candidate gets its annotation back. */
  readonly nodePools: Known<NodePools>;
  /** Settings used for AWS (also when reading failed), for the --profile/--region of fixes. */
  readonly awsSettings?: AwsSettings;
  /** AWS reads that failed, for aws.access. */
  readonly awsProblems: readonly AwsFailure[];
}

export interface ClusterSetModel {
  readonly source: "live" | "snapshot";
  readonly members: readonly MemberModel[];
  /** The leader cluster, or why it was not read (no context found, not looked for). */
  readonly leader: Known<LeaderModel>;
  readonly skippedContexts: readonly SkippedContext[];
  /** Whether AWS was inspected, and every VPC peering connection seen from any member's account. */
  readonly aws: {
    readonly inspected: boolean;
    readonly skipped?: string;
    readonly peerings: readonly Peering[];
    /** Every transit gateway, attachment and gateway route table seen from any account. */
    readonly transit: TransitView;
  };
}
