"""Work-arounds for bugs in the Qt bindings that the rest of editor.ui should not know about.

PySide6 6.12 on CPython 3.11 hands back None, True and False without taking a reference
to them (CPython 3.12+ does not count references to these, so the bindings were apparently
only run there): every call of a C++ function returning void (setFormat, QTimer.start,
processEvents, QTest.keyClick, ...) lowers None's reference count by one, and every
`signal.emit()` lowers True's. After a few thousand calls the count reaches zero and the
interpreter aborts: "Fatal Python error: none_dealloc" (or bool_dealloc). Measured here:
`QObject().setObjectName("x")` 1,000 times lowers None's count by 1,000; a fresh interpreter
starts with about 4,400 for None and a few hundred for True.

The fix does what CPython 3.12 does (PEP 683): it makes these objects practically immortal,
by adding 2**40 to their reference counts once, before the GUI starts. Harmless with a
correct binding: None, True and False are never freed anyway.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40
_applied = False


def make_none_immortal() -> bool:
    """Protect None, True and False from the reference-count bug; True if this call did.

    Idempotent and cheap: call it at start-up (before QApplication) and from any component
    that may be the first to use Qt.
    """
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton))
        # sys.getrefcount counts its own argument. If the first field is not the count (a
        # debug build with another object layout), leave the object alone.
        if count.value == sys.getrefcount(singleton) - 1:
            count.value += _BOOST
    _applied = True
    return True
