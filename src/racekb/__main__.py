from racekb.cli import entry

entry()
