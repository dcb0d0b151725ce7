"""``bulksends demo-api``: the demo Mindo API on a local port, for trying other tools."""

from __future__ import annotations

import argparse

from bot.cli.common import Console, ExitCode, Subparsers, UsageError
from bot.locale.translate import N_


def add_commands(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    demo = commands.add_parser(
        "demo-api",
        parents=[common],
        help=N_("serve the demo Mindo API on a local port"),
        description=N_(
            "Serve the demo Mindo API (realistic data, auth, filters, pagination) "
            "for trying other tools against it."
        ),
    )
    demo.add_argument("--port", type=int, default=8080, help=N_("port to listen on (default 8080)"))
    demo.add_argument("--host", default="127.0.0.1", help=N_("address to bind (default 127.0.0.1)"))
    demo.set_defaults(handler=cmd_demo_api)


def cmd_demo_api(args: argparse.Namespace, console: Console) -> ExitCode:
    from bot.demo.api import DEMO_API_KEY, run_demo_server

    if not 0 < args.port < 65536:
        raise UsageError(N_("--port must be between 1 and 65535, got {port}."), port=args.port)
    url = f"http://{args.host}:{args.port}/api/v1/"
    console.say(
        console.tr._(
            "Demo Mindo API on {url} (X-API-Key: {key}). Ctrl-C stops it.",
            url=url,
            key=DEMO_API_KEY,
        )
    )
    console.out.flush()
    try:
        run_demo_server(args.port, host=args.host)
    except KeyboardInterrupt:
        pass
    except OSError as error:
        raise UsageError(
            N_("Could not listen on {host}:{port}: {reason}."),
            host=args.host,
            port=args.port,
            reason=error.strerror or str(error),
        ) from None
    return ExitCode.OK
