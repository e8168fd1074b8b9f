#!/usr/bin/env python3
"""Schemathesis against the real server (issue 16): `cargo xtask test` starts a fresh demo server
and runs this with its address and operator token. It logs in as a demo partner and runs every
operation of /api/v1/openapi.json with --checks all and a bounded number of examples, in two runs:
first everything but the operations that end the session the run uses, then each of those with a
session of its own. Exits non-zero on any failure.

    run.py http://127.0.0.1:PORT OPERATOR_TOKEN [extra schemathesis options]
"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PARTNER = "established@demo.example"
PASSWORD = "portal-demo"
# Operations that end the session they are sent with: run last, with a session of their own.
ENDS_SESSION = ["logout", "end_session", "end_other_sessions"]


def login(base):
    req = urllib.request.Request(
        base + "/api/v1/session",
        data=json.dumps({"email": PARTNER, "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json", "X-Requested-With": "partner-portal"},
        method="POST",
    )
    with urllib.request.urlopen(req) as res:
        # portal_session=TOKEN; HttpOnly; …: the token.
        return res.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]


def run(base, token, selection, extra):
    schemathesis = os.path.join(os.path.dirname(sys.executable), "schemathesis")
    cmd = [
        schemathesis, "--config-file", os.path.join(HERE, "schemathesis.toml"), "run",
        base + "/api/v1/openapi.json",
        "--url", base + "/api/v1",
        "--checks", "all",
        "--max-examples", os.environ.get("PORTAL_FUZZ_EXAMPLES", "25"),
        "--seed", os.environ.get("PORTAL_FUZZ_SEED", "16"),
        "--workers", "2",
        "--no-color",
    ] + selection + extra
    print("schemathesis:", " ".join(cmd[1:]), flush=True)
    # The credentials reach schemathesis.toml's [auth.openapi.*] through the environment.
    env = dict(
        os.environ,
        PORTAL_FUZZ_SESSION=login(base),
        PORTAL_FUZZ_OPERATOR_TOKEN=token,
        SCHEMATHESIS_HOOKS=os.path.join(HERE, "hooks.py"),
    )
    # Schemathesis keeps a cache of past crashes in its working directory: each run starts clean.
    with tempfile.TemporaryDirectory(prefix="schemathesis-") as cwd:
        return subprocess.call(cmd, env=env, cwd=cwd)


def main():
    base, token, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
    exclude = []
    for op in ENDS_SESSION:
        exclude += ["--exclude-operation-id", op]
    # The live event stream never ends by itself: each request waits for schemathesis to give
    # up reading, so it gets a few examples in a run of its own.
    failed = run(base, token, exclude + ["--exclude-operation-id", "events"], extra) != 0
    failed |= run(base, token, ["--include-operation-id", "events", "--max-examples", "3"], extra) != 0
    # Each with a session of its own: ending one session must not fail the next operation's run.
    for op in ENDS_SESSION:
        failed |= run(base, token, ["--include-operation-id", op], extra) != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
