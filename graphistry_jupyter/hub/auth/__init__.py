"""Who may do what on the hub: the access rules every route applies, session tokens, view grants,
and the failed-login limit.

May import: ``protocol/``, ``hub/storage/`` and the hub's shared root modules (context, refusals).
"""
