"""Resolve: actors, places and times found in a parsed article.

Contracts used by the pipeline (each stage reads the article and its spaCy parse)::

    actors.ActorResolver(extra_files).find_mentions(article, sdoc) -> list[Mention]
    places.find_places(article, sdoc) -> list[Place]
    times.find_times(article, sdoc) -> list[TimeExpr]
"""
