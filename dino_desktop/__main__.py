from dino_desktop.cli import main

raise SystemExit(main())
