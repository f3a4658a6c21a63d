"""``python -m entropy.cli``: the command line, as the ``entropy`` command."""

import sys

from . import main

sys.exit(main())
