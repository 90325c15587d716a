"""moto_server with a frozen clock, so that the example snapshots repeat byte for byte.

Usage: python3 moto-frozen.py 2026-11-24T12:00:00 -H 127.0.0.1 -p PORT
moto's models read the time through moto.core.utils.utcnow, imported when a service is first used,
so replacing it before the server starts is enough.
"""
import datetime
import sys

import moto.core.utils as utils

frozen = datetime.datetime.fromisoformat(sys.argv[1])
utils.utcnow = lambda: frozen

from moto.server import main  # noqa: E402  (after the patch, on purpose)

main(sys.argv[2:])
