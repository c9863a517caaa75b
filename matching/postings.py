"""The TF-IDF rows of the distinct product names, kept twice: by name (CSR, for the exact
cosine of chosen names) and by character n-gram (CSC: the inverted index, for finding the
names whose cosine with a request can reach a bound without visiting the others).

Names only ever arrive, one batch at a time (the build, then each catch-up). Rows are held in
blocks: the build's block, then the later ones. A new batch is a new small block; the small
blocks are merged with each other when there are more than ``MAX_BLOCKS``, and into the build's
block only once they hold as many rows as it does, so the cost of merging stays proportional to
the rows merged (amortised O(1) per name) and a catch-up never copies the whole matrix.

Finding names (:meth:`NameText.reaching`) is MaxScore (Turtle and Flood, 1995) with two bounds
per n-gram set: a name's cosine with the request is ``sum(r_g * n_g)`` over shared n-grams ``g``
(request weights ``r``, name weights ``n``, both L2-normalised and non-negative). The request's
most frequent n-grams are set aside while what they can add together stays under the bound:
``min(sqrt(sum r_g^2), sum r_g * max n_g)`` (Cauchy-Schwarz, and the largest weight each n-gram
has in any name). Only the postings of the other, rarer n-grams are read; a name whose partial
cosine plus what the set-aside n-grams can add stays under the bound cannot reach it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

__all__ = ["MAX_BLOCKS", "NameText"]

#: Blocks of later names kept apart before they are merged with each other.
MAX_BLOCKS = 8
#: Partial cosines are summed in another order than the exact ones: keep names this close.
_SLACK = 1e-4

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


@dataclass(slots=True)
class _Block:
    """Rows ``first .. first + rows`` of the name matrix, by row and by column, with each
    column's number of rows (document frequency) and largest weight."""

    first: int
    by_name: sp.csr_matrix
    by_gram: sp.csc_matrix
    frequency: I64
    largest: F64

    @classmethod
    def of(cls, first: int, rows: sp.csr_matrix) -> _Block:
        by_gram = rows.tocsc()
        by_gram.sort_indices()
        frequency = np.diff(by_gram.indptr).astype(np.int64)
        largest = np.zeros(rows.shape[1], dtype=np.float64)
        filled = np.flatnonzero(frequency)
        if len(filled):
            largest[filled] = np.maximum.reduceat(by_gram.data, by_gram.indptr[filled])
        return cls(first, rows, by_gram, frequency, largest)

    @property
    def rows(self) -> int:
        return int(self.by_name.shape[0])


class NameText:
    """TF-IDF rows (float32, L2-normalised) of names ``0 .. len - 1`` over ``width`` n-grams."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.blocks: list[_Block] = []

    def __len__(self) -> int:
        return self.blocks[-1].first + self.blocks[-1].rows if self.blocks else 0

    def nbytes(self) -> int:
        total = 0
        for block in self.blocks:
            for matrix in (block.by_name, block.by_gram):
                total += matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes
            total += block.frequency.nbytes + block.largest.nbytes
        return total

    def append(self, rows: sp.csr_matrix) -> None:
        """Add the rows of the next names (in name order)."""
        if rows.shape[0] == 0:
            return
        rows = sp.csr_matrix(rows, dtype=np.float32)
        self.blocks.append(_Block.of(len(self), rows))
        if len(self.blocks) > MAX_BLOCKS:
            later = self.blocks[1:]
            if sum(block.rows for block in later) >= self.blocks[0].rows:
                self.blocks = [self._merged(self.blocks)]
            else:
                self.blocks = [self.blocks[0], self._merged(later)]

    @staticmethod
    def _merged(blocks: list[_Block]) -> _Block:
        return _Block.of(
            blocks[0].first, sp.vstack([block.by_name for block in blocks], format="csr")
        )

    def cosine_all(self, vector: F32) -> F32:
        """Cosine of every name with ``vector`` (a request's dense row)."""
        if not self.blocks:
            return np.zeros(0, dtype=np.float32)
        parts = [block.by_name @ vector for block in self.blocks]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def cosine(self, names: I64, vector: F32) -> F32:
        """Cosine of names ``names`` (ascending ids) with ``vector``: each row's products added
        in the row's own order, so the figures equal :meth:`cosine_all`'s bit for bit."""
        result = np.zeros(len(names), dtype=np.float32)
        for block in self.blocks:
            lo, hi = np.searchsorted(names, [block.first, block.first + block.rows])
            if hi > lo:
                rows = block.by_name[names[lo:hi] - block.first]
                result[lo:hi] = rows @ vector
        return result

    def reaching(self, vector: F32, bound: float) -> I64:
        """Ids (ascending) of every name whose cosine with ``vector`` can be ``>= bound``
        (and some that cannot): see the module's docstring."""
        grams = np.flatnonzero(vector)
        weights = vector[grams].astype(np.float64)
        found: list[I64] = []
        for block in self.blocks:
            order = np.argsort(-block.frequency[grams], kind="stable")
            block_grams, block_weights = grams[order], weights[order]
            ceiling = np.minimum(
                np.sqrt(np.cumsum(block_weights**2)),
                np.cumsum(block_weights * block.largest[block_grams]),
            )
            aside = int(np.searchsorted(ceiling, bound - _SLACK, side="left"))
            rest = ceiling[aside - 1] if aside else 0.0
            read, read_weights = block_grams[aside:], block_weights[aside:]
            if not len(read):
                continue
            indptr = block.by_gram.indptr
            starts, stops = indptr[read], indptr[read + 1]
            lengths = stops - starts
            total = int(lengths.sum())
            if total == 0:
                continue
            positions = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(
                total
            )
            rows = block.by_gram.indices[positions]
            partial = np.bincount(
                rows,
                weights=block.by_gram.data[positions] * np.repeat(read_weights, lengths),
                minlength=block.rows,
            )
            found.append(np.flatnonzero(partial + rest >= bound - _SLACK) + block.first)
        if not found:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate(found).astype(np.int64)
