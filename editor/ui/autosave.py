"""Autosave: the save manager that keeps an editor's typing safe without a Save click.

Two timers per draft. The journal timer writes the raw draft to the recovery journal
about 300 ms after the first unsaved edit, and again while typing goes on (it is not
restarted by each keystroke, so continuous typing is journaled too): a crash loses at
most a fraction of a second of typing plus the write. The save timer saves the item
about one second after typing stops, but only when the draft validates: an invalid
draft is never saved over the good revision, it stays in the journal. A save or a
journal write that fails on the disk is retried with a growing delay.
"""

from __future__ import annotations

import time
from enum import StrEnum

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from editor.storage import StorageError
from editor.ui.controller import EditorController

SAVE_DELAY_MS = 1000
JOURNAL_DELAY_MS = 300
RETRY_FIRST_MS = 1000
RETRY_MAX_MS = 30_000


class SaveState(StrEnum):
    SAVED = "saved"  # nothing unsaved
    PENDING = "pending"  # unsaved, a save is coming
    DRAFT = "draft"  # unsaved because the draft does not validate; kept in the journal
    RETRYING = "retrying"  # the disk failed; trying again later
    FAILED = "failed"  # cannot save as it is (a slug clash, a conflict); kept in the journal


class AutosaveManager(QObject):
    """Drives the controller's journal writes and saves from the edit rhythm."""

    state_changed = Signal(str, str)  # SaveState, one line for the editor ("" when saved)
    journal_written = Signal(float)  # milliseconds the write took

    def __init__(
        self,
        controller: EditorController,
        parent: QObject | None = None,
        *,
        save_delay_ms: int = SAVE_DELAY_MS,
        journal_delay_ms: int = JOURNAL_DELAY_MS,
        retry_first_ms: int = RETRY_FIRST_MS,
        retry_max_ms: int = RETRY_MAX_MS,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.enabled = True
        self._retry_first_ms = retry_first_ms
        self._retry_max_ms = retry_max_ms
        self._save_delay_ms = save_delay_ms
        self._journal_delay_ms = journal_delay_ms
        self._save_backoff_ms = 0  # 0: not retrying
        self._journal_backoff_ms = 0
        self.state = SaveState.SAVED
        self.message = ""
        self.journal_error = ""

        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(save_delay_ms)
        self.save_timer.timeout.connect(self._on_save_timer_timeout)
        self.journal_timer = QTimer(self)
        self.journal_timer.setSingleShot(True)
        self.journal_timer.setInterval(journal_delay_ms)
        self.journal_timer.timeout.connect(self._on_journal_timer_timeout)

        controller.draft_edited.connect(self._on_controller_draft_edited)
        controller.dirty_changed.connect(self._on_controller_dirty_changed)
        controller.item_saved.connect(self._on_controller_item_saved)

    # -- edits ---------------------------------------------------------------------------

    @Slot()
    def _on_controller_draft_edited(self) -> None:
        if not self.enabled or self.controller.workspace.read_only:
            return
        if not self.journal_timer.isActive():
            self.journal_timer.start()
        if self._save_backoff_ms == 0:
            self.save_timer.start(self._save_delay_ms)  # restarted: saves when typing stops
            if self.controller.candidate is not None:
                self._set_state(SaveState.PENDING, "")
            elif self.state == SaveState.DRAFT:
                self._set_state(SaveState.DRAFT, self._describe())

    @Slot(bool)
    def _on_controller_dirty_changed(self, dirty: bool) -> None:
        if not dirty:
            self.save_timer.stop()
            self.journal_timer.stop()
            self._save_backoff_ms = 0
            self._journal_backoff_ms = 0
            self.journal_error = ""
            self._set_state(SaveState.SAVED, "")

    @Slot(object)
    def _on_controller_item_saved(self, _item: object) -> None:
        self._save_backoff_ms = 0

    # -- the journal ---------------------------------------------------------------------

    @Slot()
    def _on_journal_timer_timeout(self) -> None:
        self.write_journal()

    def write_journal(self) -> bool:
        """Write the draft to the journal now; on a disk failure, try again later."""
        started = time.perf_counter()
        try:
            written = self.controller.write_journal()
        except StorageError as error:
            self._journal_backoff_ms = self._next_delay(self._journal_backoff_ms)
            self.journal_error = f"Recovery copy not written: {error}"
            self.journal_timer.start(self._journal_backoff_ms)
            if self.state != SaveState.RETRYING:
                self._set_state(self.state, self._describe())
            return False
        self._journal_backoff_ms = 0
        self.journal_timer.setInterval(self._journal_delay_ms)
        if self.journal_error:
            self.journal_error = ""
            self._set_state(self.state, self._describe())
        if written:
            self.journal_written.emit((time.perf_counter() - started) * 1000)
        return written

    # -- saving --------------------------------------------------------------------------

    @Slot()
    def _on_save_timer_timeout(self) -> None:
        self.save_now()

    def save_now(self) -> bool:
        """Save the draft if it validates; True when nothing is left unsaved."""
        controller = self.controller
        if not controller.dirty:
            return True
        if controller.candidate is None:
            # Never over the good revision: the draft waits in the journal.
            self.journal_timer.stop()
            self.write_journal()
            self._set_state(SaveState.DRAFT, self._describe())
            return False
        if controller.save(autosave=True) is not None:
            return True
        failure = controller.last_failure
        if failure is not None and failure.retryable:
            self._save_backoff_ms = self._next_delay(self._save_backoff_ms)
            self.save_timer.start(self._save_backoff_ms)
            self.write_journal()
            self._set_state(SaveState.RETRYING, self._describe())
        else:
            self.write_journal()
            self._set_state(SaveState.FAILED, self._describe())
        return False

    def flush(self) -> bool:
        """Before leaving a draft: save it now if possible, else at least journal it."""
        self.save_timer.stop()
        if self.save_now():
            return True
        self.write_journal()
        return False

    # -- state ---------------------------------------------------------------------------

    def _next_delay(self, current: int) -> int:
        return self._retry_first_ms if current == 0 else min(current * 2, self._retry_max_ms)

    def _describe(self) -> str:
        """One line: what is unsaved and why, and what happens next."""
        controller = self.controller
        failure = controller.last_failure
        parts: list[str] = []
        if controller.dirty and controller.candidate is None:
            problem = next(iter(controller.problems.values()), "the item is not valid yet")
            parts.append(f"Draft, not saved yet: {problem}.")
        elif failure is not None and controller.dirty:
            parts.append(failure.message)
            if failure.retryable and self._save_backoff_ms:
                parts.append(f"Trying again in {self._save_backoff_ms // 1000 or 1} s.")
        if self.journal_error:
            parts.append(self.journal_error)
            parts.append(f"Trying again in {self._journal_backoff_ms // 1000 or 1} s.")
        elif controller.dirty and controller.journal is not None:
            parts.append("Your text is kept in the recovery journal.")
        return " ".join(parts)

    def _set_state(self, state: SaveState, message: str) -> None:
        if (state, message) == (self.state, self.message):
            return
        self.state = state
        self.message = message
        self.state_changed.emit(state.value, message)
