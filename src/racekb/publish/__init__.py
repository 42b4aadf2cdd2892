"""Stage 5: the built site put in place in one atomic swap, the build lock, the link checker."""
