"""A client library for accessing Hoko bulk link API"""

from .client import AuthenticatedClient, Client

# The spec's info.version: vendoring users can pin and compare it (see CHANGELOG.md).
__version__ = "2.0.0"

__all__ = (
    "AuthenticatedClient",
    "Client",
    "__version__",
)
