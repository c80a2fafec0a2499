"""The hub's lifecycle: ``LocalHub`` (where it listens, start and stop, what it holds), serving the
app with uvicorn on a background thread, its https certificate, its address through Jupyter's
proxy, and the users given to it outside Python (a users file, an environment variable)."""
