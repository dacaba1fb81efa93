from aihw.cli import main

raise SystemExit(main())
