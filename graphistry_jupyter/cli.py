"""``graphistry-jupyter``: command-line entry points.

``graphistry-jupyter hub --port 8080 --users-file users.txt --org acme:alice`` runs a local
Graphistry-compatible hub in the foreground until Ctrl-C; ``graphistry-jupyter demo`` runs one with
demo users and JupyterLab on the quickstart notebook.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType
from typing import TextIO

from . import __version__

_HUB_EPILOG = """\
users:
  Give at least one. Passwords given with --user show in `ps` to every user of this machine:
  prefer a users file (--users-file; one NAME:PASSWORD a line, '#' comments; others must not
  be able to read it) or the GRAPHISTRY_HUB_USERS environment variable (NAME:PASSWORD entries
  separated by commas or newlines).

example:
  (umask 077; printf 'alice:alice-pw\\nbob:bob-pw\\n' > users.txt)    # readable by you only
  graphistry-jupyter hub --port 8080 --users-file users.txt --org acme:alice,bob

then, in Python:
  import graphistry
  c = graphistry.client().register(api=3, protocol="http", server="127.0.0.1:8080",
                                   username="alice", password="alice-pw")
  url = c.edges(df, "src", "dst").plot(render=False)   # a viewer page on the hub
"""


#: The extra each subcommand needs beyond the package itself.
EXTRAS = {"hub": "hub", "demo": "demo"}


def missing_extra(command: str, extra: str, module: str | None) -> int:
    """Say, in one line, which extra a subcommand needs (for an install without it): exit 2."""
    print(
        f"graphistry-jupyter {command}: needs the {extra} extra ({module} is not installed): "
        f"pip install 'graphistry-jupyter[{extra}]'",
        file=sys.stderr,
    )
    return 2


def _user(value: str) -> tuple[str, str]:
    """``--user NAME:PASSWORD``, read as a line of a users file is."""
    from .hub.server.users_file import ENTRY_EXPECTED, parse_entry

    entry = parse_entry(value)
    if entry is None:
        # Never echo the argument: it may hold a password.
        raise argparse.ArgumentTypeError(ENTRY_EXPECTED)
    return entry


_BYTE_UNITS = {"": 1, "k": 1024, "kib": 1024, "m": 1024**2, "mib": 1024**2, "g": 1024**3}
_BYTE_UNITS["gib"] = 1024**3


def _byte_count(value: str) -> int:
    """A positive number of bytes, optionally with a binary unit: 500000, 512K, 100MiB, 2G."""
    text = value.strip().lower()
    digits = text.rstrip("kmgib")
    unit = text[len(digits) :]
    if not digits.isdigit() or unit not in _BYTE_UNITS or int(digits) == 0:
        raise argparse.ArgumentTypeError(
            f"expected a positive byte count like 2G or 500MiB: {value}"
        )
    return int(digits) * _BYTE_UNITS[unit]


def _org(value: str) -> tuple[str, list[str]]:
    slug, sep, members = value.partition(":")
    if not slug:
        raise argparse.ArgumentTypeError(f"expected SLUG:MEMBER[,MEMBER...], got {value!r}")
    return slug, [m for m in members.split(",") if m] if sep else []


def _non_negative(value: str) -> float:
    number = float(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {value}")
    return number


def _positive(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {value}")
    return number


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``graphistry-jupyter`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="graphistry-jupyter",
        description="Notebook UI for Graphistry's multi-tenant clients, and a local hub.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    hub = commands.add_parser(
        "hub",
        help="run a local Graphistry-compatible hub",
        description=(
            "Run a local server that speaks the part of the Graphistry REST API the unmodified "
            "graphistry client uses (login, tokens, organizations, SSO, uploads, sharing), with "
            "a browser viewer for uploaded graphs. Runs until Ctrl-C."
        ),
        epilog=_HUB_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    hub.add_argument(
        "--port",
        type=int,
        default=8080,
        help="port to listen on; 0 picks a free one (default 8080)",
    )
    hub.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this machine only)",
    )
    hub.add_argument(
        "--user",
        dest="users",
        metavar="NAME:PASSWORD",
        type=_user,
        action="append",
        default=[],
        help="a user and password; repeat for more users. Every user of this machine can "
        "read it with `ps`: prefer --users-file or GRAPHISTRY_HUB_USERS",
    )
    hub.add_argument(
        "--users-file",
        metavar="PATH",
        help="read users from PATH, one NAME:PASSWORD a line ('#' starts a comment); refused "
        "when other users of this machine may read it (chmod 600 PATH)",
    )
    hub.add_argument(
        "--org",
        dest="orgs",
        metavar="SLUG:MEMBER[,MEMBER...]",
        type=_org,
        action="append",
        default=[],
        help="an organization and its members (users given above); repeat for more",
    )
    hub.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep metadata (SQLite) and uploaded Arrow tables here across runs "
        "(default: a temporary directory removed on exit)",
    )
    hub.add_argument(
        "--token-ttl",
        metavar="SECONDS",
        type=_positive,
        default=24 * 3600.0,
        help="lifetime of the JWTs the hub issues, in seconds (default 86400)",
    )
    hub.add_argument(
        "--grant-ttl",
        metavar="SECONDS",
        type=_positive,
        default=300.0,
        help="lifetime of the view grants that let a notebook's plot frame open one dataset "
        "(docs/single-sign-in.md), in seconds (default 300)",
    )
    hub.add_argument(
        "--max-upload-bytes",
        metavar="SIZE",
        type=_byte_count,
        default=2 * 1024**3,
        help="largest table or file one upload may send, in bytes or with a unit such as 500M "
        "or 4G (default 2G); larger uploads get HTTP 413",
    )
    hub.add_argument(
        "--latency-ms",
        metavar="MS",
        type=_non_negative,
        default=0.0,
        help="delay added to every API reply, to feel a remote server (default 0)",
    )
    hub.add_argument(
        "--sso-auto-approve",
        metavar="USER",
        help="approve every SSO login at once as USER, so an unattended "
        "register(is_sso_login=True) completes without a browser",
    )
    hub.add_argument(
        "--tls",
        action="store_true",
        help="serve https, with a certificate of a private CA made for this hub; clients pass "
        "the CA's file it prints as certificate_validation=PATH",
    )
    hub.set_defaults(run=run_hub)
    from .demo import add_parser as add_demo_parser

    add_demo_parser(commands)
    return parser


def run_hub(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    """Run the hub described by ``args`` until Ctrl-C or SIGTERM."""
    # Needs the [hub] extra (main() says so when it is missing); `--help` works without it.
    from .hub import LocalHub
    from .hub.server.users_file import UsersError, merge_users, read_users_file, users_from_env

    try:
        from_file = read_users_file(args.users_file) if args.users_file else []
        users = merge_users(users_from_env(os.environ), from_file, args.users)
    except UsersError as exc:
        print(f"graphistry-jupyter hub: {exc}", file=sys.stderr)
        return 2
    if not users:
        print(
            "graphistry-jupyter hub: give at least one user: --users-file PATH, "
            "GRAPHISTRY_HUB_USERS, or --user NAME:PASSWORD",
            file=sys.stderr,
        )
        return 2
    orgs: dict[str, list[str]] = {}
    for slug, members in args.orgs:
        orgs.setdefault(slug, []).extend(members)
    try:
        hub = LocalHub(
            users,
            orgs,
            port=args.port,
            host=args.host,
            data_dir=args.data_dir,
            token_ttl=args.token_ttl,
            grant_ttl=args.grant_ttl,
            max_upload_bytes=args.max_upload_bytes,
            latency_ms=args.latency_ms,
            sso_auto_approve=args.sso_auto_approve,
            tls=args.tls,
        )
        hub.start()
    except (ValueError, OSError, RuntimeError) as exc:
        print(f"graphistry-jupyter hub: {exc}", file=sys.stderr)
        return 1
    done = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        done.set()

    previous = signal.signal(signal.SIGTERM, on_signal)
    try:
        print(f"Graphistry local hub running at {hub.url}", file=out)
        print(f"  users: {', '.join(users)} (with the passwords given)", file=out)
        for slug, members in orgs.items():
            print(f"  organization {slug}: {', '.join(members) or 'no members'}", file=out)
        verify = f", certificate_validation={hub.ca_bundle!r}" if hub.ca_bundle else ""
        print(
            f'  connect: graphistry.client().register(api=3, protocol="{hub.protocol}", '
            f'server="{hub.server}"{verify}, username=..., password=...)',
            file=out,
        )
        print("Press Ctrl-C to stop.", file=out, flush=True)
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        hub.stop()
    print("Stopped.", file=out, flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``graphistry-jupyter`` command."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    try:
        # Parsing may import the hub too (--user is read by the hub's own parser).
        args = build_parser().parse_args(arguments)
        result: int = args.run(args)
    except ModuleNotFoundError as exc:
        # A third-party module missing is an extra not installed; one of ours missing is a defect.
        command = next((a for a in arguments if a in EXTRAS), None)
        if command is None or not exc.name or exc.name.partition(".")[0] == __package__:
            raise
        return missing_extra(command, EXTRAS[command], exc.name.partition(".")[0])
    return result


if __name__ == "__main__":
    sys.exit(main())
