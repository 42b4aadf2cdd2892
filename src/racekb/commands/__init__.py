"""One module per racekb verb: each has add_parser(subparsers) and run(args) -> exit code."""
