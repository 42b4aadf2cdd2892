"""Stage 1: seeds -> release records (content/releases/*.md), read with one front-matter reader."""
