"""Fits BG/NBD and Gamma-Gamma with lifetimes 0.11.3 on the benchmark CSV, the way a
user would (one row per customer), and prints times (median of RUNS fits) and
parameters as JSON.

    python lifetimes_fit.py synthetic.csv [RUNS]
"""
import json
import statistics
import sys
import time

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter

df = pd.read_csv(sys.argv[1])
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
rep = df[df["x"] > 0]
out = {"bgnbd_runs": [], "gamma_gamma_runs": []}
for _ in range(runs):
    t0 = time.perf_counter()
    bg = BetaGeoFitter().fit(df["x"], df["t_x"], df["T"])
    out["bgnbd_runs"].append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    gg = GammaGammaFitter().fit(rep["x"], rep["monetary"])
    out["gamma_gamma_runs"].append(time.perf_counter() - t0)
out["bgnbd_seconds"] = statistics.median(out["bgnbd_runs"])
out["gamma_gamma_seconds"] = statistics.median(out["gamma_gamma_runs"])
out["bgnbd"] = {k: float(v) for k, v in bg.params_.items()}
out["gamma_gamma"] = {k: float(v) for k, v in gg.params_.items()}
print(json.dumps(out))
