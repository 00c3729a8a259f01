"""`dino`: the command line; with no arguments (or `dino gui`), the desktop app."""

from __future__ import annotations

import argparse
import json
import locale
import os
import sys
import threading
from pathlib import Path

from dino_desktop import __version__
from dino_desktop.core.messages import render
from dino_desktop.core.models import (
    BadRowPolicy,
    Cancelled,
    DinoError,
    Inspection,
    InspectOptions,
    Problem,
    Progress,
    Severity,
    Target,
    WriteMode,
)

EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, EXIT_BLOCKED = 0, 1, 2, 3
DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|",
                   "space": " "}


def default_lang() -> str:
    env = os.environ.get("DINO_LANG") or os.environ.get("LANG") or ""
    if not env:
        try:
            env = locale.getlocale()[0] or ""
        except ValueError:
            env = ""
    return "pt_BR" if env.lower().startswith("pt") else "en"


def _delimiter(text: str) -> str:
    value = DELIMITER_NAMES.get(text.lower(), text)
    if len(value) != 1:
        raise argparse.ArgumentTypeError(f"a delimiter is one character (or tab), not {text!r}")
    return value


def _pair(text: str) -> tuple[str, str]:
    name, sep, value = text.rpartition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected COLUMN=VALUE, got {text!r}")
    return name, value


def _add_inspect_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path)
    p.add_argument("--sheet", help="Excel sheet name (default: the first non-empty one)")
    p.add_argument("--encoding", help="text encoding, e.g. utf-8, cp1252, latin-1, utf-16")
    p.add_argument("--delimiter", type=_delimiter, help="field delimiter: ; , tab | …")
    p.add_argument("--quote", help="quote character ('' for none)")
    p.add_argument("--escape", help="escape character: '\"' (doubled quotes) or '\\'")
    p.add_argument("--header-row", type=int, metavar="N",
                   help="1-based line of the header; 0 = the file has no header")
    p.add_argument("--skip-bottom", type=int, metavar="N",
                   help="lines after the data to leave out (totals, notes)")
    p.add_argument("--decimal", choices=[",", "."], help="decimal separator")
    p.add_argument("--date-format", help="strptime format, e.g. %%d/%%m/%%Y")
    p.add_argument("--record-path", help="XML record element or JSON key holding the records")
    p.add_argument("--no-infer-types", action="store_true", help="read every column as text")
    p.add_argument("--type", action="append", type=_pair, default=[], metavar="COLUMN=TYPE",
                   help="force a column type: string, bigint, decimal(18,2), double, boolean,"
                        " date, timestamp")
    p.add_argument("--rename", action="append", type=_pair, default=[], metavar="COLUMN=NAME",
                   help="give a column another name in the table")
    p.add_argument("--lang", default=None, help="en or pt_BR (default: from the system)")


def _options(args: argparse.Namespace) -> InspectOptions:
    return InspectOptions(
        sheet=args.sheet, encoding=args.encoding, delimiter=args.delimiter, quote=args.quote,
        escape=args.escape,
        header_row=args.header_row, skip_bottom=args.skip_bottom, decimal=args.decimal,
        date_format=args.date_format, infer_types=not args.no_infer_types,
        record_path=args.record_path, column_types=dict(args.type),
        column_names=dict(args.rename),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dino", description="DINO: land hand-made files in the lakehouse.")
    parser.add_argument("--version", action="version", version=f"dino {__version__}")
    sub = parser.add_subparsers(dest="command")
    p_inspect = sub.add_parser("inspect", help="detect a file's settings, columns and problems")
    _add_inspect_options(p_inspect)
    p_inspect.add_argument("--json", action="store_true", help="print JSON instead of a report")
    p_inspect.add_argument("--rows", type=int, default=5, help="preview rows in the report")

    p_convert = sub.add_parser("convert", help="convert a file to Parquet parts + manifest")
    _add_inspect_options(p_convert)
    p_convert.add_argument("--database", required=True)
    p_convert.add_argument("--table", required=True)
    p_convert.add_argument("--catalog", default="main")
    p_convert.add_argument("--out", type=Path, help="output folder (default: FILE.dino/)")
    p_convert.add_argument("--mode", choices=[m.value for m in WriteMode], default="append")
    p_convert.add_argument("--key", action="append", default=[], help="merge key column")
    p_convert.add_argument("--skip-bad-rows", action="store_true",
                           help="leave bad rows out (kept in rejects.csv) instead of failing")
    p_convert.add_argument("--json", action="store_true")
    p_doc = sub.add_parser("doctor", help="check that each configured service can be used")
    p_doc.add_argument("--json", action="store_true")
    p_doc.add_argument("--lang", default=None, help="en or pt_BR (default: from the system)")
    p_self = sub.add_parser("selftest", help="prove this build works here: inspect and ingest "
                            "a sample, open the window (offscreen, in a throwaway DINO_HOME)")
    p_self.add_argument("--sample", type=Path, help="another file to inspect and ingest")
    p_self.add_argument("--lang", default=None, help="en or pt_BR (default: from the system)")
    p_gui = sub.add_parser("gui", help="open the desktop app (the same as `dino` alone)")
    p_gui.add_argument("file", type=Path, nargs="?", help="a file to open in the Upload tab")
    p_gui.add_argument("--check", action="store_true",
                       help="open the window (and the file), then quit: exit 0 if it worked")
    from dino_desktop.cli_runs import add_parsers

    add_parsers(sub, _add_inspect_options)
    from dino_desktop.cli_alerts import add_parser as add_alerts_parser

    add_alerts_parser(sub)
    from dino_desktop.cli_watch import add_parser as add_watch_parser

    add_watch_parser(sub)
    return parser


def _print_problems(problems: list[Problem], lang: str) -> None:
    for p in problems:
        print(f"dino: {render(p, lang)}", file=sys.stderr)


def _unreadable(insp: Inspection) -> bool:
    return not insp.columns and not insp.ok


def cmd_inspect(args: argparse.Namespace, lang: str) -> int:
    from dino_desktop.core.inspect import inspect_file, inspection_to_dict
    from dino_desktop.core.report import to_text

    insp = inspect_file(args.file, _options(args))
    if _unreadable(insp):
        _print_problems([p for p in insp.problems if p.severity is Severity.ERROR], lang)
        if args.json:
            print(json.dumps(inspection_to_dict(insp, lang), ensure_ascii=False, indent=2))
        return EXIT_UNREADABLE
    if args.json:
        print(json.dumps(inspection_to_dict(insp, lang), ensure_ascii=False, indent=2))
    else:
        print(to_text(insp, lang, preview_rows=args.rows))
    return EXIT_OK if insp.ok else EXIT_BLOCKED


def cmd_convert(args: argparse.Namespace, lang: str) -> int:
    from dino_desktop.core.convert import ConvertError, convert
    from dino_desktop.core.inspect import inspect_file

    insp = inspect_file(args.file, _options(args))
    if _unreadable(insp):
        _print_problems([p for p in insp.problems if p.severity is Severity.ERROR], lang)
        return EXIT_UNREADABLE
    out = args.out or args.file.with_name(args.file.name + ".dino")
    cancel = threading.Event()
    last = [-1]

    def progress(p: Progress) -> None:
        pct = int(p.fraction * 100)
        if sys.stderr.isatty() and pct != last[0]:
            last[0] = pct
            print(f"\r{p.stage}: {pct:3d}%", end="", file=sys.stderr, flush=True)

    try:
        result = convert(
            insp, out, Target(args.database, args.table, args.catalog),
            mode=WriteMode(args.mode), keys=args.key,
            policy=BadRowPolicy.SKIP if args.skip_bad_rows else BadRowPolicy.REJECT,
            progress=progress, cancel=cancel, options=_options(args),
        )
    except ConvertError as exc:
        _print_problems(exc.problems, lang)
        if len(exc.problems) > 1 or exc.problems[0] is not exc.problem:
            _print_problems([exc.problem], lang)
        return EXIT_BLOCKED
    except KeyboardInterrupt:
        cancel.set()
        print("\ndino: " + render(Problem(Severity.INFO, "cancelled"), lang), file=sys.stderr)
        return 130
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if args.json:
        print(json.dumps({"manifest": result.manifest_path, "rows": result.rows,
                          "bad_rows": result.bad_rows, "rejects": result.rejects_path,
                          "seconds": round(result.seconds, 3)}, indent=2))
    else:
        print(f"{result.rows:,} rows -> {out} ({len(result.parts)} part(s), "
              f"{result.seconds:.1f} s)")
        for p in result.problems:
            print(render(p, lang))
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace, lang: str) -> int:
    from dino_desktop import config
    from dino_desktop.doctor import report, run_checks

    try:
        settings = config.load()
    except config.ConfigError as exc:
        print(f"dino: {exc}", file=sys.stderr)
        return EXIT_BLOCKED
    checks = run_checks(settings)
    if not args.json:
        print(f"profile: {settings.profile}")
    print(report(checks, lang, args.json))
    return EXIT_OK if all(c.ok for c in checks) else EXIT_BLOCKED


def cmd_gui(file: Path | None, check: bool = False) -> int:
    try:
        from dino_desktop.ui.app import run
    except ImportError as exc:  # an install without the gui extra
        print(f"dino: the desktop app needs PySide6 and pyqtgraph ({exc}); install "
              "dino-desktop[gui], or use the commands in `dino --help`", file=sys.stderr)
        return EXIT_USAGE
    return run(sys.argv[:1], file=file, check=check)


def _start_log() -> None:
    """The rotating log under DINO_HOME/logs (logs.py); a broken configuration still logs,
    under DINO_HOME or the default home, and the command then reports the error."""
    from dino_desktop import config
    from dino_desktop.logs import setup_logging

    try:
        home = config.load().home_path
    except (config.ConfigError, OSError):
        home = Path(os.environ.get("DINO_HOME") or config.default_home())
    setup_logging(home)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = getattr(args, "lang", None) or default_lang()
    if args.command != "selftest":  # the self-test touches nothing of the user's, logs too
        _start_log()
    if args.command in (None, "gui"):
        return cmd_gui(getattr(args, "file", None), getattr(args, "check", False))
    try:
        if args.command == "inspect":
            return cmd_inspect(args, lang)
        if args.command == "convert":
            return cmd_convert(args, lang)
        if args.command == "doctor":
            return cmd_doctor(args, lang)
        if args.command == "selftest":
            from dino_desktop.selftest import run as selftest

            return selftest(lang, args.sample)
        if args.command == "alerts":
            from dino_desktop.cli_alerts import run as run_alerts

            return run_alerts(args, lang)
        if args.command == "watch":
            from dino_desktop.cli_watch import run as run_watch

            return run_watch(args, lang)
        from dino_desktop.cli_runs import COMMANDS, run_command

        if args.command in COMMANDS:
            return run_command(args, lang, _options)
    except DinoError as exc:
        _print_problems([exc.problem], lang)
        return EXIT_BLOCKED
    except Cancelled:
        return 130
    parser.print_help()
    return EXIT_USAGE


if __name__ == "__main__":
    raise SystemExit(main())
