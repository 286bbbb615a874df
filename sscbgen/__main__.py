import sys

try:
    from sscbgen.cli import run
except KeyboardInterrupt:  # Ctrl+C while Python was still starting
    sys.exit(130)

sys.exit(run())
