"""The Preferences dialog: default language, time zone, author, website address and theme."""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from editor.domain.problems import describe
from editor.preferences import Preferences, Theme
from editor.ui.form_widgets import ZoneComboBox
from editor.ui.item_form import COMMON_LANGUAGES

THEME_LABELS = {Theme.SYSTEM: "Follow the system", Theme.LIGHT: "Light", Theme.DARK: "Dark"}


class PreferencesDialog(QDialog):
    """Edits a copy of the preferences; `preferences()` gives the result after accept."""

    def __init__(
        self, preferences: Preferences, languages: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        self._result = preferences

        self.language = QComboBox()
        self.language.setEditable(True)
        self.language.addItems(list(dict.fromkeys([*languages, *COMMON_LANGUAGES])))
        self.language.setEditText(preferences.default_language)
        self.language.setAccessibleName("Default language")
        self.timezone = ZoneComboBox()
        self.timezone.set_zone(preferences.default_timezone)
        self.timezone.setAccessibleName("Default time zone")
        self.author = QLineEdit(preferences.author)
        self.author.setPlaceholderText("Your name, as shown on what you write")
        self.author.setAccessibleName("Author")
        self.site_url = QLineEdit(preferences.site_url)
        self.site_url.setPlaceholderText("https://example.org/news/ (optional)")
        self.site_url.setToolTip(
            "Where the bundles are published. Exports then give the feeds and the pages' "
            "search-engine data full links; the pages themselves keep links that work from disk."
        )
        self.site_url.setAccessibleName("Website address")
        self.theme = QComboBox()
        for theme, label in THEME_LABELS.items():
            self.theme.addItem(label, theme)
        self.theme.setCurrentIndex(max(self.theme.findData(preferences.theme), 0))
        self.theme.setAccessibleName("Theme")
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setAccessibleName("Preferences problem")
        self.problem.setWordWrap(True)
        self.problem.hide()

        form = QFormLayout()
        form.addRow("Default &language:", self.language)
        form.addRow("Default &time zone:", self.timezone)
        form.addRow("&Author:", self.author)
        form.addRow("&Website address:", self.site_url)
        form.addRow("T&heme:", self.theme)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def preferences(self) -> Preferences:
        return self._result

    def accept(self) -> None:
        try:
            self._result = Preferences(
                default_language=self.language.currentText().strip(),
                default_timezone=self.timezone.currentText().strip(),
                author=self.author.text().strip(),
                site_url=self.site_url.text().strip(),
                theme=Theme(self.theme.currentData()),
            )
        except ValidationError as error:
            self.problem.setText(describe(error)[0].message)
            self.problem.show()
            return
        super().accept()
