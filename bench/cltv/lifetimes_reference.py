"""Reference values from lifetimes 0.11.3 for the usage_core CLTV unit tests.

Run in a throwaway virtualenv (see docs/cltv.md, "Reference parity"):
    python3 -m venv /tmp/ltv
    /tmp/ltv/bin/pip install numpy==1.23.5 scipy==1.10.1 pandas==1.5.3 autograd==1.5 dill lifetimes==0.11.3
    /tmp/ltv/bin/python bench/cltv/lifetimes_reference.py tests/data/cdnow_customers_summary_with_transactions.csv
Prints fitted parameters on CDNOW and predictions under fixed parameters, with 17 significant digits.
"""
import sys
import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, ParetoNBDFitter, GammaGammaFitter

df = pd.read_csv(sys.argv[1])
x, tx, T, m = df["x"], df["t_x"], df["T"], df["zbar"]

def show(name, fitter, extra=""):
    params = ", ".join("%s=%.17g" % (k, v) for k, v in fitter.params_.items())
    print("%s fit: %s nll_mean=%.17g %s" % (name, params, fitter._negative_log_likelihood_, extra))

bg = BetaGeoFitter().fit(x, tx, T)
show("bgnbd", bg, "LL=%.17g" % (-bg._negative_log_likelihood_ * len(df)))
pn = ParetoNBDFitter().fit(x, tx, T, initial_params=np.array([0.5, 1.0, 0.5, 1.0]), tol=1e-10, maxiter=20000)
show("pareto", pn, "LL=%.17g" % (-pn._negative_log_likelihood_))
rep = df[df["x"] > 0]
gg = GammaGammaFitter().fit(rep["x"], rep["zbar"])
show("gamma_gamma", gg, "n=%d LL=%.17g" % (len(rep), -gg._negative_log_likelihood_ * len(rep)))
bgp = BetaGeoFitter(penalizer_coef=0.1).fit(x, tx, T)
show("bgnbd_pen0.1", bgp)
ggp = GammaGammaFitter(penalizer_coef=0.1).fit(rep["x"], rep["zbar"])
show("gamma_gamma_pen0.1", ggp)

# Predictions under fixed, published parameters so they test the formulas, not the fit.
bg.params_ = pd.Series({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
pn.params_ = pd.Series({"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669})
gg.params_ = pd.Series({"p": 6.25, "q": 3.74, "v": 15.44})
cases = [(0, 0.0, 38.86), (1, 1.71, 38.86), (2, 30.43, 38.86), (7, 29.43, 38.86), (14, 35.0, 38.86),
         (26, 30.86, 31.0), (3, 5.0, 20.0), (1000, 5.0, 5.0), (1000, 0.01, 0.01), (50, 2.0, 39.0)]
for (cx, ctx, cT) in cases:
    a = np.array([cx]); b = np.array([ctx]); c = np.array([cT])
    print("case x=%s t_x=%s T=%s" % (cx, ctx, cT))
    print("  bg p_alive=%.17g E39=%.17g E52=%.17g" % (
        bg.conditional_probability_alive(a, b, c)[0],
        bg.conditional_expected_number_of_purchases_up_to_time(39, a, b, c)[0],
        bg.conditional_expected_number_of_purchases_up_to_time(52, a, b, c)[0]))
    print("  pn p_alive=%.17g E39=%.17g E52=%.17g" % (
        pn.conditional_probability_alive(cx, ctx, cT),
        pn.conditional_expected_number_of_purchases_up_to_time(39, cx, ctx, cT),
        pn.conditional_expected_number_of_purchases_up_to_time(52, cx, ctx, cT)))
print("bg uncond E(39)=%.17g E(78)=%.17g" % (bg.expected_number_of_purchases_up_to_time(39), bg.expected_number_of_purchases_up_to_time(78)))
print("pn uncond E(39)=%.17g E(78)=%.17g" % (pn.expected_number_of_purchases_up_to_time(39), pn.expected_number_of_purchases_up_to_time(78)))
for (cx, cm) in [(1, 20.0), (2, 22.35), (10, 50.0), (0, 0.0)]:
    print("gg spend x=%d m=%s: %.17g" % (cx, cm, gg.conditional_expected_average_profit(cx, cm)))
# CLTV as lifetimes computes it, weeks as the unit (freq="W"), 12 months, 1% monthly discount.
sel = df.iloc[[0, 1, 6, 100, 1000]]
for model, name in [(bg, "bgnbd"), (pn, "pareto")]:
    v = gg.customer_lifetime_value(model, sel["x"], sel["t_x"], sel["T"], sel["zbar"], time=12, discount_rate=0.01, freq="W")
    for i, (_, row) in enumerate(sel.iterrows()):
        print("cltv %s x=%d t_x=%s T=%s m=%s: %.17g" % (name, row["x"], row["t_x"], row["T"], row["zbar"], v.iloc[i]))
