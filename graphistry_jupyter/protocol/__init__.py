"""The vocabulary both ends of the Graphistry API share: the client side (accounts, plots) and the
local hub.

May import: nothing else of this package, so either side may use it."""
