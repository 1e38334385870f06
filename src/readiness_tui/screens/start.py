"""The first screen: begin a new workshop or resume a saved one."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from readiness_tui import storage
from readiness_tui.lock import LockHeld
from readiness_tui.screens.base import WorkshopScreen
from readiness_tui.screens.confirm import ConfirmDialog
from readiness_tui.widgets.entry import EntryInput


class StartScreen(WorkshopScreen):
    """Name a new workshop (and choose its pack), or pick a saved one to resume."""

    BINDINGS = [
        # Move between the name, the pack list and the saved workshops.
        Binding("tab", "app.focus_next", "Next field", show=True),
    ]

    def compose(self) -> ComposeResult:
        """A name field, the pack list when there is a choice, saved sessions."""
        packs = self.readiness.packs
        yield Header()
        with VerticalScroll(id="start"):
            yield Static("Begin a new workshop", classes="heading")
            if len(packs) > 1:
                yield Label("Content pack (↑/↓, then Enter):")
                yield OptionList(
                    *(Option(f"{p.title} ({p.id})", id=p.id) for p in packs),
                    id="packs",
                    markup=False,
                )
            else:
                yield Label(
                    f"Content pack: {packs[0].title}", id="pack-title", markup=False
                )
            yield EntryInput(
                placeholder="Workshop name, e.g. the district's name; Enter to begin",
                max_length=120,
                id="workshop-name",
            )
            yield Static("Resume a saved workshop", classes="heading")
            yield from self._compose_sessions()
        yield Footer()

    def current_phase(self) -> str | None:
        """No phase is current before a workshop is begun or resumed.

        The app may still hold the workshop just left with Escape.
        """
        return None

    def _compose_sessions(self) -> ComposeResult:
        """The saved sessions, or a line saying there are none."""
        folder = self.readiness.session_dir
        files = storage.list_sessions(folder)
        if not files:
            yield Label(
                f"No saved workshops in {folder}", id="no-sessions", markup=False
            )
            return
        yield OptionList(
            *(Option(storage.peek(path), id=str(path)) for path in files),
            id="sessions",
            markup=False,
        )

    def on_mount(self) -> None:
        """Start on the pack list when there is a choice, else on the name."""
        if len(self.readiness.packs) > 1:
            self.query_one("#packs", OptionList).focus()
        else:
            self.query_one("#workshop-name", Input).focus()

    @on(OptionList.OptionSelected, "#packs")
    def pack_chosen(self) -> None:
        """A pack is chosen: name the workshop next."""
        self.query_one("#workshop-name", Input).focus()

    @on(Input.Submitted, "#workshop-name")
    def begin_workshop(self, event: Input.Submitted) -> None:
        """Begin a new workshop with the typed name and the chosen pack."""
        name = " ".join(event.value.split())
        if not name:
            self.notify("Type a name for the workshop first.", severity="warning")
            return
        packs = self.readiness.packs
        pack = packs[0]
        if len(packs) > 1:
            index = self.query_one("#packs", OptionList).highlighted or 0
            pack = packs[index]
        self.readiness.begin(name, pack)

    @on(OptionList.OptionSelected, "#sessions")
    def resume_workshop(self, event: OptionList.OptionSelected) -> None:
        """Reopen the chosen session; a broken file is reported, never changed."""
        path = Path(event.option.id or "")
        try:
            workshop, _pack = storage.open_session(path, self.readiness.packs)
        except storage.SessionError as error:
            self.notify(
                str(error),
                title="Cannot resume",
                severity="error",
                timeout=20,
                markup=False,
            )
            return
        try:
            self.readiness.resume(workshop, path)
        except LockHeld as held:

            def answered(look: bool | None) -> None:
                if look:
                    self.readiness.resume(workshop, path, read_only=True)

            self.app.push_screen(
                ConfirmDialog(
                    f"This workshop is open in another readiness-tui "
                    f"({held.holder}). Only one may change it. Open it "
                    "read-only? Nothing done there will be saved.",
                    yes="Open read-only",
                ),
                answered,
            )
