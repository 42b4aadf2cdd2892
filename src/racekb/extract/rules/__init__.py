"""The extract rules, one module each; `racekb.extract.default_ruler` sets their order."""
