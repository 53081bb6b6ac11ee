"""Small form widgets: the wall-time picker steps days as people expect."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from editor.ui.form_widgets import WallTimeEdit


@pytest.mark.parametrize("days_only", [True, False])
@pytest.mark.parametrize(
    "day", [date(2022, 3, 31), date(2022, 1, 30), date(2022, 10, 30), date(2022, 4, 13)]
)
def test_up_on_the_day_never_moves_backwards(qtbot: Any, days_only: bool, day: date) -> None:
    # With a weekday in the display format, Qt stepped Up from 31 Mar 2022 back to 25 Mar.
    edit = WallTimeEdit()
    qtbot.addWidget(edit)
    edit.set_days_only(days_only)
    edit.set_value(day if days_only else datetime.combine(day, datetime.min.time()))
    edit.setCurrentSectionIndex(0)  # where the cursor lands when the field is entered
    edit.stepBy(1)
    value = edit.value()
    shown = value if isinstance(value, date) and not isinstance(value, datetime) else value.date()
    # The last day of a month stays put (Qt does not wrap into the next month); others step.
    assert shown == (day if day.day == 31 else day + timedelta(days=1))
