"""moto_server, made faithful where the tests need it, and scriptable.

Usage: python3 moto-server.py [--frozen 2026-11-24T12:00:00] -H 127.0.0.1 -p PORT

- --frozen: moto's clock stands still, so that the example snapshots repeat byte for byte.
- DryRun: moto ignores it for route, peering and network ACL actions (it performs them!); here
  they answer DryRunOperation as EC2 does, so that setup's permission preflight changes nothing.
- Faults: before each mutating EC2 action (and each of doctor's reads) the JSON list in $MOTO_FAULTS_FILE is read; an entry
  {"action": "CreateRoute", "code": "UnauthorizedOperation", "message": "...",
   "dryRun": true|false (absent: both), "times": N (absent: always), "region": R (absent: any)}
  makes that call fail.
"""
import json
import os
import sys

import moto.core.utils as utils

args = sys.argv[1:]
if args[:1] == ["--frozen"]:
    import datetime

    frozen = datetime.datetime.fromisoformat(args[1])
    # moto's models import this when they are first imported: replace it before that.
    utils.utcnow = lambda: frozen
    args = args[2:]

from moto.ec2.exceptions import EC2ClientError  # noqa: E402  (after the clock, on purpose)
from moto.ec2.responses import EC2Response  # noqa: E402

IGNORES_DRY_RUN = {
    "create_route", "replace_route", "delete_route",
    "create_vpc_peering_connection", "accept_vpc_peering_connection",
    "delete_vpc_peering_connection", "reject_vpc_peering_connection",
    "create_network_acl_entry", "replace_network_acl_entry", "delete_network_acl_entry",
}
SCRIPTABLE = IGNORES_DRY_RUN | {
    "authorize_security_group_ingress", "authorize_security_group_egress",
    "revoke_security_group_ingress", "revoke_security_group_egress",
    "create_tags", "delete_tags",
    # doctor's reads, for throttling and credential faults
    "describe_instances", "describe_subnets", "describe_vpcs", "describe_route_tables",
    "describe_network_acls", "describe_security_groups", "describe_vpc_peering_connections",
    "get_managed_prefix_list_entries",
}


def camel(name):
    return "".join(p.capitalize() for p in name.split("_"))


def take_fault(action, dry_run, region):
    path = os.environ.get("MOTO_FAULTS_FILE")
    if not path or not os.path.exists(path):
        return None
    with open(path) as f:
        faults = json.load(f)
    for fault in faults:
        if fault.get("action") != action:
            continue
        if "dryRun" in fault and fault["dryRun"] != dry_run:
            continue
        if "region" in fault and fault["region"] != region:
            continue
        if "times" in fault:
            if fault["times"] <= 0:
                continue
            fault["times"] -= 1
            with open(path, "w") as f:
                json.dump(faults, f)
        return fault
    return None


def wrap(name):
    original = getattr(EC2Response, name)

    def method(self, *a, **kw):
        dry_run = str(self._get_param("DryRun", False)).lower() == "true"
        fault = take_fault(camel(name), dry_run, self.region)
        if fault:
            raise EC2ClientError(fault["code"], fault.get("message", "scripted failure"))
        if name in IGNORES_DRY_RUN:
            self.error_on_dryrun()
        return original(self, *a, **kw)

    setattr(EC2Response, name, method)


for n in SCRIPTABLE:
    wrap(n)

from moto.server import main  # noqa: E402  (after the patches, on purpose)

main(args)
