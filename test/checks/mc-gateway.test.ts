import { mcGateway } from "../../src/checks/mc-gateway.js";
import { checkCases, mutated, pair } from "../support/check-cases.js";
import { patchObjects } from "../support/scenarios.js";

checkCases(mcGateway, {
  valid: [
    { name: "one Gateway matching its Node" },
    {
      name: "an Elastic IP set with the gateway-ip annotation",
      members: () => {
        const m = pair({
          nodes: [
            {
              ip: "10.10.12.34",
              zone: "us-west-2a",
              annotations: { "multicluster.antrea.io/gateway-ip": "52.12.34.56" },
            },
            { ip: "10.10.45.67", zone: "us-west-2b" },
          ],
        })();
        const west = m[0];
        if (!west) throw new Error("no west");
        west.objects = patchObjects(west.objects, "Gateway", undefined, (g) =>
          g.apiVersion?.startsWith("multicluster") ? { ...g, gatewayIP: "52.12.34.56" } : g,
        );
        return m;
      },
    },
  ],
  invalid: [
    {
      name: "no Gateway while the ClusterSet is disconnected",
      members: pair({ active: null, clusterSetReady: false }),
      status: "fail",
      message: /no Gateway in namespace kube-system: the ClusterSet antrea-mc is not Ready/,
      remediation: /get gateways\.multicluster\.crd\.antrea\.io/,
    },
    {
      name: "stale gatewayIP after the Node's address changed",
      members: mutated("west", (m) => {
        m.objects = patchObjects(m.objects, "Gateway", undefined, (g) =>
          g.apiVersion?.startsWith("multicluster") ? { ...g, gatewayIP: "10.10.12.99" } : g,
        );
      }),
      status: "fail",
      message: /is stale: gatewayIP is 10\.10\.12\.99, expected 10\.10\.12\.34/,
      remediation: /rollout restart deployment\/antrea-mc-controller/,
    },
    {
      name: "its Node was deleted",
      members: mutated("west", (m) => {
        m.objects = patchObjects(
          m.objects,
          "Node",
          "ip-10-10-12-34.us-west-2.compute.internal",
          () => null,
        );
      }),
      status: "fail",
      message: /names Node ip-10-10-12-34\.us-west-2\.compute\.internal, which does not exist/,
    },
    {
      name: "its Node is NotReady",
      members: pair({
        nodes: [
          { ip: "10.10.12.34", zone: "us-west-2a", ready: false },
          { ip: "10.10.45.67", zone: "us-west-2b" },
        ],
      }),
      status: "fail",
      message: /active Gateway Node .* is not Ready/,
    },
    {
      name: "two Gateways",
      members: mutated("west", (m) => {
        const gw = m.objects.find(
          (o) => o.kind === "Gateway" && o.apiVersion?.startsWith("multicluster"),
        );
        if (gw)
          m.objects.push({
            ...gw,
            metadata: { ...gw.metadata, name: "ip-10-10-45-67.us-west-2.compute.internal" },
            gatewayIP: "10.10.45.67",
            internalIP: "10.10.45.67",
          });
      }),
      status: "fail",
      message: /2 Gateways/,
    },
    {
      name: "Gateways cannot be read",
      overrides: { west: { forbidden: [{ resource: "gateways.multicluster.crd.antrea.io" }] } },
      status: "unknown",
    },
  ],
});
