"""Freed memory goes back to the system after a build (``matching.release_free_memory``)."""

from __future__ import annotations

import os
import platform

import numpy as np
import pytest

from matching import release_free_memory


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_memory_freed_inside_the_heap_goes_back_to_the_system() -> None:
    # 64 KiB arrays come from the heap (under glibc's mmap threshold); the last one kept
    # pins the heap's top, so freeing the others leaves 190 MiB free inside it
    blocks = [np.ones(8192) for _ in range(3000)]
    kept = blocks[-1]
    del blocks
    before = _rss_mib()
    assert release_free_memory() is True
    after = _rss_mib()
    assert before - after > 150, (before, after)
    assert kept.sum() == 8192
