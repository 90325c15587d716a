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

from moto.server import main  # noqa: E402  (after the patches, on purpose)

main(args)
