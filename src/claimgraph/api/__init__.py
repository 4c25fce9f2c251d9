"""The JSON API under /api: routes, request and response schemas, and the services they
call (the store and the analysis). The application that serves it is ``claimgraph.app``."""
