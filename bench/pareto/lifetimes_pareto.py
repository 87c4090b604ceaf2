"""Fits Pareto/NBD with lifetimes 0.11.3's ParetoNBDFitter on the first N customers of
the benchmark CSV (x, t_x, T, monetary; bench/cltv/generate.py), the way a user calls
it (one row per customer, default tol and maxiter; numpy seeded for lifetimes'
random starting point), and prints the time, the parameters, the objective and the
number of likelihood evaluations as JSON.

    python lifetimes_pareto.py synthetic.csv N [RUNS [MAX_EVALUATIONS]]

With MAX_EVALUATIONS the fit is stopped after that many evaluations of the
likelihood and only the time per evaluation is reported (for sizes where the whole
fit takes hours on the shared machine).
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from lifetimes import ParetoNBDFitter

df = pd.read_csv(sys.argv[1], nrows=int(sys.argv[2]))
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
limit = int(sys.argv[4]) if len(sys.argv) > 4 else None
calls = [0]
nll = ParetoNBDFitter._negative_log_likelihood


class Enough(Exception):
    pass


def counted(*args):
    calls[0] += 1
    if limit is not None and calls[0] > limit:
        raise Enough()
    return nll(*args)


ParetoNBDFitter._negative_log_likelihood = staticmethod(counted)
out = {"n": len(df), "runs": [], "cpu": []}
for _ in range(runs):
    np.random.seed(0)
    calls[0] = 0
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        pn = ParetoNBDFitter().fit(df["x"], df["t_x"], df["T"])
    except Enough:
        calls[0] = limit
        out["per_evaluation"] = (time.perf_counter() - t0) / limit
        out["per_evaluation_cpu"] = (time.process_time() - c0) / limit
        print(json.dumps(out))
        sys.exit(0)
    out["runs"].append(time.perf_counter() - t0)
    out["cpu"].append(time.process_time() - c0)
out["evaluations"] = calls[0]
out["params"] = {k: float(v) for k, v in pn.params_.items()}
out["nll"] = float(pn._negative_log_likelihood_)
print(json.dumps(out))
