"""Screen-by-screen behaviour: pack choice, anonymous seats, edits, going back."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from readiness_tui.content import load_pack
from readiness_tui.screens.confirm import ConfirmDialog
from readiness_tui.screens.decisions import DecisionsScreen
from readiness_tui.screens.desk import RatingDeskScreen
from readiness_tui.screens.handoff import HandoffScreen
from readiness_tui.screens.policy import PolicyDialog
from readiness_tui.screens.reconcile import ReconcileScreen
from readiness_tui.screens.scenario import ScenarioScreen
from readiness_tui.screens.start import StartScreen
from readiness_tui.screens.team import TeamScreen
from readiness_tui.session import Policy
from tests.app.helpers import (
    add_team,
    begin,
    rate,
    reveal,
    reveal_and_reconcile,
    shown_text,
    to_desk,
    to_reconcile,
    type_text,
)
from tests.conftest import DATA


def saved(session_dir: Path) -> dict:  # type: ignore[type-arg]
    """The only session file, parsed."""
    (path,) = session_dir.glob("*.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def test_second_pack_is_chosen_from_the_start_screen(make_app, pack, session_dir):
    """With two packs installed, the one highlighted when the name is entered
    runs, with its own scale on the ballot."""
    five_point = load_pack(DATA / "packs-good" / "five-point")
    app = make_app(packs=[pack, five_point])
    async with app.run_test(size=(80, 24)) as pilot:
        # The pack list has the focus first; Enter on a pack moves to the name.
        await pilot.press("down", "enter")
        await type_text(pilot, "Five")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScenarioScreen)
        assert app.pack.id == five_point.id
    assert saved(session_dir)["pack"]["id"] == five_point.id


async def test_anonymous_seats_rate_as_member_n(make_app, session_dir):
    """No names and a seat count gives "Member 1..N", and a counts-only reveal."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Seats")
        await pilot.press("tab", "3", "enter")
        await pilot.pause()
        await pilot.press("enter")  # No facilitator's code.
        await pilot.pause()
        assert isinstance(app.screen, RatingDeskScreen)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HandoffScreen)
        assert "Member 1" in str(screen.query_one("#pass-to").render())
        await rate(pilot, "12341")
        assert "Member 2" in str(app.screen.query_one("#pass-to").render())
    team = saved(session_dir)["team"]
    assert team["anonymous"] is True
    assert team["reveal"] == "counts"
    assert [m["name"] for m in team["members"]] == ["Member 1", "Member 2", "Member 3"]


async def test_team_list_reorders_removes_and_refuses_duplicates(make_app):
    """u/d move a member, x removes one, a repeated name is refused."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Team")
        for name in ("Ana", "Ben", "Cy", "ana"):
            await type_text(pilot, name)
            await pilot.press("enter")
        await pilot.pause()
        assert app.workshop is not None
        names = [m.name for m in app.workshop.team.members]
        assert names == ["Ana", "Ben", "Cy"]
        await pilot.press("tab")  # The member list, "Ana" highlighted.
        await pilot.press("d")  # Ana after Ben.
        await pilot.press("down", "x")  # Down from Ana to Cy; x asks first.
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question == "Remove Cy from the team?"
        await pilot.press("enter")  # Cancel, picked at first: Cy stays.
        await pilot.pause()
        assert len(app.workshop.team.members) == 3
        await pilot.press("x", "right", "enter")  # Remove Cy.
        await pilot.pause()
        names = [m.name for m in app.workshop.team.members]
        assert names == ["Ben", "Ana"]
        assert [m.seat for m in app.workshop.team.members] == [1, 2]


async def test_rationale_typed_without_enter_is_kept_on_quit(make_app, session_dir):
    """Text typed into the rationale is saved even if Enter was never pressed."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_reconcile(pilot, "Keep")
        await pilot.press("2")
        await type_text(pilot, "half agreed")
        await app.run_action("quit")
    first = saved(session_dir)["agreed"][0]
    assert (first["statement"], first["value"], first["rationale"]) == (
        "human-capacity",
        2,
        "half agreed",
    )


async def test_escape_walks_back_only_where_it_is_safe(make_app):
    """Escape: handoff -> desk; on the desk before anyone rated, back to the
    team (the empty round dropped); team -> scenario -> start."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Back")
        await add_team(pilot, ["Ana"])
        await to_desk(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)
        assert app.workshop is not None
        assert app.workshop.rounds == []
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ScenarioScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_policies_edit_reorder_remove_and_bad_dates(make_app, session_dir):
    """Policies are edited, reordered and removed by key; 2027-02-30 is refused."""
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await begin(pilot, "Policies")
        await add_team(pilot, ["Ana"])
        await rate(pilot, "33333")
        await reveal_and_reconcile(pilot)  # All unanimous.
        assert isinstance(app.screen, ReconcileScreen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DecisionsScreen)
        for text in ("Train staff", "Open labs"):
            await pilot.press("a")
            await pilot.pause()
            await type_text(pilot, text)
            await pilot.press("tab", "tab", "tab")  # Area, owner, due date.
            await type_text(pilot, "2027-02-30")
            await pilot.press("enter")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, PolicyDialog)
            error = str(dialog.query_one("#policy-error").render())
            assert "'2027-02-30' is not a date; type it as YYYY-MM-DD" in error
            await pilot.press("backspace", "backspace", "2", "8", "enter")
            await pilot.pause()
        assert isinstance(app.screen, DecisionsScreen)
        await pilot.press("u")  # "Open labs" (highlighted) moves up.
        await pilot.press("enter")  # Edit it.
        await pilot.pause()
        await type_text(pilot, " after school")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "x")
        await pilot.pause()
        await pilot.press("right", "enter")
        await pilot.pause()
        assert app.workshop is not None
        assert app.workshop.decisions.policies == [
            Policy(
                text="Open labs after school",
                area="professional-development",
                owner="",
                due=dt.date(2027, 2, 28),
            )
        ]
    policies = saved(session_dir)["decisions"]["policies"]
    assert policies == [
        {
            "text": "Open labs after school",
            "area": "professional-development",
            "owner": "",
            "due": dt.date(2027, 2, 28),
        }
    ]


async def reveal_text(make_app, named: bool) -> str:  # type: ignore[no-untyped-def]
    """The reveal and first reconcile screen as text, for a two-member team."""
    from readiness_tui.screens.reveal import RevealScreen
    from readiness_tui.widgets.distribution import Distribution

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Reveal")
        if named:
            await pilot.press("tab", "tab", "up", "enter", "shift+tab", "shift+tab")
        await add_team(pilot, ["Quinn", "Rowan"])
        await rate(pilot, "14141")
        await rate(pilot, "41414")
        await reveal(pilot)
        assert isinstance(app.screen, RevealScreen)
        shown = [shown_text(d) for d in app.screen.query(Distribution)]
        await pilot.press("enter")
        await pilot.pause()
        shown += [shown_text(d) for d in app.screen.query(Distribution)]
    return "\n".join(shown)


async def test_named_reveal_shows_who_and_counts_reveal_does_not(make_app):
    """Names appear beside the bars only when the team chose a named reveal."""
    named = await reveal_text(make_app, named=True)
    assert "Quinn" in named and "Rowan" in named
    counts = await reveal_text(make_app, named=False)
    assert "Quinn" not in counts and "Rowan" not in counts
    assert "n 2 · median 2.5 · mean 2.5 · sd 1.5 · range 1–4 (3)" in counts


async def test_small_window_shows_enlarge_notice_and_keeps_the_ballot(make_app):
    """Below 50x16 the screen gives way to an "enlarge" notice; growing the
    window brings the same ballot back, answers kept."""
    from readiness_tui.screens.ballot import BallotScreen
    from readiness_tui.widgets.too_small import TooSmall

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Small")
        await add_team(pilot, ["Ana"])
        await pilot.press("enter", "3")
        ballot = app.screen
        assert isinstance(ballot, BallotScreen)
        notice = ballot.query_one(TooSmall)
        assert not notice.display or notice.styles.display == "none"

        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert ballot.has_class("-too-narrow") and ballot.has_class("-too-short")
        assert notice.styles.display == "block"
        assert "needs at least 50×16" in str(notice.render())
        assert ballot.query_one("#rate-page").styles.display == "none"
        # Regression: keys acted out of sight behind the notice.
        await pilot.press("4", "escape")
        await pilot.pause()
        assert app.screen is ballot
        assert ballot.answers == {"human-capacity": 3}

        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert notice.styles.display == "none"
        assert app.screen is ballot
        assert ballot.answers == {"human-capacity": 3}
        assert ballot.page == 1
        # Regression: the keys did nothing after the resize, the focus lost.
        await pilot.press("4")
        await pilot.pause()
        assert ballot.answers == {"human-capacity": 3, "technology": 4}
        await pilot.press("tab", "2")  # Tab stays on the scale.
        await pilot.pause()
        assert ballot.answers["components-in-use"] == 2


async def test_ballot_footer_shows_back_and_next(make_app):
    """Regression: the scrolling ballot page bound ←/→ itself, hiding the
    ballot's own Back and Next from the footer."""
    from readiness_tui.screens.ballot import BallotScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "Footer")
        await add_team(pilot, ["Ana"])
        await pilot.press("enter")
        await pilot.pause()
        ballot = app.screen
        assert isinstance(ballot, BallotScreen)
        shown = {
            (b.binding.key, b.binding.description)
            for b in ballot.active_bindings.values()
            if b.binding.show and b.enabled
        }
        assert {("left", "Back"), ("right", "Next")} <= shown
        await pilot.press("3", "left")
        await pilot.pause()
        assert ballot.page == 0


async def test_a_ballot_at_50x16_shows_whose_it_is_the_statement_and_every_answer(
    make_app,
):
    """Regression: at 50x16 the ballot scrolled the statement (and whose
    ballot it is) out of view to show the boxed scale."""
    from readiness_tui.screens.ballot import BallotScreen
    from readiness_tui.widgets.scale_picker import ScalePicker

    app = make_app()
    async with app.run_test(size=(50, 16)) as pilot:
        await begin(pilot, "Tiny")
        await add_team(pilot, ["Ana"])
        await pilot.press("enter", "2")
        await pilot.pause()
        await pilot.pause()
        ballot = app.screen
        assert isinstance(ballot, BallotScreen)
        visible = ballot.query_one("#rate-page").region
        for part in ("#ballot-title", "#statement"):
            assert ballot.query_one(part).region.y >= visible.y, part
        picker = ballot.query_one(ScalePicker).region
        assert picker.bottom <= visible.bottom


async def test_start_screen_has_no_gaps_between_pack_name_and_saved(make_app):
    """Regression: the pack line and the saved-workshop list, filled in after
    loading, each took half of the spare height, leaving blank rows between
    the pack and the name field."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        pack_line = screen.query_one("#pack-title").region
        name_field = screen.query_one("#workshop-name").region
        assert name_field.y == pack_line.bottom
