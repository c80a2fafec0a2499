"""What the hub shows browsers: its HTML pages (index, login, SSO sign-in, the viewer shell and
its messages), the viewer's data endpoints and static front end, the forms' anti-forgery tokens,
and the headers that say who may frame what."""
