from sscbgen.cli import main

raise SystemExit(main())
