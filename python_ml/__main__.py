from python_ml.cli import main

raise SystemExit(main())
