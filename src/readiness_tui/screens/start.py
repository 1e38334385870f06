"""The first screen: begin a new workshop or resume a saved one.

It is drawn before the content packs have loaded (the app loads them in a
worker), so the facilitator can type the workshop's name at once; the pack and
the saved workshops are filled in when they arrive. Nothing here imports the
core at module level, for the same reason.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from readiness_tui.screens.base import WorkshopScreen
from readiness_tui.screens.confirm import ConfirmDialog
from readiness_tui.widgets.entry import EntryInput
from readiness_tui.widgets.title_bar import TitleBar


class StartScreen(WorkshopScreen):
    """Name a new workshop (and choose its pack), or pick a saved one to resume."""

    BINDINGS = [
        # Move between the name, the pack list and the saved workshops.
        Binding("tab", "app.focus_next", "Next field", show=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.waiting_name = ""
        """A name submitted before the packs loaded; the workshop begins then."""

    def compose(self) -> ComposeResult:
        """A name field, the pack list when there is a choice, saved sessions."""
        yield TitleBar()
        with VerticalScroll(id="start"):
            yield Static("Begin a new workshop", classes="heading")
            yield Vertical(id="pack-choice")
            yield EntryInput(
                placeholder="Workshop name, e.g. the district's name; Enter to begin",
                max_length=120,
                id="workshop-name",
            )
            yield Static("Resume a saved workshop", classes="heading")
            yield Vertical(id="saved")
        yield Footer()

    def current_phase(self) -> str | None:
        """No phase is current before a workshop is begun or resumed.

        The app may still hold the workshop just left with Escape.
        """
        return None

    def on_mount(self) -> None:
        """Show the packs and sessions if loaded; start on the name (or the packs)."""
        if self.readiness.packs:
            self.show_packs_and_sessions()
            if len(self.readiness.packs) > 1:
                self.query_one("#packs", OptionList).focus()
                return
        else:
            self.query_one("#pack-choice").mount(
                Label("Content pack: loading…", id="pack-loading")
            )
        self.query_one("#workshop-name", Input).focus()

    def show_packs_and_sessions(self) -> None:
        """Fill in the pack (a list when there is a choice) and saved workshops.

        Called once the app has the packs. A name already submitted begins
        its workshop now.
        """
        packs = self.readiness.packs
        choice = self.query_one("#pack-choice")
        choice.remove_children()
        if len(packs) > 1:
            choice.mount(
                Label("Content pack (↑/↓, then Enter):"),
                OptionList(
                    *(Option(f"{p.title} ({p.id})", id=p.id) for p in packs),
                    id="packs",
                    markup=False,
                ),
            )
        else:
            choice.mount(
                Label(f"Content pack: {packs[0].title}", id="pack-title", markup=False)
            )
        self.query_one("#saved").mount_all(self.sessions())
        if self.waiting_name:
            self.begin_named(self.waiting_name)

    def sessions(self) -> list[Label | OptionList]:
        """The saved sessions, or a line saying there are none."""
        from readiness_tui import storage

        folder = self.readiness.session_dir
        files = storage.list_sessions(folder)
        if not files:
            return [
                Label(f"No saved workshops in {folder}", id="no-sessions", markup=False)
            ]
        options = [Option(storage.peek(path), id=str(path)) for path in files]
        return [OptionList(*options, id="sessions", markup=False)]

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
        if not self.readiness.packs:
            self.waiting_name = name  # Begun as soon as the packs are loaded.
            return
        self.begin_named(name)

    def begin_named(self, name: str) -> None:
        """Begin the workshop on the pack chosen (the only one, or the list's)."""
        if not self.is_current:
            return  # A second Enter in the same read: the workshop has begun.
        packs = self.readiness.packs
        pack = packs[0]
        if len(packs) > 1:
            index = self.query_one("#packs", OptionList).highlighted or 0
            pack = packs[index]
        self.readiness.begin(name, pack)

    @on(OptionList.OptionSelected, "#sessions")
    def resume_workshop(self, event: OptionList.OptionSelected) -> None:
        """Reopen the chosen session; a broken file is reported, never changed."""
        from readiness_tui import storage
        from readiness_tui.lock import LockHeld

        if not self.is_current:
            return  # A second Enter in the same read: it is open already.
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
