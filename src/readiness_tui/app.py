"""The Textual application: wiring between the screens and the session file.

`create_app` is the one factory; the command line and the tests both call it.
The app holds the workshop in memory, saves it after every confirmed change,
and moves between the phase screens. No screen class lives here.

Start-up is kept light: this module imports only Textual and light modules, and
the core (pydantic models, packs, the session) is loaded by `startup.prepare`
in a worker thread while a loading screen is already on the terminal.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.timer import Timer

from readiness_tui import paste
from readiness_tui.commands import ScreenActions
from readiness_tui.key_order import KeyOrder
from readiness_tui.preferences import (
    Preferences,
    PreferencesError,
    preferences_path,
    read_preferences,
)
from readiness_tui.screens.base import PrivateScreen, WorkshopScreen
from readiness_tui.themes import THEMES
from readiness_tui.widgets.phase_bar import Clock, local_now
from readiness_tui.widgets.too_small import MIN_HEIGHT, MIN_WIDTH

if TYPE_CHECKING:
    from readiness_tui.content import Pack
    from readiness_tui.lock import SessionLock
    from readiness_tui.session import Step, Workshop
    from readiness_tui.startup import Prepared


def release_render_caches(_screen: Screen[object]) -> None:
    """Let the screens that have gone be freed, with everything they drew.

    Textual 8.2.8 memoises `StylesCache.get_inner_outer` with `lru_cache` on
    the instance, so up to 1,024 widgets' render caches outlived their screens:
    a 12-member workshop grew by 11 MiB (Textualize/textual#6665). Emptying
    that cache whenever the screen changes costs a few style lookups on the
    next frame. Drop this once Textual fixes it.
    """
    from textual._styles_cache import StylesCache

    StylesCache.get_inner_outer.cache_clear()


@dataclass
class Settings:
    """What the app needs to start; built by the command line or a test.

    Attributes:
        packs: The content packs on offer, the first one the default; None to
            load them (from `content` and the built-in ones) after the first
            frame, as the command line does.
        session_dir: Where new session files go and saved ones are listed;
            None for the platform's user data folder.
        content: The --content folder, when `packs` is to be loaded.
        session_file: A session to open or create, from `--session`.
        workshop: A workshop already read from `session_file`, to resume.
        lock: The lock on `session_file`, already taken by the command line.
        read_only: Open the workshop without ever writing to its file.
        handoff_settle: Seconds the handoff screen ignores Enter after it
            appears, so a double tap on Confirm cannot open the next ballot
            or the reveal (tests that type instantly set 0).
        theme: The colour theme from `--theme`, for this run and remembered
            for the next; None for the one remembered.
        config_dir: Where the settings file is kept; None for the platform's
            user config folder.
        clock: Gives the current time, for the phase bar's time run.
    """

    packs: list[Pack] | None = None
    session_dir: Path | None = None
    content: Path | None = None
    session_file: Path | None = None
    workshop: Workshop | None = field(default=None)
    lock: SessionLock | None = None
    read_only: bool = False
    handoff_settle: float = 0.6
    theme: str | None = None
    config_dir: Path | None = None
    clock: Clock = local_now


class ReadinessApp(App[None]):
    """Runs one workshop: scenario, team, private rating, reveal, reconcile, decide."""

    TITLE = "readiness-tui"
    CSS_PATH = "app.tcss"

    # Screens get -too-narrow or -too-short below the size they need; the CSS
    # then shows the "enlarge the window" notice instead of the screen.
    HORIZONTAL_BREAKPOINTS = [(0, "-too-narrow"), (MIN_WIDTH, "-wide-enough")]
    VERTICAL_BREAKPOINTS = [
        (0, "-too-short"),
        (MIN_HEIGHT, "-short"),  # Compact: e.g. the ballot's scale loses its box.
        (22, "-tall-enough"),
    ]

    BINDINGS = [
        # Save and leave; the workshop resumes where it stands.
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            priority=True,
            tooltip="Save and quit; asks first if a ballot or a save would be lost",
        ),
        # List every key of the screen in front (text fields take `?` as text).
        Binding(
            "question_mark",
            "show_help",
            "Help",
            key_display="?",
            tooltip="List every key of this screen",
        ),
    ]

    # The palette also offers the facilitator's actions on the current screen.
    COMMANDS = App.COMMANDS | {ScreenActions}

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.packs: list[Pack] = settings.packs or []
        self.workshop: Workshop | None = None
        self.pack: Pack
        self.startup_error = ""
        self.session_path: Path | None = settings.session_file
        self.saved = True
        self.save_problem = ""
        """Why the last save failed (e.g. "No space left on device"), or ""."""
        self._save_timer: Timer | None = None
        self.lock = settings.lock
        self.read_only = settings.read_only
        self.code_offered = False
        """True once the desk has offered to set a facilitator's code this run."""
        self.save_elsewhere_waiting: ModalScreen[None] | None = None
        """The offer of another file after a failed save, held back while a
        member has the keyboard and made on the facilitator's next screen."""
        for theme in THEMES:
            self.register_theme(theme)
        self.settings_problem = ""
        self.remembered_theme = self.apply_theme()
        self.key_order = KeyOrder(self)
        """Hands keys on one at a time, in the order typed (`key_order`)."""

    async def on_event(self, event: events.Event) -> None:
        """Handle each key only after the one before it, on the screen it was for.

        While the "enlarge the window" notice hides the screen, keys other
        than Ctrl+Q do nothing: nobody can see what they would change.
        """
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if self.key_order.intercept(event):
                return  # It waits its turn, and comes back here then.
            quitting = isinstance(event, events.Key) and event.key == "ctrl+q"
            if self.hidden_by_notice() and not quitting:
                # Its turn came, and it does nothing: the next may go.
                self.key_order.finished(event)
                return
        await super().on_event(event)

    def hidden_by_notice(self) -> bool:
        """True if the window is too small for the workshop screen in front.

        A dialog over such a screen counts too: the notice is under it.
        """
        for screen in reversed(self.screen_stack):
            if isinstance(screen, WorkshopScreen):
                return screen.too_small
        return False

    class Prepared(Message):
        """The packs (and the --session workshop) are loaded and checked."""

        def __init__(self, prepared: Prepared) -> None:
            super().__init__()
            self.prepared = prepared
            """What `startup.prepare` found."""

    class StartFailed(Message):
        """A pack or the session cannot be used; the app will exit."""

        def __init__(self, problem: str) -> None:
            super().__init__()
            self.problem = problem
            """The message for the facilitator, naming the file."""

    @property
    def preferences_file(self) -> Path:
        """The settings file: the theme chosen last is remembered there."""
        return preferences_path(self.settings.config_dir)

    def apply_theme(self) -> str:
        """Use the theme from `--theme`, else the one remembered, else the default.

        A settings file that cannot be used leaves the default in place; the
        problem is told once the app is on screen (`settings_problem`).

        Returns:
            The theme the settings file holds, as far as it matters: writing
            is needed only once the theme differs from it.
        """
        try:
            remembered = read_preferences(self.preferences_file).theme
        except PreferencesError as error:
            self.settings_problem = str(error)
            remembered = None
        if remembered is not None and remembered not in self.available_themes:
            self.settings_problem = (
                f"{self.preferences_file}: no theme called {remembered!r}"
            )
            remembered = None
        # No usable file: the default counts as remembered, so that the file
        # is written (or a broken one replaced) only once a theme is chosen.
        remembered = remembered or self.theme
        chosen = self.settings.theme or remembered
        self.theme = chosen
        return remembered

    def on_mount(self) -> None:
        """Open the first screen: straight away, or after loading in the background."""
        self.catch_hang_up()
        self.watch_theme_choice()
        self.screen_change_signal.subscribe(self, release_render_caches)
        if self.settings.packs is not None:
            self.open_first_screen()
            return
        if self.settings.session_file is None:
            # The start screen takes the workshop's name while packs load.
            from readiness_tui.screens.start import StartScreen

            self.push_screen(StartScreen())
        else:
            from readiness_tui.screens.loading import LoadingScreen

            self.push_screen(LoadingScreen())
        self.run_worker(self.prepare_in_background, thread=True, name="prepare")

    def prepare_in_background(self) -> None:
        """Worker: import the core, load packs and the session, then report."""
        from readiness_tui.startup import StartupError, prepare

        settings = self.settings
        try:
            prepared = prepare(
                settings.content, settings.session_file, settings.read_only
            )
        except StartupError as error:
            self.post_message(self.StartFailed(str(error)))
            return
        self.post_message(self.Prepared(prepared))

    def on_readiness_app_prepared(self, message: ReadinessApp.Prepared) -> None:
        """Take what was loaded and open the first screen."""
        prepared = message.prepared
        self.packs = prepared.packs
        self.settings.workshop = prepared.workshop
        self.lock = prepared.lock
        # After the loading screen has drawn: replacing it while its header
        # is still mounting makes the header look for a title that is gone.
        self.call_after_refresh(self.open_first_screen)

    def on_readiness_app_start_failed(self, message: ReadinessApp.StartFailed) -> None:
        """Leave with the problem; the command line prints it with status 2."""
        self.startup_error = message.problem
        self.exit(return_code=2)

    def open_first_screen(self) -> None:
        """Resume the given session, or offer to start or resume one."""
        from readiness_tui.screens.start import StartScreen

        self.pack = self.packs[0]
        if self.settings.workshop is not None and self.session_path is not None:
            self.resume(self.settings.workshop, self.session_path, self.read_only)
        elif isinstance(self.screen, StartScreen):
            self.screen.show_packs_and_sessions()  # Drawn before the packs came.
        else:
            self.switch_to(StartScreen())

    def watch_theme_choice(self) -> None:
        """Remember each theme chosen; say if the settings file was unusable."""
        if self.settings_problem:
            self.notify(
                f"{self.settings_problem}. Using the default theme; choosing a "
                "theme (--theme or the palette) writes a new settings file.",
                title="Settings not read",
                severity="warning",
                timeout=20,
                markup=False,
            )
        self.theme_changed_signal.subscribe(self, self.remember_theme)
        self.remember_theme(self.current_theme)

    def remember_theme(self, theme: Theme) -> None:
        """Write the theme to the settings file if it is not the one there."""
        if theme.name == self.remembered_theme:
            return
        self.remembered_theme = theme.name
        self.run_worker(
            lambda: self.write_preferences(Preferences(theme=theme.name)),
            thread=True,
            name="remember-theme",
        )

    class SettingsNotSaved(Message):
        """The settings file could not be written."""

        def __init__(self, problem: str) -> None:
            super().__init__()
            self.problem = problem
            """Which file, and why."""

    def write_preferences(self, preferences: Preferences) -> None:
        """Worker: write the settings file; report a failure to the UI."""
        from readiness_tui.preferences import write_preferences

        path = self.preferences_file
        try:
            write_preferences(preferences, path)
        except OSError as error:
            reason = error.strerror or str(error)
            self.post_message(self.SettingsNotSaved(f"{path}: {reason}"))

    def on_readiness_app_settings_not_saved(
        self, message: ReadinessApp.SettingsNotSaved
    ) -> None:
        """Say the theme will not be remembered; it stays for this run."""
        self.notify(
            f"The theme is used now but not remembered: {message.problem}",
            title="Settings not saved",
            severity="warning",
            markup=False,
        )

    def catch_hang_up(self) -> None:
        """Save and exit when the terminal goes away (SSH drop) or on SIGTERM.

        Confirmed changes are already on disk; this also writes text typed in
        the last moment before a save was due.
        """
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGHUP, signal.SIGTERM):
            loop.add_signal_handler(signal_number, self.hang_up)

    def hang_up(self) -> None:
        """Save what is in memory, a policy being typed too, and leave."""
        self.keep_drafts()
        if self.save() or self.read_only or self.workshop is None:
            self.exit()
        else:
            self.leave_unsaved()

    def leave_unsaved(self) -> None:
        """Leave although the session file cannot be written, keeping a copy.

        The copy goes where new workshops go (so the start screen lists it),
        or else to the system's temporary folder; the terminal is told where,
        and the exit status is 1.
        """
        from rich.text import Text

        copy = self.write_rescue_copy()
        failed = f"The workshop could NOT be saved to {self.session_path}"
        if copy is None:
            message = f"{failed} ({self.save_problem}), nor a copy anywhere."
        else:
            message = (
                f"{failed} ({self.save_problem}). A copy is in {copy}; resume "
                f"it with: readiness-tui --session {copy}"
            )
        self.exit(return_code=1, message=Text(message))

    def write_rescue_copy(self) -> Path | None:
        """Write the workshop to a new file away from the failing one.

        Returns:
            Where it went, or None if no folder would take it.
        """
        import tempfile

        from readiness_tui import storage

        assert self.workshop is not None and self.session_path is not None
        folders = [storage.default_session_dir(), Path(tempfile.gettempdir())]
        for folder in folders:
            if folder == self.session_path.parent:
                continue
            path = storage.new_session_path(folder, self.workshop.name)
            try:
                folder.mkdir(parents=True, exist_ok=True)
                storage.save(self.workshop, path)
            except OSError:
                continue
            return path
        return None

    def keep_drafts(self) -> None:
        """Keep a policy still being typed in its dialog, so quitting loses none.

        The dialog may be under its own "throw away?" question, not yet
        answered; the policy is kept then too.
        """
        from readiness_tui.screens.confirm import ConfirmDialog
        from readiness_tui.screens.policy import PolicyDialog

        dialog = self.screen
        if isinstance(dialog, ConfirmDialog) and len(self.screen_stack) > 1:
            dialog = self.screen_stack[-2]
        if isinstance(dialog, PolicyDialog) and dialog.keep_draft():
            # Closed, so that staying after all cannot add the policy twice.
            if self.screen is not dialog:
                self.pop_screen()
            dialog.dismiss()
            self.notify("The policy being typed is kept in the list.")

    # Starting and resuming

    @property
    def session_dir(self) -> Path:
        """Where new sessions go and saved ones are listed."""
        if self.settings.session_dir is None:
            from readiness_tui.storage import default_session_dir

            self.settings.session_dir = default_session_dir()
        return self.settings.session_dir

    def begin(self, name: str, pack: Pack) -> None:
        """Start a new workshop on `pack` and show its scenario."""
        from readiness_tui import storage
        from readiness_tui.lock import LockHeld
        from readiness_tui.session import Step, Workshop

        self.pack = pack
        self.workshop = Workshop.begin(name, pack)
        # --session names the file for a new workshop, but never one that exists.
        path = self.settings.session_file
        if path is None or path.exists():
            path = storage.new_session_path(self.session_dir, name)
        try:
            self.take_lock(path)
        except LockHeld:
            # Another readiness-tui is starting a workshop in that very file.
            path = storage.new_session_path(self.session_dir, name)
            self.take_lock(path)
        self.session_path = path
        self.read_only = False
        self.save()
        self.go_to(Step.SCENARIO)
        asked = self.settings.session_file
        if asked is not None and path != asked:
            self.notify(
                f"{asked} is already taken (another workshop, or another "
                f"readiness-tui starting one), so this workshop is saved in {path}.",
                title="Saved elsewhere",
                severity="warning",
                timeout=20,
                markup=False,
            )

    def resume(self, workshop: Workshop, path: Path, read_only: bool = False) -> None:
        """Reopen a saved workshop at the step where it stood.

        Args:
            workshop: The workshop read from `path`.
            path: Its session file.
            read_only: Show it without ever writing to the file (another
                readiness-tui holds it).

        Raises:
            LockHeld: Another readiness-tui holds the file and `read_only`
                was not asked for.
        """
        if not read_only and (self.lock is None or self.lock.session != path):
            self.take_lock(path)
        self.pack = self.pack_for(workshop)
        self.workshop = workshop
        self.session_path = path
        self.read_only = read_only
        self.go_to(workshop.step)

    def take_lock(self, path: Path) -> None:
        """Hold `path` so no other readiness-tui writes to it; free the last one.

        A folder that cannot hold the lock file (read-only, missing) is left
        to the save, which reports it on screen.

        Raises:
            LockHeld: Another readiness-tui holds the file.
        """
        from readiness_tui.lock import SessionLock

        new_lock: SessionLock | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            new_lock = SessionLock(path)
        except OSError:
            new_lock = None
        if self.lock is not None:
            self.lock.release()
        self.lock = new_lock

    def keep_lock(self) -> bool:
        """Take the lock again if its file vanished (say, the folder was deleted),
        or take it now if it could not be taken before (the folder was
        read-only when the workshop began).

        Returns:
            False if another readiness-tui took the session meanwhile: this
            one then turns read-only, so there are never two writers.
        """
        from readiness_tui.lock import LockHeld

        if self.lock is not None and self.lock.is_current():
            return True
        assert self.session_path is not None
        try:
            self.take_lock(self.session_path)
        except LockHeld as held:
            first_failure = self.saved
            self.saved = False
            self.show_save_state()
            self.notify(
                f"{held}. It took this file while this copy's lock was gone "
                "(the lock file or its folder was removed), so this workshop is "
                "NOT saved there; save it to another file.",
                title="Not saved",
                severity="error",
                timeout=60,
                markup=False,
            )
            if first_failure:
                self.offer_save_elsewhere(OSError(0, "another readiness-tui has it"))
            return False
        return True

    def pack_for(self, workshop: Workshop) -> Pack:
        """The loaded pack a workshop was made with (checked by the caller)."""
        for pack in self.packs:
            if pack.id == workshop.pack.id:
                return pack
        raise LookupError(workshop.pack.id)

    # Saving

    def save(self) -> bool:
        """Write the workshop to its file; say so on screen if that fails.

        Returns:
            True if the file now holds the workshop as it is in memory.
        """
        from readiness_tui import storage

        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.workshop is None or self.session_path is None or self.read_only:
            return False
        if not self.keep_lock():
            return False
        try:
            storage.save(self.workshop, self.session_path)
        except OSError as error:
            first_failure = self.saved
            self.saved = False
            self.show_save_state()
            if first_failure:
                self.offer_save_elsewhere(error)
            problem = error.strerror or str(error)
            if problem != self.save_problem:
                # Once per problem: a toast for every change would pile up
                # over the dialogs (the header says NOT SAVED meanwhile).
                # A member's screen has no palette: the offer waits for the desk.
                elsewhere = (
                    "the facilitator can save to another file from the desk"
                    if isinstance(self.screen, PrivateScreen)
                    else "Ctrl+P › Save to another file"
                )
                self.notify(
                    f"Could not save to {self.session_path}: {problem}. "
                    "The workshop is kept in memory and every "
                    f"change tries again; {elsewhere}.",
                    title="Not saved",
                    severity="error",
                    timeout=30,
                    markup=False,
                )
            self.save_problem = problem
            return False
        self.saved = True
        self.save_problem = ""
        self.show_save_state()
        return True

    def offer_save_elsewhere(self, error: OSError) -> None:
        """Offer another file after the session file could not be written."""
        from readiness_tui import storage
        from readiness_tui.lock import LockHeld
        from readiness_tui.screens.save_elsewhere import SaveElsewhereDialog

        assert self.workshop is not None and self.session_path is not None
        failed = self.session_path
        suggestion = storage.new_session_path(
            storage.default_session_dir(), self.workshop.name
        )
        if suggestion.parent == failed.parent:
            suggestion = Path.home() / suggestion.name

        def save_to(path: Path) -> str | None:
            if path.suffix != storage.SUFFIX:
                return f"Name a {storage.SUFFIX} file, e.g. {suggestion.name}."
            if path.exists() and path != self.session_path:
                return f"{path} already exists: name a new file."
            try:
                self.take_lock(path)
            except LockHeld as held:
                return str(held)
            self.session_path = path
            if self.save():
                self.notify(f"Saved to {path}.", markup=False)
            return None

        reason = error.strerror or str(error)
        dialog = SaveElsewhereDialog(failed, reason, suggestion, save_to)
        if self.member_has_keyboard or isinstance(self.screen, PrivateScreen):
            # Not for whoever holds the keyboard to answer: kept for the
            # facilitator's next screen (the header says NOT SAVED meanwhile).
            self.save_elsewhere_waiting = dialog
            return
        # After the refresh, so that a screen change under way does not close it.
        self.call_after_refresh(self.push_screen, dialog)

    def save_soon(self, delay: float = 0.8) -> None:
        """Save once typing pauses for `delay` seconds (or sooner, on any save)."""
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(delay, self.save)

    @property
    def save_pending(self) -> bool:
        """True while a change waits for typing to pause before it is saved."""
        return self._save_timer is not None

    def on_unmount(self) -> None:
        """Write any change still waiting for its save, then free the file."""
        if self.save_pending:
            self.save()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def show_save_state(self) -> None:
        """Put the workshop's name and whether it is saved in the header."""
        if self.workshop is None:
            return
        saved_at = f"saved {self.workshop.updated:%H:%M:%S}"
        state = saved_at if self.saved else "NOT SAVED"
        if self.read_only:
            state = "READ-ONLY, open elsewhere: nothing is saved"
        # The state first: a long workshop name must not push NOT SAVED out
        # of a narrow header.
        self.sub_title = f"{state} · {self.workshop.name}"

    # Moving between phases

    def go_to(self, step: Step, screen: Screen[None] | None = None) -> None:
        """Record `step` as the workshop's phase and show its screen.

        Args:
            step: The phase to go to.
            screen: The screen to show, when the phase's usual fresh screen
                needs something more (say, the statement reconcile opens on).
        """
        assert self.workshop is not None
        if self.workshop.step != step:
            self.workshop.step = step
            self.save()
        self.show_save_state()
        self.switch_to(screen if screen is not None else self.screen_for(step))

    def screen_for(self, step: Step) -> Screen[None]:
        """A fresh screen for a phase of the workshop."""
        from readiness_tui.screens.decisions import DecisionsScreen
        from readiness_tui.screens.desk import RatingDeskScreen
        from readiness_tui.screens.reconcile import ReconcileScreen
        from readiness_tui.screens.reveal import RevealScreen
        from readiness_tui.screens.scenario import ScenarioScreen
        from readiness_tui.screens.team import TeamScreen
        from readiness_tui.session import Step

        screens: dict[Step, type[Screen[None]]] = {
            Step.SCENARIO: ScenarioScreen,
            Step.TEAM: TeamScreen,
            Step.RATING: RatingDeskScreen,
            Step.REVEAL: RevealScreen,
            Step.RECONCILE: ReconcileScreen,
            Step.DECISIONS: DecisionsScreen,
        }
        return screens[step]()

    def switch_to(self, screen: Screen[None]) -> None:
        """Replace the current screen (and anything above it) with `screen`."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        waiting = self.save_elsewhere_waiting
        if waiting is not None and not isinstance(screen, PrivateScreen):
            self.save_elsewhere_waiting = None
            self.call_after_refresh(self.push_screen, waiting)

    # Help and the command palette

    def action_show_help(self) -> None:
        """List every key of the screen in front, in a dialog."""
        from readiness_tui.keys import key_rows
        from readiness_tui.screens.help import HelpScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            screen.dismiss()
            return
        self.push_screen(HelpScreen(key_rows(screen)))

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """Save the palette's screenshot beside the session file, mode 0600.

        Textual would write it, readable by everyone, to ~/Downloads; a
        screenshot of the reveal holds names and ratings, kept as private as
        the session file itself.
        """
        from datetime import datetime

        from readiness_tui import storage

        folder = (
            Path(path)
            if path
            else self.session_path.parent
            if self.session_path is not None
            else Path.cwd()
        )
        stamp = datetime.now().strftime(time_format or "%Y-%m-%d_%H-%M-%S")
        target = folder / (filename or f"readiness-tui-{stamp}.svg")
        try:
            storage.write_atomic(target, self.export_screenshot().encode("utf-8"))
        except OSError as error:
            self.notify(
                f"Could not save the screenshot to {target}: "
                f"{error.strerror or error}.",
                severity="error",
                markup=False,
            )
            return None
        self.notify(f"Screenshot saved to {target}.", markup=False)
        return None

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands (theme, keys, ...) and the list of this screen's keys.

        Quit is described as it works here: it saves, and may ask first.
        """
        for command in super().get_system_commands(screen):
            if command.title == "Quit":
                command = SystemCommand(
                    "Quit",
                    "Save and quit; asks first if a ballot or a save would be lost",
                    self.action_quit,
                )
            yield command
        yield SystemCommand(
            "Help: keys of this screen",
            "List every key of the screen in front, with what it does",
            self.action_show_help,
        )
        if not self.saved and not self.read_only and self.workshop is not None:
            yield SystemCommand(
                "Save to another file",
                "The session file cannot be written: choose another",
                lambda: self.offer_save_elsewhere(OSError(0, self.save_problem)),
            )

    # Privacy

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the command palette while a member has the keyboard."""
        return not (action == "command_palette" and self.member_has_keyboard)

    @property
    def member_has_keyboard(self) -> bool:
        """True while a member's handoff or ballot is anywhere on the stack."""
        return any(isinstance(s, PrivateScreen) for s in self.screen_stack)

    def action_command_palette(self) -> None:
        """Open the command palette, except while a member has the keyboard."""
        if not self.member_has_keyboard:
            super().action_command_palette()

    def _fatal_error(self) -> None:
        """Show a crash's traceback without local variables.

        Textual's default traceback lists every frame's locals, which include
        the ballots in memory: a crash must never print members' ratings on
        the terminal. (This replaces a private Textual method; check it when
        raising Textual.)
        """
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()

    async def action_quit(self) -> None:
        """Save, then leave; ask first if a ballot or unsaved work would be lost.

        While a member has the keyboard and a facilitator's code is set,
        leaving needs the code: the shell it leads to can read the session
        file, which holds the round's ballots before the reveal. (A hang-up
        still saves and exits: that is the link dropping, not a key.)
        """
        from readiness_tui.screens.ask import AskDialog
        from readiness_tui.screens.desk import code_dialog

        workshop = self.workshop
        if self.member_has_keyboard and workshop and workshop.facilitator_code:
            if isinstance(self.screen, AskDialog):
                return  # Already asking for the code (or another answer).
            self.push_screen(
                code_dialog(
                    workshop.facilitator_code,
                    "Only the facilitator can quit while members rate: type your code.",
                ),
                lambda code: self.quit_after_asking() if code is not None else None,
            )
            return
        self.quit_after_asking()

    def quit_after_asking(self) -> None:
        """Save and leave, asking first if a ballot or unsaved work would be lost."""
        from readiness_tui.screens.ballot import BallotScreen
        from readiness_tui.screens.confirm import ConfirmDialog

        self.keep_drafts()
        questions = []
        if isinstance(self.screen, BallotScreen):
            questions.append(
                f"{self.screen.member_name}'s answers are not confirmed and will "
                "not be kept; they rate again when the workshop resumes."
            )
        unsaved = not self.save() and self.workshop is not None and not self.read_only
        if unsaved:
            questions.append(
                f"The workshop could NOT be saved to {self.session_path}: quitting "
                "writes a copy elsewhere if it can (Ctrl+P › Save to another "
                "file chooses where)."
            )
        if not questions:
            self.exit()
            return

        def answered(leave: bool | None) -> None:
            if leave and unsaved:
                self.leave_unsaved()
            elif leave:
                self.exit()

        question = " ".join([*questions, "Quit anyway?"])
        self.push_screen(ConfirmDialog(question, yes="Quit"), answered)


def create_app(settings: Settings) -> ReadinessApp:
    """Build the app from settings; the one way the CLI and tests get an app.

    The terminal's pastes are read whole from here on (`readiness_tui.paste`).
    """
    paste.install()
    return ReadinessApp(settings)
