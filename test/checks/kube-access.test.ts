import { kubeAccess } from "../../src/checks/kube-access.js";
import { checkCases, pair } from "../support/check-cases.js";
import { westSpec } from "../support/scenarios.js";

/** West without Karpenter: its Nodes in a managed node group, no NodePool API served. */
const noKarpenter = pair({
  nodes: westSpec().nodes.map((n) => ({ ...n, owner: { nodeGroup: "west-ng-1" } })),
  nodePools: null,
});

checkCases(kubeAccess, {
  valid: [
    { name: "every read allowed" },
    {
      // kube-apiserver authorizes before it looks the API up: 403, not 404, without Karpenter.
      name: "NodePools refused where no Node is Karpenter's: nothing is missing",
      members: noKarpenter,
      overrides: { west: { forbidden: [{ resource: "nodepools.karpenter.sh" }] } },
    },
    {
      name: "ServiceCIDRs refused on Kubernetes 1.32 (east), which does not serve them",
      member: "east",
      overrides: { east: { forbidden: [{ resource: "servicecidrs.networking.k8s.io" }] } },
    },
  ],
  invalid: [
    {
      name: "listing Pods is forbidden",
      overrides: { west: { forbidden: [{ resource: "pods" }] } },
      status: "fail",
      message: /refused \(403\).*list pods/,
      remediation: /auth can-i list pods -A/,
    },
    {
      name: "ServiceCIDRs refused on Kubernetes 1.33 (west), which serves them",
      overrides: { west: { forbidden: [{ resource: "servicecidrs.networking.k8s.io" }] } },
      status: "fail",
      message: /refused \(403\).*list servicecidrs/,
    },
    {
      name: "NodePools refused where Karpenter made Nodes",
      overrides: { west: { forbidden: [{ resource: "nodepools.karpenter.sh" }] } },
      status: "fail",
      message: /refused \(403\).*list nodepools/,
    },
    {
      name: "reading ConfigMaps in kube-system is forbidden",
      overrides: { west: { forbidden: [{ resource: "configmaps", namespace: "kube-system" }] } },
      status: "fail",
      message: /get configmaps antrea-config in namespace kube-system/,
      remediation: /auth can-i get configmaps -n kube-system/,
    },
    {
      name: "the Antrea Multi-cluster CRDs are not installed",
      overrides: { west: { missingGroups: ["multicluster.crd.antrea.io"] } },
      status: "fail",
      message:
        /clustersets\.multicluster\.crd\.antrea\.io.*CRDs \(ClusterSet v1alpha2\) are not installed/,
      remediation:
        /apply -f https:\/\/github\.com\/antrea-io\/antrea\/releases\/download\/v2\.7\.0\/antrea-multicluster-member\.yml/,
    },
    {
      name: "the API server cannot be reached",
      overrides: {
        west: {
          failure: {
            kind: "unreachable",
            message: "https://10.0.0.1: connection refused (ECONNREFUSED)",
          },
        },
      },
      status: "fail",
      message: /could not be reached: .*ECONNREFUSED/,
      remediation: /get --raw \/version/,
    },
    {
      name: "EKS credentials are refused",
      overrides: {
        west: { failure: { kind: "unauthorized", status: 401, message: "Unauthorized" } },
      },
      status: "fail",
      message: /refused the credentials/,
      remediation: /aws eks update-kubeconfig --region us-west-2 --name west/,
    },
    {
      name: "an exec plugin refused (no request sent): the plugin is named, not the API server",
      overrides: {
        west: {
          failure: {
            kind: "unauthorized",
            message:
              "could not get credentials for context west: exec credential plugin of user u (aws eks get-token) failed with exit code 255: Token has expired",
          },
        },
      },
      status: "fail",
      message:
        /^no request was sent: could not get credentials for context west: exec credential plugin .*exit code 255/,
      remediation: /aws eks update-kubeconfig --region us-west-2 --name west/,
    },
    {
      name: "aws eks get-token after the SSO login expired: aws sso login with the plugin's profile",
      overrides: {
        west: {
          failure: {
            kind: "unauthorized",
            message: "could not get credentials for context west: exec credential plugin …",
            plugin: {
              command: "aws",
              awsProfile: "prod admin",
              said: "Error when retrieving token from sso: Token has expired and refresh failed",
            },
          },
        },
      },
      status: "fail",
      message: /^no request was sent: /,
      remediation: /^aws sso login --profile 'prod admin'\nkubectl --context \S+ auth whoami$/,
    },
    {
      name: "a plugin that is not installed: its installHint, as comments above the check",
      overrides: {
        west: {
          failure: {
            kind: "unauthorized",
            message: "could not get credentials for context west: … kubelogin not found on PATH",
            plugin: {
              command: "kubelogin",
              missing: true,
              installHint: "kubelogin is not installed.\nSee https://azure.github.io/kubelogin/",
            },
          },
        },
      },
      status: "fail",
      message: /^no request was sent: /,
      remediation:
        /^# kubelogin is not installed\.\n# See https:\/\/azure\.github\.io\/kubelogin\/\nkubectl --context \S+ auth whoami$/,
    },
    {
      name: "aws-iam-authenticator not installed on an EKS context: update-kubeconfig needs none",
      overrides: {
        west: {
          failure: {
            kind: "unauthorized",
            message: "could not get credentials for context west: … not found on PATH",
            plugin: { command: "aws-iam-authenticator", missing: true },
          },
        },
      },
      status: "fail",
      message: /^no request was sent: /,
      remediation:
        /^# or install aws-iam-authenticator\naws eks update-kubeconfig --region us-west-2 --name west\n/,
    },
  ],
});
