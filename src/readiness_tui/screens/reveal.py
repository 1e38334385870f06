"""The reveal: every statement's ratings at once, as bars and figures."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from readiness_tui.screens.base import WorkshopScreen
from readiness_tui.screens.desk import names
from readiness_tui.session import Step
from readiness_tui.stats import names_by_point, statement_summary
from readiness_tui.widgets.distribution import Distribution
from readiness_tui.widgets.title_bar import TitleBar


class RevealScreen(WorkshopScreen):
    """Each statement rated in the latest round, with its distribution."""

    BINDINGS = [
        # Go on to discuss the statements, widest spread first.
        Binding("enter", "reconcile", "Reconcile"),
    ]

    def compose(self) -> ComposeResult:
        """A heading, then one block a statement, scrollable."""
        workshop = self.workshop
        latest = workshop.rounds[-1]
        named = workshop.team.reveal == "names"
        survey = self.pack.survey
        yield TitleBar()
        with VerticalScroll(id="reveal"):
            members = workshop.team.members
            missing = [m for m in members if latest.ballot(m.seat) is None]
            not_rated = f" (not {names(missing)})" if missing else ""
            yield Static(
                f"Round {latest.number} revealed · {len(latest.ballots)} of "
                f"{len(workshop.team.members)} members rated{not_rated} · ↑/↓ scroll",
                classes="heading",
                markup=False,
            )
            for statement_id in latest.statements:
                number = survey.statements.index(survey.statement(statement_id)) + 1
                text = survey.statement(statement_id).text
                yield Static(
                    Text(f"{number}. {text}", style="bold"), classes="statement"
                )
                yield Distribution(
                    statement_summary(workshop, self.pack, statement_id),
                    self.pack.scale,
                    names_by_point(workshop, statement_id) if named else None,
                    id=f"dist-{statement_id}",
                )
        yield Footer()

    def on_mount(self) -> None:
        """Focus the list so the arrows scroll it."""
        self.query_one("#reveal").focus()

    def action_reconcile(self) -> None:
        """Go on to reconcile."""
        self.readiness.go_to(Step.RECONCILE)
