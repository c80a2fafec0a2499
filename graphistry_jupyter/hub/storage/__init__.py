"""What the hub keeps: metadata in one SQLite file (users, organizations and personal keys, with
their passwords and key secrets as scrypt hashes; datasets and files; SSO logins in progress and
browser sessions) and uploaded tables as Arrow files, received in chunks and checked before they
are kept.

May import: ``protocol/`` only: every other room of the hub builds on what it keeps.
"""
