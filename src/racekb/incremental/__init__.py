"""What a build remembers between runs (above the stages: no stage imports it)."""
