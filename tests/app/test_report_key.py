"""The report from the app: `w` on the decisions screen, and the reveal's figures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from readiness_tui import report
from readiness_tui.content import Pack
from readiness_tui.screens.decisions import DecisionsScreen
from readiness_tui.screens.reveal import RevealScreen
from readiness_tui.storage import open_session
from tests.app.helpers import shown_text
from tests.conftest import DATA


def copy_session(name: str, folder: Path) -> Path:
    """A copy of a checked-in session, safe to resume and save."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(DATA / name, folder / "workshop.toml"))


def notices(app: object) -> list[str]:
    """The messages of the notifications on screen."""
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


async def test_report_figures_are_the_ones_the_reveal_shows(
    make_app, tmp_path: Path, pack: Pack
) -> None:
    path = copy_session("sessions/valid.toml", tmp_path / "s")
    workshop, _ = open_session(path, [pack])
    app = make_app(session_file=path, workshop=workshop)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RevealScreen)
        shown = {
            statement: shown_text(app.screen.query_one(f"#dist-{statement}", Static))
            for statement in workshop.rounds[-1].statements
        }

    markdown = report.to_markdown(workshop, pack)
    for statement, text in shown.items():
        (line,) = [ln.strip() for ln in text.splitlines() if ln.startswith("n ")]
        assert f"\n{line}\n" in markdown, statement


async def test_w_writes_the_reports_beside_the_session(
    make_app, tmp_path: Path, pack: Pack
) -> None:
    path = copy_session("reports/known-session.toml", tmp_path / "s")
    workshop, _ = open_session(path, [pack])
    app = make_app(session_file=path, workshop=workshop)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DecisionsScreen)
        await pilot.press("w")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert notices(app) == [
            f"Wrote workshop-report.md and workshop-report.html in {path.parent}"
        ]

    markdown = path.with_name("workshop-report.md").read_text(encoding="utf-8")
    assert markdown == (DATA / "reports" / "known-session.md").read_text("utf-8")
    page = path.with_name("workshop-report.html").read_text(encoding="utf-8")
    assert page.count("<svg") == len(pack.survey.statements)


async def test_w_typed_in_the_scope_is_text_not_a_report(
    make_app, tmp_path: Path, pack: Pack
) -> None:
    path = copy_session("reports/known-session.toml", tmp_path / "s")
    workshop, _ = open_session(path, [pack])
    app = make_app(session_file=path, workshop=workshop)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#scope", Input).focus()
        await pilot.press("end", "w")
        await app.workers.wait_for_complete()
        assert app.screen.query_one("#scope", Input).value.endswith("schoolsw")
    assert not path.with_name("workshop-report.md").exists()


async def test_a_report_that_cannot_be_written_says_why(
    make_app, tmp_path: Path, pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*args: object) -> list[Path]:
        raise OSError(28, "No space left on device", str(tmp_path / "x.md"))

    monkeypatch.setattr("readiness_tui.screens.decisions.write_beside", full_disk)
    path = copy_session("reports/known-session.toml", tmp_path / "s")
    workshop, _ = open_session(path, [pack])
    app = make_app(session_file=path, workshop=workshop)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert notices(app) == [
            f"Could not write the report: {tmp_path / 'x.md'}: No space left on device"
        ]
