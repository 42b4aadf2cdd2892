"""Process pools and helpers that run beside the build (above the stages: no stage imports it)."""
