"""Fits BG/NBD and Gamma-Gamma with lifetimes 0.11.3 on the benchmark CSV, the way a
user would (one row per customer), and prints times and parameters as JSON.

    python lifetimes_fit.py synthetic.csv
"""
import json
import sys
import time

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter

df = pd.read_csv(sys.argv[1])
out = {}
t0 = time.perf_counter()
bg = BetaGeoFitter().fit(df["x"], df["t_x"], df["T"])
out["bgnbd_seconds"] = time.perf_counter() - t0
out["bgnbd"] = {k: float(v) for k, v in bg.params_.items()}
rep = df[df["x"] > 0]
t0 = time.perf_counter()
gg = GammaGammaFitter().fit(rep["x"], rep["monetary"])
out["gamma_gamma_seconds"] = time.perf_counter() - t0
out["gamma_gamma"] = {k: float(v) for k, v in gg.params_.items()}
print(json.dumps(out))
