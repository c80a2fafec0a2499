"""The hub's API routes: the part of the Graphistry REST API that pygraphistry calls (logins,
tokens, organizations, SSO, datasets, files, sharing) and the view-grant extension, each answering
in the shape its client reads (docs/graphistry-protocol.md, docs/single-sign-in.md)."""
