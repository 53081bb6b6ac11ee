"""python -m editor: the same as the `noticeboard` command (and the frozen app's entry)."""

import multiprocessing
import sys

if __name__ == "__main__":
    # First thing: in a frozen app the preview's helper process starts as this program
    # again, and freeze_support() turns it into the helper instead of a second app.
    multiprocessing.freeze_support()

    from editor.cli import main

    sys.exit(main())
