from tests.filings.conftest import attorney  # noqa: F401  (the same funded attorney)
