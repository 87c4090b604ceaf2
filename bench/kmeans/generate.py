"""Generates the k-means benchmark data: N points in D dimensions around K centres
(numpy, seeded), written as a CSV for COPY (id, v as a float8[] literal) and as a
.npy for scikit-learn, plus the K starting centroids (K rows drawn, seeded).
  python generate.py PREFIX N D K SEED"""
import sys

import numpy as np

prefix, n, d, k, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rng = np.random.default_rng(seed)
centres = rng.uniform(-10, 10, size=(k, d))
labels = rng.integers(0, k, size=n)
X = centres[labels] + rng.normal(0, 2.5, size=(n, d))
# Round to 6 decimals so that the CSV's text is the exact value numpy keeps.
X = np.round(X, 6)
np.save(prefix + ".npy", X)
init = X[np.sort(rng.choice(n, k, replace=False))]
np.save(prefix + "_init.npy", init)
with open(prefix + "_init.txt", "w") as f:
    f.write("ARRAY[" + ",".join("[" + ",".join(repr(float(x)) for x in r) + "]" for r in init) + "]::float8[]")
with open(prefix + ".csv", "w") as f:
    for i, row in enumerate(X):
        f.write(f'{i},"{{{",".join(repr(float(x)) for x in row)}}}"\n')
