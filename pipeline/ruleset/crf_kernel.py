"""The names model's tagger, compiled by numba: a linear-chain CRF over character ids (ruleset/tagger.py
reads a CRFsuite model into the arrays it takes).

numba caches what it compiles (about 5 s) and loads it again without a second look, so the cache lives in the
user's private cache folder (0700, `storage.private_cache_folder`), never beside the package where anyone who
can write there could plant code; without such a folder every process compiles it anew.
"""

import numba
import numpy as np

from ..storage import private_cache_folder


def _cache_folder() -> str:
    try:
        return str(private_cache_folder() / "numba")
    except OSError:
        return ""


_CACHE_FOLDER = _cache_folder()
_users_cache_folder = numba.config.CACHE_DIR
numba.config.CACHE_DIR = _CACHE_FOLDER  # read as each function below is decorated; the user's is put back after


@numba.njit(cache=bool(_CACHE_FOLDER))
def _pair(first, second, pair_rows, pair_second):
    """The row of the bigram (first, second), or -1: a binary search in first's rows, sorted by second."""
    low, high = pair_rows[first], pair_rows[first + 1]
    while low < high:
        middle = (low + high) // 2
        if pair_second[middle] < second:
            low = middle + 1
        else:
            high = middle
    return low if low < pair_rows[first + 1] and pair_second[low] == second else -1


@numba.njit(cache=bool(_CACHE_FOLDER))
def tag(
    codes,
    char_ids,
    known,
    separator,
    unigrams,
    pair_rows,
    pair_second,
    bigrams,
    transitions,
    exp_transitions,
    name_of_tag,
    begins,
):
    """The names in the Viterbi tags of each piece of text between separators: their starts, ends, labels
    (name_of_tag's) and confidences, the lowest marginal probability of their tags (forward-backward,
    scaled at each step, in the pieces that have a name)."""
    n, labels = len(codes), transitions.shape[0]
    ids = np.empty(n, np.int64)
    for i in range(n):
        ids[i] = char_ids[codes[i]] if codes[i] < len(char_ids) else known
    tags = np.zeros(n, np.int64)
    marginal = np.zeros(n)
    span_start = np.zeros(n, np.int64)
    span_end = np.zeros(n, np.int64)
    span_name = np.zeros(n, np.int64)
    span_confidence = np.zeros(n)
    spans = 0
    emission = np.zeros((n, labels))
    back = np.zeros((n, labels), np.int64)
    alpha = np.zeros((n, labels))
    beta = np.zeros((n, labels))
    scale = np.zeros(n)
    score = np.zeros(labels)
    following = np.zeros(labels)
    start = 0
    while start < n:
        if codes[start] < len(separator) and separator[codes[start]]:
            start += 1
            continue
        end = start
        while end < n and not (codes[end] < len(separator) and separator[codes[end]]):
            end += 1
        for i in range(start, end):
            before = char_ids[2] if i == start else ids[i - 1]
            after = char_ids[3] if i == end - 1 else ids[i + 1]
            for j in range(labels):
                emission[i, j] = unigrams[ids[i], j] + unigrams[before, labels + j] + unigrams[after, 2 * labels + j]
            row = _pair(before, ids[i], pair_rows, pair_second)
            if row >= 0:
                for j in range(labels):
                    emission[i, j] += bigrams[row, j]
            row = _pair(ids[i], after, pair_rows, pair_second)
            if row >= 0:
                for j in range(labels):
                    emission[i, j] += bigrams[row, labels + j]
        for j in range(labels):
            score[j] = emission[start, j]
        for i in range(start + 1, end):
            for j in range(labels):
                best = 0
                for k in range(1, labels):
                    if score[k] + transitions[k, j] > score[best] + transitions[best, j]:
                        best = k
                following[j] = score[best] + transitions[best, j] + emission[i, j]
                back[i, j] = best
            score[:] = following
        last = 0
        for j in range(1, labels):
            if score[j] > score[last]:
                last = j
        tags[end - 1] = last
        for i in range(end - 1, start, -1):
            tags[i - 1] = back[i, tags[i]]
        if np.all(name_of_tag[tags[start:end]] < 0):
            start = end
            continue
        for i in range(start, end):  # emissions as probabilities, each position's largest made 1
            emission[i] = np.exp(emission[i] - emission[i].max())
        for i in range(start, end):
            for j in range(labels):
                reach = 1.0
                if i > start:
                    reach = 0.0
                    for k in range(labels):
                        reach += alpha[i - 1, k] * exp_transitions[k, j]
                alpha[i, j] = reach * emission[i, j]
            scale[i] = alpha[i].sum()
            alpha[i] /= scale[i]
        beta[end - 1] = 1.0
        for i in range(end - 2, start - 1, -1):
            for k in range(labels):
                onward = 0.0
                for j in range(labels):
                    onward += exp_transitions[k, j] * emission[i + 1, j] * beta[i + 1, j]
                beta[i, k] = onward / scale[i + 1]
        for i in range(start, end):
            marginal[i] = alpha[i, tags[i]] * beta[i, tags[i]]
        opened = -1  # a name continues while its label's I- tag follows
        for i in range(start, end + 1):
            name = name_of_tag[tags[i]] if i < end else -1
            if opened >= 0 and (i == end or name != name_of_tag[tags[opened]] or begins[tags[i]]):
                span_start[spans], span_end[spans] = opened, i
                span_name[spans], span_confidence[spans] = name_of_tag[tags[opened]], marginal[opened:i].min()
                spans += 1
                opened = -1
            if name >= 0 and opened < 0:
                opened = i
        start = end
    return span_start[:spans], span_end[:spans], span_name[:spans], span_confidence[:spans]


numba.config.CACHE_DIR = _users_cache_folder
