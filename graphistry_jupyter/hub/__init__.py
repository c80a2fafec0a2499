"""The local hub: a Graphistry-compatible server for offline use, demos and tests.

It speaks the part of the Graphistry REST API that the unmodified ``graphistry`` client uses
(see ``docs/graphistry-protocol.md``) and serves a browser viewer for uploaded graphs. Needs the
``hub`` extra (Starlette, uvicorn). Imports no widget code.
"""

from .instruments.faults import Fault, FaultRegistry
from .instruments.records import RequestRecord
from .server.local_hub import LocalHub

__all__ = ["Fault", "FaultRegistry", "LocalHub", "RequestRecord"]
