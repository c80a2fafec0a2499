"""A TCP proxy that adds network latency: every byte arrives half a round trip late each way, and
a new connection costs one round trip before its first byte (the TCP handshake).

The hub's own ``latency_ms`` delays API replies only; over a real network a fresh connection also
pays for its TCP and TLS handshakes, which is what keeping connections alive saves. Bandwidth is
not limited: only latency is added.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay_s: float) -> None:
    """Forwards what ``reader`` receives to ``writer``, each chunk ``delay_s`` after it arrived."""
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def send() -> None:
        while True:
            due, chunk = await queue.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if not chunk:
                with contextlib.suppress(OSError):
                    writer.write_eof()
                return
            writer.write(chunk)
            await writer.drain()

    sender = asyncio.ensure_future(send())
    try:
        while True:
            chunk = await reader.read(1 << 20)
            await queue.put((time.monotonic() + delay_s, chunk))
            if not chunk:
                break
        await sender
    except (ConnectionError, OSError):
        sender.cancel()


@contextlib.contextmanager
def latency_proxy(target_host: str, target_port: int, rtt_ms: float) -> Iterator[int]:
    """Runs the proxy on a background thread; yields its port on 127.0.0.1."""
    half = rtt_ms / 2000
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    port: list[int] = []

    async def handle(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            await connect(client_r, client_w)
        except asyncio.CancelledError:  # the proxy stops: end quietly (asyncio would log it)
            client_w.close()

    async def connect(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        await asyncio.sleep(2 * half)  # SYN, SYN-ACK: a round trip before the first byte
        try:
            server_r, server_w = await asyncio.open_connection(target_host, target_port)
        except OSError:
            client_w.close()
            return
        await asyncio.gather(
            _pump(client_r, server_w, half), _pump(server_r, client_w, half), return_exceptions=True
        )
        for writer in (client_w, server_w):
            writer.close()

    servers: list[asyncio.base_events.Server] = []

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        servers.append(server)
        port.append(server.sockets[0].getsockname()[1])

    async def shutdown() -> None:
        for server in servers:
            server.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(main())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, name="latency-proxy", daemon=True)
    thread.start()
    if not ready.wait(10):
        raise RuntimeError("the latency proxy did not start")
    try:
        yield port[0]
    finally:
        asyncio.run_coroutine_threadsafe(shutdown(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()
