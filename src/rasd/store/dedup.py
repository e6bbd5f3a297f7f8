"""Near-duplicate reports (the same wire story lightly edited by two outlets) found with MinHash LSH.

A report's signature is a datasketch MinHash of the word 3-grams of its normalized text. It is cut into bands; two
reports sharing a band are candidates, and a candidate whose estimated Jaccard similarity reaches
:data:`THRESHOLD` is a near-duplicate. Bands are stored in the database (not in memory) so that detection survives
restarts and an interrupted ingest needs no rebuild.
"""

from __future__ import annotations

import hashlib
import zlib
from functools import cache

import numpy as np

from rasd.store.search import _WORD, _key

NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: pairs at Jaccard 0.8 share a band with probability > 0.999
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.8
SHINGLE = 3
_SEED = 1

_SCHEME = "affine32"  # hash values fit 32 bits; shingles are hashed with crc32 (C speed, 32 bits)


@cache
def _minhash():
    """datasketch's MinHash and the permutations, made once (importing datasketch takes a second: only on use)."""
    from datasketch import MinHash

    return MinHash, MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME, hashfunc=zlib.crc32).permutations


def signature(text: str) -> bytes:
    """The MinHash signature of a text, as NUM_PERM little-endian uint32 (datasketch hash values fit 32 bits)."""
    words = _WORD.findall(_key(text))
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    minhash_class, permutations = _minhash()
    minhash = minhash_class(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME, hashfunc=zlib.crc32,
                            permutations=permutations)
    minhash.update_batch([s.encode("utf-8", "surrogatepass") for s in shingles])
    return minhash.hashvalues.astype("<u4").tobytes()


def bands(sig: bytes) -> list[int]:
    """The LSH band keys of a signature: one signed 64-bit integer per band, the band number mixed in."""
    width = ROWS * 4
    return [int.from_bytes(hashlib.blake2b(bytes([b]) + sig[b * width:(b + 1) * width], digest_size=8).digest(),
                           "little", signed=True) for b in range(BANDS)]


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two texts behind two signatures."""
    return float(np.mean(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4")))
