"""The one exception base of ijgraph, so that callers can catch everything ijgraph raises.

Every error ijgraph raises on purpose derives from :class:`IjgraphError`; each stays
defined beside the code that raises it, and keeps its builtin base (``LookupError``,
``ValueError``) so that existing ``except`` clauses still match::

    IjgraphError
    ├── DataError            compiler.diagnostics   the inputs do not validate (file:line)
    ├── QueryRefused         sparql.lexer           too large, too deep, an update, SERVICE, LOAD…
    ├── FormatError          sparql.results         no such output format for this result
    ├── UnknownExample       sparql.core            no example query of that name
    ├── RemoteError          sparql.transport       an external SPARQL server failed
    │   ├── RemoteTimeout    sparql.transport       … or did not finish within the deadline
    │   ├── TruncatedResult  sparql.remote          … or cut its answer short
    │   └── PushError        sparql.remote          … or refused part of a push (says what was sent)
    ├── StoreError           rdf.store              the on-disk store cannot be built (an OSError)
    ├── QueryTimeout, WorkerDied, PoolBusy
    │                        server.pool            the endpoint's worker pool
    └── UnknownEntity, AmbiguousEntity
                             graph.analytics        a name that resolves to no / many entities

The command line turns each into a message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

__all__ = ["IjgraphError"]


class IjgraphError(Exception):
    """Base class of every error that ijgraph raises on purpose."""
