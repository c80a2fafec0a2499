"""HTTP plumbing of the client side: the transport under pygraphistry's requests (deadlines,
upload progress, kept-alive connections), the client subclass each account owns, a session
token's claims, secrets kept out of messages and logs, server and browser addresses, TLS, and
what a server's error reply says.

May import: ``protocol/`` only. Everything else of the package builds on this room.
"""
