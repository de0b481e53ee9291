"""Clean: RawDoc -> Article (boilerplate removal, title, byline, date, captions, language).

Contract used by the pipeline::

    clean(raw: RawDoc, settings: Settings) -> Article

Raises ``CleanError`` when no article text can be recovered.
"""
