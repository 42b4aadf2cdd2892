from racekb.cli import main

raise SystemExit(main())
