"""Feature hashing: lists of feature strings -> a sparse matrix, as the models read them.

The same matrix as scikit-learn's ``FeatureHasher(n_features, input_type="string",
alternate_sign=False)``, with which the shipped models were trained: each string's signed 32-bit
MurmurHash3 (seed 0) of its UTF-8 bytes, its absolute value modulo ``n_features`` as the column,
1 for each occurrence, duplicates summed (tests/test_decision.py compares the two). Written here
so that a process that only applies the models never imports scikit-learn, which costs about half
a second at every start (a CLI command, a batch worker, a server process).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import mmh3
import numpy as np
from scipy.sparse import csr_matrix

_INT_MIN = -(2**31)


class Hasher:
    """``transform(rows)``: one row a list of feature strings, ``n_features`` columns."""

    def __init__(self, n_features: int) -> None:
        self.n_features = n_features

    def column(self, feature: str) -> int:
        h = mmh3.hash(feature.encode("utf-8"), 0, signed=True)
        if h == _INT_MIN:  # abs() would overflow a 32-bit int: scikit-learn's own rule
            return (2**31 - 1 - (self.n_features - 1)) % self.n_features
        return abs(h) % self.n_features

    def transform(self, rows: Iterable[Sequence[str]]) -> csr_matrix:
        n = self.n_features
        indices: list[int] = []
        indptr = [0]
        for row in rows:
            for f in row:
                h = mmh3.hash(f.encode("utf-8"), 0, signed=True)
                indices.append(abs(h) % n if h != _INT_MIN else (2**31 - 1 - (n - 1)) % n)
            indptr.append(len(indices))
        x = csr_matrix(
            (np.ones(len(indices), dtype=np.float64), np.array(indices, dtype=np.int32), indptr),
            shape=(len(indptr) - 1, n),
        )
        x.sum_duplicates()  # and sorts each row's columns
        return x
