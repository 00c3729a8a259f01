"""`dino watch`: the automation rules with no window, for a server or the Windows Task
Scheduler (`--once`). One line per event, in the user's language; Ctrl+C stops cleanly."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import signal
import sys
import threading
from typing import TYPE_CHECKING, Any

from dino_desktop.core.messages import render
from dino_desktop.core.models import Problem, Severity

if TYPE_CHECKING:  # the engine (and its pyarrow) loads only when `dino watch` runs
    from dino_desktop.services.automation import AutomationEvent, RuleStatus

EXIT_OK, EXIT_USAGE, EXIT_FAILED, EXIT_CANCELLED = 0, 2, 3, 130
ALERT_FLUSH_SECONDS = 60.0  # at exit, how long queued alerts may still take to leave
WORDS = {  # `--list` only; every event line is a message in core/message_texts.py
    "arrival": ("as files arrive", "à chegada dos arquivos"),
    "schedule": ("schedule", "agenda"),
    "disabled": ("disabled", "desativada"),
    "invalid": ("not used", "não usada"),
    "last": ("last run", "última execução"),
    "next": ("next", "próxima"),
    "never": ("none", "nenhuma"),
    "duplicate": ("already loaded", "já carregado"),
}


def add_parser(sub: Any) -> None:
    p = sub.add_parser("watch", help="run the automation rules (watched folders, schedules) "
                       "with no window")
    p.add_argument("--once", action="store_true",
                   help="one pass over the rules, whatever their schedule (files still being "
                        "written are waited for a little), then exit: for the Windows Task "
                        "Scheduler or cron. Exit status 3 if a file failed")
    p.add_argument("--rule", action="append", default=[], metavar="NAME",
                   help="only this rule (repeat for more)")
    p.add_argument("--list", action="store_true",
                   help="list the rules: problems, last run, next run; then exit")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--lang", default=None, help="en or pt_BR (default: from the system)")


def run(args: argparse.Namespace, lang: str) -> int:
    from dino_desktop import config
    from dino_desktop.rule_config import check_rules, make_runner

    try:
        settings = config.load()
    except config.ConfigError as exc:
        _say(Problem(Severity.ERROR, "config_invalid", {"reason": str(exc)}), lang, err=True)
        return EXIT_FAILED
    names = [c.name for c in check_rules(settings.rules, folder_exists=None)]
    for wanted in args.rule:
        if wanted not in names:
            _say(Problem(Severity.ERROR, "auto_rule_unknown",
                         {"rule": wanted, "rules": ", ".join(names) or "-"}), lang, err=True)
            return EXIT_USAGE
    from dino_desktop.bootstrap import build

    app = build(settings)
    runner = make_runner(app, lang=lang, only=args.rule or None)
    if args.list:
        _list(runner.statuses(), lang, args.json)
        return EXIT_OK
    runner.subscribe(lambda event: _print_event(event, lang, args.json))
    if not any(s.valid and s.enabled for s in runner.statuses()):
        runner.report_rules()  # why none can run
        return EXIT_FAILED
    runner.alerter = alerter = _alerter(settings, lang)
    outcome: dict[str, Any] = {}
    done = threading.Event()  # not Thread.join: an interrupted join can leave is_alive False

    def work() -> None:
        try:
            if args.once:
                outcome["result"] = runner.run_once()
            else:
                runner.run_forever()
        finally:
            done.set()

    _term_as_interrupt()
    threading.Thread(target=work, name="dino-watch", daemon=True).start()
    interrupted = False
    try:
        while not done.wait(0.25):
            pass
    except KeyboardInterrupt:
        interrupted = True
        try:
            runner.stop()
            while not done.wait(0.25):
                pass
        except KeyboardInterrupt:  # a second Ctrl+C: leave now (the next start reconciles)
            return EXIT_CANCELLED
    finally:
        if alerter is not None:
            alerter.flush(timeout=ALERT_FLUSH_SECONDS)
            alerter.close(timeout=1)
    if not args.once:
        return EXIT_OK
    if interrupted:
        _say(Problem(Severity.INFO, "auto_stopped"), lang)
        return EXIT_CANCELLED
    result = outcome.get("result")
    return EXIT_OK if result is not None and result.ok else EXIT_FAILED


def _alerter(settings: Any, lang: str) -> Any:
    """The alert channels as configured ([alerts]); desktop notifications go to the log."""
    from dino_desktop.bootstrap import build_alerter

    return build_alerter(settings, None, lang)


def _term_as_interrupt() -> None:
    """A service manager's stop (SIGTERM) stops as cleanly as Ctrl+C."""
    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError, OSError):  # not the main thread (tests calling main)
        signal.signal(signal.SIGTERM, interrupt)


def _print_event(event: AutomationEvent, lang: str, as_json: bool) -> None:
    if as_json:
        line = json.dumps({"at": event.at.isoformat(), "event": event.kind,
                           "severity": event.problem.severity.value, "rule": event.rule,
                           "file": event.file, "run_id": event.run_id,
                           "message": event.text(lang)}, ensure_ascii=False)
    else:
        line = f"{_local(event.at)}  {event.text(lang)}"
    print(line, flush=True)


def _say(problem: Problem, lang: str, err: bool = False) -> None:
    print(f"dino: {render(problem, lang)}" if err else render(problem, lang),
          file=sys.stderr if err else sys.stdout, flush=True)


def _local(at: dt.datetime | None) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M:%S") if at else "-"


def _word(key: str, lang: str) -> str:
    return WORDS[key][1 if lang.lower().startswith("pt") else 0]


def _list(statuses: list[RuleStatus], lang: str, as_json: bool) -> None:
    for s in statuses:
        if as_json:
            print(json.dumps({
                "rule": s.name, "valid": s.valid, "enabled": s.enabled,
                "on_arrival": s.on_arrival, "last_run_id": s.last_run_id,
                "last_state": s.last_state.value if s.last_state else None,
                "last_outcome": s.last_outcome, "last_file": s.last_file,
                "last_at": s.last_at.isoformat() if s.last_at else None,
                "next_at": s.next_at.isoformat() if s.next_at else None,
                "problems": [{"code": p.code, "severity": p.severity.value,
                              "message": render(p, lang)} for p in s.problems]},
                ensure_ascii=False))
            continue
        if not s.valid:
            how = _word("invalid", lang)
        elif not s.enabled:
            how = _word("disabled", lang)
        else:
            how = _word("arrival", lang) if s.on_arrival else _word("schedule", lang)
        if s.last_run_id:
            outcome = _word("duplicate", lang) if s.last_outcome == "duplicate" else (
                s.last_state.value if s.last_state else s.last_outcome or "")
            last = f"{s.last_run_id} {outcome} {_local(s.last_at)}"
        else:
            last = _word("never", lang)
        print(f"{s.name} [{how}]  {_word('last', lang)}: {last}  "
              f"{_word('next', lang)}: {_local(s.next_at)}")
        for p in s.problems:
            print(f"  {render(p, lang)}")
