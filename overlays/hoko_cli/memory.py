"""A command's process memory: the cyclic collector off, one young collection per chunk, and
(glibc) one malloc arena (D40).

Reading 10,000 rows allocates some 50,000 containers, and decoding their answer as many again;
none forms a reference cycle, yet the collections those allocations trigger walk every row
still held, and the full ones the whole heap. So a command turns the automatic collector off
(the client then keeps it off too, D39) and collects the young generations itself once per
chunk, which frees what cycles were made meanwhile (a caught exception's traceback, say). The
pause is the client's own `hoko_client.types.gc_paused`, around the whole command.

The large buffers (request bodies, answers and their decoding) are allocated by the sending
threads in turn; with glibc's default of one arena per thread, each thread's arena keeps its own
high-water mark, which the resident size adds up. The GIL serialises those allocations anyway,
so one arena costs no speed.
"""

from __future__ import annotations

import ctypes
import gc
import sys

M_ARENA_MAX = -8  # glibc's malloc.h


def chunk_done() -> None:
    """Free the cycles made since the last chunk (the young generations only: what lived
    through two of these is rare and small, and freed at exit)."""
    gc.collect(1)


def one_malloc_arena() -> bool:
    """Let every thread allocate from the main arena (glibc); True if the C library took it.

    Arenas a thread already has stay, so call it before the sending threads start. It holds
    for the rest of the process: glibc has no way to read the setting back.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, 1))
