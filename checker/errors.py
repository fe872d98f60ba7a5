"""The library's exception tree. The CLI maps these to one-line messages and exit codes."""


class CheckerError(Exception):
    """Base class for every error the library raises on purpose."""


class InputError(CheckerError):
    """The user's input cannot be used: a missing path, an empty or binary file, too few sources."""


class SourceError(CheckerError):
    """One source could not be processed; others may still be reported."""

    def __init__(self, source_id: str, message: str) -> None:
        super().__init__(f"{source_id}: {message}")
        self.source_id = source_id
        self.message = message


class ConfigError(CheckerError):
    """Settings are missing or contradictory (e.g. the LLM backend chosen but not configured)."""


class ExtractionError(CheckerError):
    """An extraction backend failed for one article."""


class ModelNotInstalledError(ConfigError):
    """The spaCy English pipeline the offline extractor needs is not installed."""


class SourceTimeoutError(SourceError):
    """One source used up its time budget (see :mod:`checker.budget`); the others go on."""
