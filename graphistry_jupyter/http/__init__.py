"""HTTP plumbing of the client side: the transport under pygraphistry's requests (deadlines,
upload progress, kept-alive connections), the client subclass each account owns, a session
token's claims, secrets kept out of messages and logs, server and browser addresses, TLS, what a
server's error reply says, the worker threads the kernel's thread hands work to without waiting
for them (``kernel_thread.py``), and work on worker threads that event loops can await
(``awaiting.py``).

May import: ``protocol/`` only. Everything else of the package builds on this room.
"""
