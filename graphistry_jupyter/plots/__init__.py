"""Plotting through an account: the upload job a plot view mirrors (``job.py``), uploading a
plottable and the cache of what was uploaded (``upload.py``), sending its tables batch by batch
(``streaming.py``), the checks a plottable passes
before any request (``checks.py``), view grants for single sign-in (``grants.py``), and why a
plot failed (``errors.py``).

May import: ``protocol/`` and ``http/``. Never ``session/`` at run time: an account uses its
plots, so the job names the account's type for type checkers only.
"""
