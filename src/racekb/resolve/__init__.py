"""Stage 3: mentions across releases -> entities: aliases, merges, confidence, curated overrides."""
