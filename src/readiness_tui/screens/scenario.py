"""The scenario and the activity, read together before anyone rates."""

from __future__ import annotations

from rich.markdown import Markdown
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from readiness_tui.screens.base import WorkshopScreen
from readiness_tui.session import Step
from readiness_tui.widgets.title_bar import TitleBar


class ScenarioScreen(WorkshopScreen):
    """The pack's purpose, sample scenario, activity and survey instructions."""

    BINDINGS = [
        # Go on to name the team.
        Binding("enter", "next", "Team"),
        # Back to the start screen; the workshop stays saved.
        Binding("escape", "back", "Start"),
    ]

    def compose(self) -> ComposeResult:
        """The prose of the pack as one scrollable Markdown document.

        Rich draws the Markdown into one Static: Textual's Markdown widget
        builds a widget per block and cost 10 MiB more for the same page.
        """
        yield TitleBar()
        with VerticalScroll(id="scenario"):
            yield Static(Markdown(self.document()), id="scenario-text")
        yield Footer()

    def document(self) -> str:
        """The Markdown shown: title, purpose, scenario, activity, survey."""
        spec = self.pack.spec
        survey = spec.survey
        return "\n\n".join(
            [
                f"# {spec.title}",
                f"*For {spec.audience.lower()}.* {spec.purpose}",
                self.pack.scenario,
                self.pack.activity,
                f"## {survey.title}",
                survey.instructions,
                "\n".join(f"{n}. {s.text}" for n, s in enumerate(survey.statements, 1)),
                "*↑/↓ and Page Up/Down scroll. Enter: name the team.*",
            ]
        )

    def on_mount(self) -> None:
        """Focus the document so the arrows scroll it."""
        self.query_one("#scenario").focus()

    def action_next(self) -> None:
        """Go on to the team."""
        self.readiness.go_to(Step.TEAM)

    def action_back(self) -> None:
        """Back to the start screen."""
        from readiness_tui.screens.start import StartScreen

        self.readiness.switch_to(StartScreen())
