"""Test instruments: injected faults and latency, and a record of every request answered. A hub
has them in its request path only when made with ``instruments=True`` (tests, benchmarks); the
command line's and the demo's hubs run without them."""
