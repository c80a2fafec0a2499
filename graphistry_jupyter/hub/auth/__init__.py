"""Who may do what on the hub: the access rules every route applies, session tokens, view grants,
password and key hashing, and the failed-login limit."""
