/**
 * SearchTransitGatewayRoutes through the real SDK against a small EC2 endpoint on 127.0.0.1:
 * every page is read while the endpoint gives a NextToken; an endpoint that says more routes
 * exist but gives no token (as AWS did before it added one) is asked, per Gateway IP, for the
 * route that decides (route-search.longest-prefix-match), and the answer says it was narrowed.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { sdkAwsApi } from "../../src/collect/aws/client.js";

const route = (cidr: string, vpc: string) =>
  `<item><destinationCidrBlock>${cidr}</destinationCidrBlock><transitGatewayAttachments><item><resourceId>${vpc}</resourceId><transitGatewayAttachmentId>tgw-attach-${vpc}</transitGatewayAttachmentId><resourceType>vpc</resourceType></item></transitGatewayAttachments><type>propagated</type><state>active</state></item>`;

const answer = (routes: string[], more: boolean, token?: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><SearchTransitGatewayRoutesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><routeSet>${routes.join("")}</routeSet><additionalRoutesAvailable>${more}</additionalRoutesAvailable>${token ? `<nextToken>${token}</nextToken>` : ""}</SearchTransitGatewayRoutesResponse>`;

describe("SearchTransitGatewayRoutes: every route, or the ones that decide", () => {
  let server: Server;
  const seen: URLSearchParams[] = [];
  before(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => {
        body += d;
      });
      req.on("end", () => {
        const q = new URLSearchParams(body);
        seen.push(q);
        const table = q.get("TransitGatewayRouteTableId");
        const filters = new Map<string, string>();
        for (let i = 1; q.has(`Filter.${i}.Name`); i++)
          filters.set(q.get(`Filter.${i}.Name`) ?? "", q.get(`Filter.${i}.Value.1`) ?? "");
        const lpm = filters.get("route-search.longest-prefix-match");
        let xml: string;
        if (table === "tgw-rtb-paged")
          xml = q.get("NextToken")
            ? answer([route("10.30.0.0/16", "c")], false)
            : answer([route("10.20.0.0/16", "b")], true, "page-2");
        else if (lpm === "10.20.8.15/32") xml = answer([route("10.20.0.0/16", "b")], false);
        else if (lpm === "10.30.1.1/32") xml = answer([route("10.30.0.0/16", "c")], false);
        else xml = answer([route("10.40.0.0/16", "d")], true);
        res.writeHead(200, { "content-type": "text/xml" }).end(xml);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const api = () => {
    const { port } = server.address() as AddressInfo;
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${port}`;
    process.env.AWS_ACCESS_KEY_ID = "AKIDEXAMPLE";
    process.env.AWS_SECRET_ACCESS_KEY = "secret";
    process.env.AWS_EC2_METADATA_DISABLED = "true";
    return sdkAwsApi({ region: "us-west-2" }, 5000);
  };

  it("reads every page while there is a token, 1,000 routes a page, active and blackhole", async () => {
    seen.length = 0;
    const a = api();
    const out = await a.searchTransitGatewayRoutes("tgw-rtb-paged", ["10.20.8.15"]);
    a.destroy();
    const cidrs = (out.Routes as { DestinationCidrBlock: string }[]).map(
      (r) => r.DestinationCidrBlock,
    );
    assert.deepEqual(cidrs, ["10.20.0.0/16", "10.30.0.0/16"]);
    assert.equal(out.AdditionalRoutesAvailable, false);
    assert.equal(out.NarrowedTo, undefined);
    assert.equal(seen.length, 2);
    assert.equal(seen[0]?.get("MaxResults"), "1000");
    assert.equal(seen[0]?.get("Filter.1.Name"), "state");
    assert.deepEqual(
      [seen[0]?.get("Filter.1.Value.1"), seen[0]?.get("Filter.1.Value.2")],
      ["active", "blackhole"],
    );
    assert.equal(seen[1]?.get("NextToken"), "page-2");
  });

  it("more routes and no token: the route that decides for each Gateway IP", async () => {
    seen.length = 0;
    const a = api();
    const out = await a.searchTransitGatewayRoutes("tgw-rtb-huge", ["10.20.8.15", "10.30.1.1"]);
    a.destroy();
    const cidrs = (out.Routes as { DestinationCidrBlock: string }[]).map(
      (r) => r.DestinationCidrBlock,
    );
    assert.deepEqual(cidrs, ["10.20.0.0/16", "10.30.0.0/16"]);
    assert.equal(out.AdditionalRoutesAvailable, true);
    assert.deepEqual(out.NarrowedTo, ["10.20.8.15", "10.30.1.1"]);
    assert.equal(seen.length, 3);
  });
});
