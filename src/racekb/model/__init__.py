"""The domain types every stage shares: releases, entities, facts, the graph, the site, slugs, errors."""
