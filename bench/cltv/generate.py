"""Seeded synthetic customers from known BG/NBD + Gamma-Gamma parameters.

    python generate.py OUT.csv [N] [SEED]

Writes x, t_x, T, monetary for N customers (default 1,000,000, seed 42), times in
whole days as btyd_frequency/btyd_recency/btyd_age give them. True parameters
(days): r 0.25, alpha 30, a 0.8, b 2.5; Gamma-Gamma p 6, q 4, v 15.

BG/NBD process (Fader, Hardie & Lee 2005): each customer buys at Poisson rate
lambda ~ Gamma(r, rate alpha) and after each repeat purchase drops out with
probability p ~ Beta(a, b). Ages T are uniform on 30..730 days. Spend per purchase
is Gamma(p, rate nu) with nu ~ Gamma(q, rate v) per customer; monetary is the mean
of the x repeat purchases.
"""
import sys
import numpy as np

TRUE = dict(r=0.25, alpha=30.0, a=0.8, b=2.5, p=6.0, q=4.0, v=15.0)


def generate(n, seed):
    rng = np.random.default_rng(seed)
    T = rng.integers(30, 731, size=n).astype(float)
    lam = rng.gamma(TRUE["r"], 1.0 / TRUE["alpha"], size=n)
    p = rng.beta(TRUE["a"], TRUE["b"], size=n)
    purchases = rng.poisson(lam * T)              # repeat purchases if never dropping out
    last_alive = rng.geometric(p)                 # the repeat purchase after which she drops out
    x = np.minimum(purchases, last_alive)
    # Purchase times given n in (0, T] are uniform order statistics: the x-th of n is T * Beta(x, n - x + 1).
    safe_x = np.maximum(x, 1)
    tx = np.where(x > 0, T * rng.beta(safe_x, np.maximum(purchases - x + 1, 1)), 0.0)
    tx = np.minimum(np.round(tx), T)              # whole days, as from dates
    nu = rng.gamma(TRUE["q"], 1.0 / TRUE["v"], size=n)
    monetary = np.where(x > 0, rng.gamma(TRUE["p"] * safe_x, 1.0 / (nu * safe_x)), 0.0)
    return x, tx, T, np.round(monetary, 2).clip(min=0.01) * (x > 0)


if __name__ == "__main__":
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
    x, tx, T, m = generate(n, seed)
    with open(out, "w") as f:
        f.write("x,t_x,T,monetary\n")
        for row in zip(x, tx, T, m):
            f.write("%d,%d,%d,%.2f\n" % row)
