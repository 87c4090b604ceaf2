"""scikit-learn's KMeans(algorithm='lloyd', init=<the same centroids>, n_init=1) on the
benchmark data, single-threaded (OMP_NUM_THREADS=1 and threadpoolctl), RUNS fits
timed (data already in memory, as numpy arrays); prints JSON: times, inertia,
iterations, centroids.
  OMP_NUM_THREADS=1 python sk_fit.py PREFIX RUNS"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits

prefix, runs = sys.argv[1], int(sys.argv[2])
X, init = np.load(prefix + ".npy"), np.load(prefix + "_init.npy")
times = []
with threadpool_limits(limits=1):
    for _ in range(runs):
        start = time.perf_counter()
        km = KMeans(n_clusters=len(init), init=init, n_init=1, algorithm="lloyd").fit(X)
        times.append(time.perf_counter() - start)
print(json.dumps({"version": sklearn.__version__, "times": times, "inertia": km.inertia_, "n_iter": int(km.n_iter_),
                  "centroids": km.cluster_centers_.tolist()}))
