"""The session side of an account: the :class:`~.account.Account` a person holds (its client,
state and plots), how it logs in (``login_flows.py``, by the table of login methods in
``methods.py`` and the credentials of ``credentials.py``), remembered logins, pygraphistry's
environment defaults, isolation of the kernel-global ``graphistry`` session, the kernel's one
registry of live logins, and why a login failed (``errors.py``).

May import: ``protocol/``, ``http/`` and ``plots/``. Never a widget: views present an account,
the account does not know them.
"""
