"""moto_server, made faithful where the tests need it.

Usage: python3 moto-server.py [--frozen 2026-11-24T12:00:00] -H 127.0.0.1 -p PORT

- --frozen: moto's clock stands still, so that the example snapshots repeat byte for byte.
- One botocore data loader for every boto3/botocore session: moto makes a session per service
  (and three for EC2's Regions) just to list Regions, and each parsed botocore's endpoint data
  again — ~0.7 s of CPU at every start. The loader only reads data files that do not change.
- DryRun: moto ignores it for route, peering and network ACL actions (it performs them!); here
  they answer DryRunOperation as EC2 does, so that setup's permission preflight changes nothing.

- EKS: moto's endpoint and OIDC issuer are random at import; here they follow from the ARN.
  moto's clusters have no clusterSecurityGroupId, no vpcId and no computeConfig (real EKS makes
  the first and reports the others). A test supplies them as the tags moto:clusterSecurityGroupId,
  moto:vpcId and moto:computeConfig.enabled=true at create-cluster; they are moved into the answer.

- Transit gateways (moto 5.2.1 keeps little more than a store of them):
  - SearchTransitGatewayRoutes: moto crashed (HTTP 500) on any MaxResults, had no NextToken, gave
    every static route an empty TransitGatewayAttachments, made no propagated routes and ignored
    every filter but type, state and exact-match. Here: pages of MaxResults (5..1000, default 1000)
    with AdditionalRoutesAvailable and an offset NextToken; a static route names its target (a
    blackhole none); each enabled propagation of a VPC attachment adds one propagated route per
    associated IPv4 CIDR of the VPC, unless a static route has that destination or an earlier
    attachment propagated it; the route-search.*, attachment.*, type and state filters as EC2.
    Routes come sorted by destination (address, then prefix length).
  - An attachment's Association is the table it is in (moto always named the default table) or
    absent; a second association is refused (Resource.AlreadyAssociated) as in EC2.
    DescribeTransitGatewayAttachments filters on state, association.*, resource-*, transit-gateway-*.
  - CreateTransitGatewayVpcAttachment follows the TGW's DefaultRouteTableAssociation/Propagation
    options (moto always associated with the default table and never propagated), so that the
    creation-time association can be disassociated (moto: KeyError, HTTP 500).
  - A deleted attachment leaves its tables' associations and propagations, as in EC2.
  - DescribeTransitGateways: Options.SecurityGroupReferencingSupport is "disable" when not set
    (moto left the key out).
  - CreateTransitGatewayRoute to an unknown attachment: InvalidTransitGatewayAttachmentID.NotFound
    (moto made a route to nothing).
  - Peering attachments: moto shared one object between both sides, so the accepter saw the
    requester's TGW and table. Here the accepter's Region holds its own view (its TGW, the
    requester's as ResourceId, its own association), made even if nothing was called there yet.
    A peering is in no table until AssociateTransitGatewayRouteTable on that side (moto named the
    requester's default table on both).
    DescribeTransitGatewayVpcAttachments lists only VPC attachments and
    DescribeTransitGatewayPeeringAttachments only peerings, whose transit-gateway-id filter
    matches either side and whose owner-id filters no longer crash.

  - Changes: DryRun is honoured for every transit gateway change (moto performed them).
    CreateTransitGatewayVpcAttachment tags the attachment with its TagSpecifications (moto took
    those of ResourceType transit-gateway-route-table).
    ReplaceTransitGatewayRoute (moto: HTTP 500) replaces an existing static route's target or
    blackhole. CreateTransitGatewayRoute for a destination that has a static route is refused
    (RouteAlreadyExists; moto overwrote it), DeleteTransitGatewayRoute of none InvalidRoute.NotFound
    (moto: HTTP 500). ModifyTransitGatewayVpcAttachment keeps one subnet per Availability Zone
    (DuplicateSubnetsInSameZone; moto appended duplicates). A second
    EnableTransitGatewayRouteTablePropagation of one attachment is refused
    (TransitGatewayRouteTablePropagation.Duplicate).

Faults (errors, latency, dropped connections) are injected by test/support/fault-proxy.ts in front
of this server, not here.
"""
import sys

import botocore.loaders
import botocore.session

_loaders = {}


def _shared_loader(data_path=""):
    if data_path not in _loaders:
        _loaders[data_path] = botocore.loaders.create_loader(data_path)
    return _loaders[data_path]


botocore.session.create_loader = _shared_loader

import moto.core.utils as utils  # noqa: E402  (after the loader, so that moto's sessions share it)

args = sys.argv[1:]
if args[:1] == ["--frozen"]:
    import datetime

    frozen = datetime.datetime.fromisoformat(args[1])
    # moto's models import this when they are first imported: replace it before that.
    utils.utcnow = lambda: frozen
    args = args[2:]

from moto.ec2.responses import EC2Response  # noqa: E402

IGNORES_DRY_RUN = {
    "create_route", "replace_route", "delete_route",
    "create_vpc_peering_connection", "accept_vpc_peering_connection",
    "delete_vpc_peering_connection", "reject_vpc_peering_connection",
    "create_network_acl_entry", "replace_network_acl_entry", "delete_network_acl_entry",
    # moto performs every transit gateway change it implements despite DryRun
    "create_transit_gateway_vpc_attachment", "modify_transit_gateway_vpc_attachment",
    "delete_transit_gateway_vpc_attachment", "accept_transit_gateway_peering_attachment",
    "associate_transit_gateway_route_table", "disassociate_transit_gateway_route_table",
    "enable_transit_gateway_route_table_propagation", "disable_transit_gateway_route_table_propagation",
    "create_transit_gateway_route", "delete_transit_gateway_route",
}


def wrap(name):
    original = getattr(EC2Response, name)

    def method(self, *a, **kw):
        self.error_on_dryrun()
        return original(self, *a, **kw)

    setattr(EC2Response, name, method)


for n in IGNORES_DRY_RUN:
    wrap(n)

from moto.eks.models import Cluster  # noqa: E402

_cluster_init = Cluster.__init__


def _cluster_with_test_fields(self, *a, **kw):
    _cluster_init(self, *a, **kw)
    # moto draws the endpoint and OIDC issuer at import, before any seed: derive them from the ARN
    # so that the example snapshots repeat byte for byte.
    import hashlib

    digest = hashlib.sha256(self.arn.encode()).hexdigest().upper()
    region = self.arn.split(":")[3]
    self.endpoint = f"https://{digest[:32]}.gr7.{region}.eks.amazonaws.com"
    self.identity = {"oidc": {"issuer": f"https://oidc.eks.{region}.amazonaws.com/id/{digest[32:64]}"}}
    sg = self.tags.pop("moto:clusterSecurityGroupId", None)
    if sg:
        self.resources_vpc_config = {**self.resources_vpc_config, "clusterSecurityGroupId": sg}
    vpc = self.tags.pop("moto:vpcId", None)
    if vpc:
        self.resources_vpc_config = {**self.resources_vpc_config, "vpcId": vpc}
    if self.tags.pop("moto:computeConfig.enabled", None) == "true":
        self.compute_config = {"enabled": True}


Cluster.__init__ = _cluster_with_test_fields

import base64  # noqa: E402
import ipaddress  # noqa: E402

from moto.core.responses import ActionResult  # noqa: E402
from moto.ec2.exceptions import EC2ClientError, InvalidNextToken  # noqa: E402
from moto.ec2.models import EC2Backend, ec2_backends  # noqa: E402
from moto.ec2.models.transit_gateway import TransitGateway  # noqa: E402
from moto.ec2.models.transit_gateway_attachments import (  # noqa: E402
    TransitGatewayAttachment,
    TransitGatewayPeeringAttachment,
)
from moto.ec2.models.transit_gateway_route_tables import TransitGatewayRelations  # noqa: E402
from moto.ec2.utils import describe_tag_filter  # noqa: E402
from moto.utilities.utils import str2bool  # noqa: E402

TransitGateway.DEFAULT_OPTIONS = {**TransitGateway.DEFAULT_OPTIONS, "SecurityGroupReferencingSupport": "disable"}


def _tgw_association(self):
    """The table this view of the attachment is associated with, in its own Region's backend."""
    if self.state in ("deleted", "deleting", "rejected", "failed"):
        return None
    for table in self.ec2_backend.transit_gateways_route_tables.values():
        if self.id in table.route_table_associations and table.transit_gateway_id == self.transit_gateway_id:
            return {"State": "associated", "TransitGatewayRouteTableId": table.id}
    return None


TransitGatewayAttachment.association = property(_tgw_association)
TransitGatewayPeeringAttachment.transit_gateway_owner_id = property(lambda self: self.requester_tgw_info["OwnerId"])


class _PeeringAccepterView:
    """The accepter's side of a peering attachment: its TGW, its owner, its tables; the rest shared."""

    _LOCAL = {"ec2_backend", "transit_gateway_id", "resource_id", "transit_gateway_owner_id",
              "resource_owner_id", "_association_data", "propagation", "transit_gateway_route_table"}

    def __init__(self, shared, backend):
        object.__setattr__(self, "_shared", shared)
        self.ec2_backend = backend
        self.transit_gateway_id = shared.accepter_tgw_info["TransitGatewayId"]
        self.resource_id = shared.requester_tgw_info["TransitGatewayId"]
        self.transit_gateway_owner_id = shared.accepter_tgw_info["OwnerId"]
        self.resource_owner_id = shared.requester_tgw_info["OwnerId"]
        self._association_data = {}
        self.propagation = {}
        self.transit_gateway_route_table = None

    def __getattr__(self, name):
        return getattr(self._shared, name)

    def __setattr__(self, name, value):
        if name in self._LOCAL:
            object.__setattr__(self, name, value)
        else:
            setattr(self._shared, name, value)

    association = property(_tgw_association)


def _values(filters, name):
    v = filters.get(name)
    return None if v is None else [v] if isinstance(v, str) else list(v)


def _matches(filters, getters, resource):
    """EC2's filters: values of one filter OR, filters AND; unknown names are ignored."""
    for name, getter in getters.items():
        wanted = _values(filters, name)
        if wanted is not None and not set(getter(resource)) & set(wanted):
            return False
    return True


def _assoc(a, key):
    assoc = a.association
    return [assoc[key]] if assoc else []


_ATTACHMENT_FILTERS = {
    "transit-gateway-attachment-id": lambda a: [a.id],
    "transit-gateway-id": lambda a: [a.transit_gateway_id],
    "transit-gateway-owner-id": lambda a: [a.transit_gateway_owner_id],
    "resource-id": lambda a: [a.resource_id],
    "resource-type": lambda a: [a.resource_type],
    "resource-owner-id": lambda a: [a.resource_owner_id],
    "state": lambda a: [a.state],
    "association.state": lambda a: _assoc(a, "State"),
    "association.transit-gateway-route-table-id": lambda a: _assoc(a, "TransitGatewayRouteTableId"),
}


def _describe_tgw_attachments(self, transit_gateways_attachment_ids=None, filters=None):
    result = [
        a for a in self.transit_gateway_attachments.values()
        if not transit_gateways_attachment_ids or a.id in transit_gateways_attachment_ids
    ]
    if filters:
        result = describe_tag_filter(filters, [a for a in result if _matches(filters, _ATTACHMENT_FILTERS, a)])
    return result


EC2Backend.describe_transit_gateway_attachments = _describe_tgw_attachments

_describe_vpc_attachments = EC2Backend.describe_transit_gateway_vpc_attachments


def _describe_tgw_vpc_attachments(self, *a, **kw):
    return [x for x in _describe_vpc_attachments(self, *a, **kw) if x.resource_type == "vpc"]


EC2Backend.describe_transit_gateway_vpc_attachments = _describe_tgw_vpc_attachments


def _peering_sides(a):
    """(this side's TgwInfo, the other side's) for this view of a peering attachment."""
    if isinstance(a, _PeeringAccepterView):
        return a.accepter_tgw_info, a.requester_tgw_info
    return a.requester_tgw_info, a.accepter_tgw_info


_PEERING_FILTERS = {
    "transit-gateway-attachment-id": lambda a: [a.id],
    "transit-gateway-id": lambda a: [a.requester_tgw_info["TransitGatewayId"], a.accepter_tgw_info["TransitGatewayId"]],
    "state": lambda a: [a.state],
    "local-owner-id": lambda a: [_peering_sides(a)[0]["OwnerId"]],
    "remote-owner-id": lambda a: [_peering_sides(a)[1]["OwnerId"]],
}


def _describe_tgw_peering_attachments(self, transit_gateways_attachment_ids=None, filters=None):
    result = [
        a for a in self.transit_gateway_attachments.values()
        if a.resource_type == "peering"
        and (not transit_gateways_attachment_ids or a.id in transit_gateways_attachment_ids)
    ]
    if filters:
        result = describe_tag_filter(filters, [a for a in result if _matches(filters, _PEERING_FILTERS, a)])
    return result


EC2Backend.describe_transit_gateway_peering_attachments = _describe_tgw_peering_attachments

_create_peering = EC2Backend.create_transit_gateway_peering_attachment


def _create_tgw_peering_attachment(self, transit_gateway_id, peer_transit_gateway_id, peer_region, peer_account_id, tags):
    peer_account_id = peer_account_id or self.account_id
    peer_region = peer_region or self.region_name
    attachment = _create_peering(self, transit_gateway_id, peer_transit_gateway_id, peer_region, peer_account_id, tags)
    attachment.resource_owner_id = peer_account_id
    if (peer_account_id, peer_region) != (self.account_id, self.region_name):
        try:
            peer = ec2_backends[peer_account_id][peer_region]
        except KeyError:
            return attachment
        peer.transit_gateway_attachments[attachment.id] = _PeeringAccepterView(attachment, peer)
    return attachment


EC2Backend.create_transit_gateway_peering_attachment = _create_tgw_peering_attachment

_create_vpc_attachment = EC2Backend.create_transit_gateway_vpc_attachment


def _create_tgw_vpc_attachment(self, transit_gateway_id, *a, **kw):
    attachment = _create_vpc_attachment(self, transit_gateway_id, *a, **kw)
    for table in self.transit_gateways_route_tables.values():
        table.route_table_associations.pop(attachment.id, None)
    options = self.transit_gateways[transit_gateway_id].options
    table = options.get("AssociationDefaultRouteTableId")
    if options.get("DefaultRouteTableAssociation") == "enable" and table in self.transit_gateways_route_tables:
        self.associate_transit_gateway_route_table(attachment.id, table)
    table = options.get("PropagationDefaultRouteTableId")
    if options.get("DefaultRouteTablePropagation") == "enable" and table in self.transit_gateways_route_tables:
        self.enable_transit_gateway_route_table_propagation(attachment.id, table)
    return attachment


EC2Backend.create_transit_gateway_vpc_attachment = _create_tgw_vpc_attachment

_create_vpc_attachment_response = EC2Response.create_transit_gateway_vpc_attachment


def _create_vpc_attachment_tagged(self):
    # moto took the tags of ResourceType transit-gateway-route-table instead of the attachment's
    parse = self._parse_tag_specification
    self._parse_tag_specification = lambda *a, **kw: {
        "transit-gateway-route-table": parse(*a, **kw).get("transit-gateway-attachment", {})
    }
    try:
        return _create_vpc_attachment_response(self)
    finally:
        del self._parse_tag_specification


EC2Response.create_transit_gateway_vpc_attachment = _create_vpc_attachment_tagged

_delete_vpc_attachment = EC2Backend.delete_transit_gateway_vpc_attachment


def _delete_tgw_vpc_attachment(self, transit_gateway_attachment_id):
    attachment = _delete_vpc_attachment(self, transit_gateway_attachment_id)
    for table in self.transit_gateways_route_tables.values():
        table.route_table_associations.pop(transit_gateway_attachment_id, None)
        table.route_table_propagation = [
            p for p in table.route_table_propagation if p.transitGatewayAttachmentId != transit_gateway_attachment_id
        ]
    self.transit_gateway_associations.pop(transit_gateway_attachment_id, None)
    self.transit_gateway_propagations.pop(transit_gateway_attachment_id, None)
    return attachment


EC2Backend.delete_transit_gateway_vpc_attachment = _delete_tgw_vpc_attachment

_associate = EC2Backend.associate_transit_gateway_route_table


def _associate_tgw_route_table(self, transit_gateway_attachment_id, transit_gateway_route_table_id):
    for table in self.transit_gateways_route_tables.values():
        if transit_gateway_attachment_id in table.route_table_associations:
            raise EC2ClientError(
                "Resource.AlreadyAssociated",
                f"Transit Gateway Attachment {transit_gateway_attachment_id} is already associated to a route table.",
            )
    return _associate(self, transit_gateway_attachment_id, transit_gateway_route_table_id)


EC2Backend.associate_transit_gateway_route_table = _associate_tgw_route_table

_disassociate = EC2Backend.disassociate_transit_gateway_route_table


def _disassociate_tgw_route_table(self, tgw_attach_id, tgw_rt_id):
    table = self.transit_gateways_route_tables.get(tgw_rt_id)
    if not table or tgw_attach_id not in table.route_table_associations:
        raise EC2ClientError(
            "InvalidAssociation.NotFound",
            f"Transit Gateway Attachment {tgw_attach_id} is not associated with route table {tgw_rt_id}.",
        )
    if tgw_attach_id not in self.transit_gateway_associations:  # associated at creation
        self.transit_gateway_associations[tgw_attach_id] = TransitGatewayRelations(
            self, tgw_attach_id, tgw_rt_id, state="associated"
        )
    return _disassociate(self, tgw_attach_id, tgw_rt_id)


EC2Backend.disassociate_transit_gateway_route_table = _disassociate_tgw_route_table

_disable_propagation = EC2Backend.disable_transit_gateway_route_table_propagation


def _disable_tgw_propagation(self, transit_gateway_attachment_id, transit_gateway_route_table_id):
    if transit_gateway_attachment_id not in self.transit_gateway_propagations:  # moto keeps one per attachment
        self.transit_gateway_propagations[transit_gateway_attachment_id] = TransitGatewayRelations(
            self, transit_gateway_attachment_id, transit_gateway_route_table_id, state="enabled"
        )
    return _disable_propagation(self, transit_gateway_attachment_id, transit_gateway_route_table_id)


EC2Backend.disable_transit_gateway_route_table_propagation = _disable_tgw_propagation

_create_tgw_route = EC2Backend.create_transit_gateway_route


def _create_transit_gateway_route(self, transit_gateway_route_table_id, destination_cidr_block,
                                  transit_gateway_attachment_id=None, blackhole=False):
    if transit_gateway_attachment_id and transit_gateway_attachment_id not in self.transit_gateway_attachments:
        raise EC2ClientError(
            "InvalidTransitGatewayAttachmentID.NotFound",
            f"Transit Gateway Attachment {transit_gateway_attachment_id} was deleted or does not exist.",
        )
    route = _create_tgw_route(self, transit_gateway_route_table_id, destination_cidr_block,
                              transit_gateway_attachment_id, blackhole)
    route.pop("transitGatewayAttachments", None)  # moto's one dict where EC2 has a list
    route["attachmentId"] = None if blackhole else transit_gateway_attachment_id
    route["TransitGatewayAttachments"] = _route_attachments(self, route)
    return route


EC2Backend.create_transit_gateway_route = _create_transit_gateway_route


def _static_route(backend, table_id, cidr):
    table = backend.transit_gateways_route_tables.get(table_id)
    if table is None:
        raise EC2ClientError(
            "InvalidRouteTableID.NotFound", f"Transit Gateway Route Table {table_id} does not exist."
        )
    route = table.routes.get(cidr)
    return table, (route if route and route.get("state") != "deleted" else None)


def _create_transit_gateway_route_once(self):
    table_id = self._get_param("TransitGatewayRouteTableId")
    cidr = self._get_param("DestinationCidrBlock")
    if _static_route(self.ec2_backend, table_id, cidr)[1] is not None:
        raise EC2ClientError("RouteAlreadyExists", f"Route {cidr} already exists in Transit Gateway Route Table {table_id}.")
    return _create_tgw_route_response(self)


_create_tgw_route_response = EC2Response.create_transit_gateway_route
EC2Response.create_transit_gateway_route = _create_transit_gateway_route_once


def _replace_transit_gateway_route(self):
    self.error_on_dryrun()
    table_id = self._get_param("TransitGatewayRouteTableId")
    cidr = self._get_param("DestinationCidrBlock")
    if _static_route(self.ec2_backend, table_id, cidr)[1] is None:
        raise EC2ClientError("InvalidRoute.NotFound", f"No route for {cidr} in Transit Gateway Route Table {table_id}.")
    self.ec2_backend.transit_gateways_route_tables[table_id].routes.pop(cidr)
    route = self.ec2_backend.create_transit_gateway_route(
        transit_gateway_route_table_id=table_id,
        destination_cidr_block=cidr,
        transit_gateway_attachment_id=self._get_param("TransitGatewayAttachmentId"),
        blackhole=str2bool(self._get_param("Blackhole")),
    )
    return ActionResult({"Route": route})


EC2Response.replace_transit_gateway_route = _replace_transit_gateway_route

_delete_tgw_route = EC2Backend.delete_transit_gateway_route


def _delete_transit_gateway_route(self, transit_gateway_route_table_id, destination_cidr_block):
    if _static_route(self, transit_gateway_route_table_id, destination_cidr_block)[1] is None:
        raise EC2ClientError(
            "InvalidRoute.NotFound",
            f"No route for {destination_cidr_block} in Transit Gateway Route Table {transit_gateway_route_table_id}.",
        )
    return _delete_tgw_route(self, transit_gateway_route_table_id, destination_cidr_block)


EC2Backend.delete_transit_gateway_route = _delete_transit_gateway_route

_modify_vpc_attachment = EC2Backend.modify_transit_gateway_vpc_attachment


def _modify_tgw_vpc_attachment(self, transit_gateway_attachment_id, add_subnet_ids=None, options=None,
                               remove_subnet_ids=None):
    attachment = self.transit_gateway_attachments.get(transit_gateway_attachment_id)
    if attachment is None:
        raise EC2ClientError(
            "InvalidTransitGatewayAttachmentID.NotFound",
            f"Transit Gateway Attachment {transit_gateway_attachment_id} was deleted or does not exist.",
        )
    kept = [s for s in attachment.subnet_ids if s not in (remove_subnet_ids or [])]
    zones = {self.get_subnet(s).availability_zone for s in kept}
    for subnet_id in add_subnet_ids or []:
        zone = self.get_subnet(subnet_id).availability_zone
        if zone in zones:
            raise EC2ClientError(
                "DuplicateSubnetsInSameZone",
                f"Transit Gateway Attachment {transit_gateway_attachment_id} already has a subnet in {zone}.",
            )
        zones.add(zone)
    return _modify_vpc_attachment(self, transit_gateway_attachment_id, add_subnet_ids, options, remove_subnet_ids)


EC2Backend.modify_transit_gateway_vpc_attachment = _modify_tgw_vpc_attachment

_enable_propagation = EC2Backend.enable_transit_gateway_route_table_propagation


def _enable_tgw_propagation(self, transit_gateway_attachment_id, transit_gateway_route_table_id):
    table = self.transit_gateways_route_tables.get(transit_gateway_route_table_id)
    if table is not None and any(
        p.transitGatewayAttachmentId == transit_gateway_attachment_id for p in table.route_table_propagation
    ):
        raise EC2ClientError(
            "TransitGatewayRouteTablePropagation.Duplicate",
            f"Transit Gateway Attachment {transit_gateway_attachment_id} already propagates to {transit_gateway_route_table_id}.",
        )
    return _enable_propagation(self, transit_gateway_attachment_id, transit_gateway_route_table_id)


EC2Backend.enable_transit_gateway_route_table_propagation = _enable_tgw_propagation


def _route_attachments(backend, route):
    attachment_id = route.get("attachmentId")
    if not attachment_id:
        return None
    a = backend.transit_gateway_attachments.get(attachment_id)
    if a is None:  # deleted since: what the route was made with
        return route.get("TransitGatewayAttachments")
    return [{"ResourceId": a.resource_id, "TransitGatewayAttachmentId": a.id, "ResourceType": a.resource_type}]


def _route(cidr, type_, state, attachments):
    route = {"DestinationCidrBlock": cidr, "Type": type_, "State": state}
    if attachments:
        route["TransitGatewayAttachments"] = attachments
    return route


def _all_tgw_routes(backend, table):
    """Static routes and the routes that enabled propagations of VPC attachments make."""
    routes = {}
    for cidr, r in table.routes.items():
        if r.get("state") == "deleted":
            continue
        routes[cidr] = _route(cidr, r.get("type", "static"), r.get("state"), _route_attachments(backend, r))
    for propagation in table.route_table_propagation:
        a = backend.transit_gateway_attachments.get(propagation.transitGatewayAttachmentId)
        if a is None or a.resource_type != "vpc" or a.state != "available" or a.transit_gateway_id != table.transit_gateway_id:
            continue
        vpc = backend.vpcs.get(a.resource_id)
        if vpc is None:
            continue
        attachments = [{"ResourceId": a.resource_id, "TransitGatewayAttachmentId": a.id, "ResourceType": "vpc"}]
        for c in vpc.cidr_block_association_set:
            cidr = c.get("cidr_block")
            if cidr and c.get("cidr_block_state", {}).get("state") == "associated" and cidr not in routes:
                routes[cidr] = _route(cidr, "propagated", "active", attachments)
    return sorted(routes.values(), key=lambda r: _net_key(ipaddress.ip_network(r["DestinationCidrBlock"], strict=False)))


def _net_key(net):
    return (net.version, int(net.network_address), net.prefixlen)


def _nets(values):
    try:
        return [ipaddress.ip_network(v, strict=False) for v in values]
    except ValueError as e:
        raise EC2ClientError("InvalidParameterValue", f"Invalid CIDR in filter: {e}") from None


def _filter_tgw_routes(routes, filters):
    nets = {id(r): ipaddress.ip_network(r["DestinationCidrBlock"], strict=False) for r in routes}

    def within(a, b):  # a inside (or equal to) b
        return a.version == b.version and a.subnet_of(b)

    getters = {
        "type": lambda r: [r["Type"]],
        "state": lambda r: [r["State"]],
        "attachment.transit-gateway-attachment-id": lambda r: [x["TransitGatewayAttachmentId"] for x in r.get("TransitGatewayAttachments", [])],
        "attachment.resource-id": lambda r: [x["ResourceId"] for x in r.get("TransitGatewayAttachments", [])],
        "attachment.resource-type": lambda r: [x["ResourceType"] for x in r.get("TransitGatewayAttachments", [])],
    }
    keep = [r for r in routes if _matches(filters, getters, r)]
    exact = _values(filters, "route-search.exact-match")
    if exact is not None:
        wanted = _nets(exact)
        keep = [r for r in keep if nets[id(r)] in wanted]
    subnet_of = _values(filters, "route-search.subnet-of-match")
    if subnet_of is not None:
        wanted = _nets(subnet_of)
        keep = [r for r in keep if any(within(nets[id(r)], w) for w in wanted)]
    supernet_of = _values(filters, "route-search.supernet-of-match")
    if supernet_of is not None:
        wanted = _nets(supernet_of)
        keep = [r for r in keep if any(within(w, nets[id(r)]) for w in wanted)]
    longest = _values(filters, "route-search.longest-prefix-match")
    if longest is not None:
        # the most specific route of the whole table for each value, then the other filters
        best = set()
        for w in _nets(longest):
            covering = [r for r in routes if within(w, nets[id(r)])]
            if covering:
                top = max(nets[id(r)].prefixlen for r in covering)
                best.update(id(r) for r in covering if nets[id(r)].prefixlen == top)
        keep = [r for r in keep if id(r) in best]
    return keep


def _search_tgw_routes_backend(self, transit_gateway_route_table_id, filters, max_results=None):
    table = self.transit_gateways_route_tables.get(transit_gateway_route_table_id)
    if not table:
        return []
    routes = _filter_tgw_routes(_all_tgw_routes(self, table), filters or {})
    return routes[: int(max_results)] if max_results else routes


EC2Backend.search_transit_gateway_routes = _search_tgw_routes_backend


def _search_transit_gateway_routes(self):
    max_results = self._get_int_param("MaxResults", 1000)
    if not 5 <= max_results <= 1000:
        raise EC2ClientError(
            "InvalidParameterValue",
            f"The value {max_results} for parameter MaxResults is invalid. It must be between 5 and 1000.",
        )
    token = self._get_param("NextToken")
    offset = 0
    if token:
        try:
            offset = int(base64.urlsafe_b64decode(token.encode()).decode().removeprefix("offset:"))
        except ValueError:
            raise InvalidNextToken(token) from None
    routes = self.ec2_backend.search_transit_gateway_routes(
        transit_gateway_route_table_id=self._get_param("TransitGatewayRouteTableId"),
        filters=self._filters_from_querystring(),
    )
    if offset < 0 or offset > len(routes):
        raise InvalidNextToken(token)
    page = routes[offset : offset + max_results]
    more = offset + max_results < len(routes)
    next_token = base64.urlsafe_b64encode(f"offset:{offset + max_results}".encode()).decode() if more else None
    return ActionResult({"Routes": page, "AdditionalRoutesAvailable": more, "NextToken": next_token})


EC2Response.search_transit_gateway_routes = _search_transit_gateway_routes


from moto.server import main  # noqa: E402  (after the patches, on purpose)

main(args)
