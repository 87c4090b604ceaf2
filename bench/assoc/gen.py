"""Seeded (basket, item) data with realistic item popularity, shared by the
benchmark (bench/assoc/run.sh) and the reference check (tests/reference/sk_assoc.py).

Items follow a Zipf-like popularity (weight 1 / rank^1.1); a basket holds 1 +
Poisson(3) distinct items drawn by popularity, and with probability 0.35 one of a
few fixed bundles (items that are bought together) is added, so that the data has
rules with lift well above 1. Numpy only."""
import numpy as np


def baskets(n_baskets, n_items, seed):
    """Returns (basket ids, item names) as two aligned arrays, one row per pair;
    some pairs repeat (an item bought twice counts once)."""
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, n_items + 1) ** 1.1
    weights /= weights.sum()
    names = np.array([f"item{i:03d}" for i in range(n_items)])
    sizes = 1 + rng.poisson(3.0, n_baskets)
    total = int(sizes.sum())
    # Draw with replacement (repeats model a second unit of the same item).
    items = rng.choice(n_items, size=total, p=weights)
    ids = np.repeat(np.arange(n_baskets, dtype=np.int64), sizes)
    bundles = [np.array(b) % n_items for b in ([3, 17, 29], [5, 11], [8, 40, 41, 42], [2, 60], [13, 14])]
    has = rng.random(n_baskets) < 0.35
    which = rng.integers(0, len(bundles), n_baskets)
    extra_ids, extra_items = [ids], [items]
    for k, b in enumerate(bundles):
        chosen = np.nonzero(has & (which == k))[0]
        extra_ids.append(np.repeat(chosen, len(b)))
        extra_items.append(np.tile(b, len(chosen)))
    ids = np.concatenate(extra_ids)
    items = np.concatenate(extra_items)
    order = np.argsort(ids, kind="stable")
    return ids[order], names[items[order]]


def one_hot(ids, items):
    """The one-hot basket table mlxtend reads (a pandas DataFrame of bools)."""
    import pandas as pd
    codes, uniques = pd.factorize(items, sort=True)
    baskets_, b = np.unique(ids, return_inverse=True)
    table = np.zeros((len(baskets_), len(uniques)), dtype=bool)
    table[b, codes] = True
    return pd.DataFrame(table, columns=list(uniques))
