from bot.cli.main import run

raise SystemExit(run())
