"""The real AWS CLI v1, imported once and run for many commands: a test pastes a fix into bash,
and each `aws` line there costs ~1 s of Python start-up and of loading botocore's service models
when it is a process of its own. Here each command still runs through the `aws` entry point's own
code (awscli.clidriver.main: a new driver and session, credentials and settings from the
environment, the same parser, shorthand syntax, --query and output formats); only the process and
the parsed JSON data files (botocore's loader) are kept between commands.

Usage: python3 aws-cli-server.py — prints the port it listens on (127.0.0.1), then serves until
the process that started it is gone.

One TCP connection per command (test/support/aws-harness.ts has the bash client). The client
sends NUL-terminated fields: how many follow, then its AWS_* environment variables (and the proxy
variables and REQUESTS_CA_BUNDLE) as NAME=value,
an empty field, then the arguments after `aws`. The answer is three NUL-terminated fields: the
exit status, stdout and stderr.
"""
import io
import os
import socket
import sys
import threading
import time

import awscli.clidriver
import botocore.loaders
import botocore.session

# Every session gets the same loader: botocore's JSON data (endpoints, the EC2 model) is parsed
# once. The loader only reads files that do not change.
_loaders = {}


def _shared_loader(data_path=""):
    if data_path not in _loaders:
        _loaders[data_path] = botocore.loaders.create_loader(data_path)
    return _loaders[data_path]


botocore.session.create_loader = _shared_loader

# Set by importing awscli (its data directory after any AWS_DATA_PATH of the environment, which
# the tests never set): each command gets it as the `aws` process would.
AWS_DATA_PATH = os.environ["AWS_DATA_PATH"]


def _fields(conn):
    buf = b""
    while True:
        parts = buf.split(b"\0")
        if len(parts) > 1:
            count = int(parts[0])
            if len(parts) - 2 >= count:
                return [p.decode("utf-8") for p in parts[1 : count + 1]]
        chunk = conn.recv(65536)
        if not chunk:
            raise EOFError("the client closed the connection mid-request")
        buf += chunk


def _per_command(name):
    """The variables each command brings: AWS_*, and what botocore reads for the network."""
    return (
        name.startswith("AWS_")
        or name.lower().endswith("_proxy")
        or name == "REQUESTS_CA_BUNDLE"
    )


def _run(fields):
    split = fields.index("")
    env = dict(f.split("=", 1) for f in fields[:split])
    args = fields[split + 1 :]
    for name in [n for n in os.environ if _per_command(n)]:
        del os.environ[name]
    os.environ.update(env)
    os.environ["AWS_DATA_PATH"] = AWS_DATA_PATH
    # What the `aws` script does before it imports awscli.
    if os.environ.get("LC_CTYPE", "") == "UTF-8":
        os.environ["LC_CTYPE"] = "en_US.UTF-8"
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    saved = sys.argv, sys.stdout, sys.stderr
    sys.argv, sys.stdout, sys.stderr = ["aws", *args], out, err
    try:
        code = awscli.clidriver.main()
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    finally:
        sys.argv, sys.stdout, sys.stderr = saved
    return code, out.buffer.getvalue(), err.buffer.getvalue()


def _watch_parent():
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    print(server.getsockname()[1], flush=True)
    threading.Thread(target=_watch_parent, daemon=True).start()
    while True:
        conn, _ = server.accept()
        with conn:
            try:
                code, out, err = _run(_fields(conn))
            except Exception as e:  # noqa: BLE001 (reported to the client as a failed command)
                code, out, err = 255, b"", f"aws-cli-server: {e!r}\n".encode()
            conn.sendall(str(code).encode() + b"\0" + out + b"\0" + err + b"\0")


if __name__ == "__main__":
    main()
