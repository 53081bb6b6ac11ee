"""python -m editor: the same as the `noticeboard` command."""

import sys

from editor.cli import main

sys.exit(main())
