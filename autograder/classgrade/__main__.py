import sys

from autograder.classgrade.cli import main

sys.exit(main())
