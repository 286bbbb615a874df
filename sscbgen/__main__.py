import sys

try:
    from sscbgen.cli import main
except KeyboardInterrupt:  # Ctrl+C while Python was still starting
    sys.exit(130)

sys.exit(main())
