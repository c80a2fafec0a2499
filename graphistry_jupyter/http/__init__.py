"""HTTP plumbing of the client side: the transport under pygraphistry's requests (deadlines,
upload progress, kept-alive connections), the client subclass each account owns, a session
token's claims, secrets kept out of messages and logs, server and browser addresses, TLS, what a
server's error reply says, and work on worker threads that event loops can await.

May import: ``protocol/`` only. Everything else of the package builds on this room.
"""
