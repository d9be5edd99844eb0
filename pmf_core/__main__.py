import sys

from pmf_core.cli import main

sys.exit(main())
