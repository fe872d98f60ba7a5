"""checker: find where news sources disagree, with evidence."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("checker")
except PackageNotFoundError:  # running from a checkout without an install
    __version__ = "0.0.0+local"

__all__ = ["__version__"]
