"""Resources of the clients: ``client.links``, ``client.collections``, ``client.partners``."""

from .collections import AsyncCollections, Collections
from .links import AsyncLinks, Links
from .partners import AsyncPartners, Partners

__all__ = ["AsyncCollections", "AsyncLinks", "AsyncPartners", "Collections", "Links", "Partners"]
