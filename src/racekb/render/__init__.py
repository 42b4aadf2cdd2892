"""Stage 4: the graph -> the files of build/: pages, entity sections, feeds, JSON-LD, search index."""
