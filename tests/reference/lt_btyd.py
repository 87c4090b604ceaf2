"""MBG/NBD, BG/BB and holdout calibration against lifetimes 0.11.3, live: lifetimes
fits and predicts on the data it ships (tests/data: the CDNOW summary and
transactions, the donations data), pg_usage does the same in SQL, and the answers
must agree (fitted parameters to 1e-4 relative as issue 15 asks, predictions with
fixed parameters to 1e-9, calibration inputs exactly, the calibration-vs-holdout
table to 1e-6)."""
import os
import warnings

import numpy as np
import pandas as pd

from refcheck import check, close, done, sql

warnings.simplefilter("ignore")
from lifetimes import BetaGeoBetaBinomFitter, BetaGeoFitter, ModifiedBetaGeoFitter  # noqa: E402
from lifetimes.utils import calibration_and_holdout_data  # noqa: E402

DATA = os.path.join(os.environ["REPO"], "tests", "data")

for table, columns, csv_file in [
        ("cdnow", "id int, x int, t_x float8, age float8, zbar float8", "cdnow_customers_summary_with_transactions.csv"),
        ("donations", "x int, t_x int, n int, customers int", "donations.csv"),
        ("orders", "customer_id int, order_date date, quantity int, amount float8", "cdnow_sample_transactions.csv")]:
    sql(f"CREATE TABLE {table} ({columns})")
    sql(f"\\copy {table} FROM '{DATA}/{csv_file}' WITH (FORMAT csv, HEADER)")


def params(model_sql, names):
    row = sql(f"SELECT {', '.join(f'model_param(m, {n!r})' for n in names)} FROM ({model_sql}) q(m)")[0]
    return [float(v) for v in row]


# ---- MBG/NBD on the CDNOW summary (weeks), without and with a penalizer -------------
cd = pd.read_csv(f"{DATA}/cdnow_customers_summary_with_transactions.csv")
for pen in (0.0, 0.1):
    lt = ModifiedBetaGeoFitter(penalizer_coef=pen).fit(cd["x"], cd["t_x"], cd["T"])
    ours = params(f"SELECT mbgnbd_fit(x, t_x, age, 1, {pen}) FROM cdnow", ["r", "alpha", "a", "b"])
    for name, got in zip(["r", "alpha", "a", "b"], ours):
        close(f"mbgnbd penalizer {pen} {name}", got, lt.params_[name], rel=1e-4)

# Predictions with lifetimes' own fit as a literal.
lt = ModifiedBetaGeoFitter().fit(cd["x"], cd["t_x"], cd["T"])
p = lt.params_
literal = f'{{"r":{p["r"]!r},"alpha":{p["alpha"]!r},"a":{p["a"]!r},"b":{p["b"]!r}}}'
customers = [(0, 0.0, 38.86), (2, 30.43, 38.86), (1, 1.71, 38.86), (7, 29.43, 35.14), (50, 2.0, 39.0), (3, 10.0, 12.0)]
for x, t_x, t in customers:
    alive, e39 = sql(f"SELECT p_alive(m, {x}, {t_x}, {t}), expected_purchases(m, 39, {x}, {t_x}, {t}) "
                     f"FROM (SELECT '{literal}'::mbgnbd_model) q(m)")[0]
    close(f"mbgnbd p_alive {x, t_x, t}", alive, lt.conditional_probability_alive(x, t_x, t)[0], rel=1e-9)
    close(f"mbgnbd expected {x, t_x, t}", e39,
          lt.conditional_expected_number_of_purchases_up_to_time(39, x, t_x, t), rel=1e-9)
for t in (1, 10, 39, 100):
    got = sql(f"SELECT expected_purchases('{literal}'::mbgnbd_model, {t})")[0][0]
    close(f"mbgnbd new customer {t}", got, lt.expected_number_of_purchases_up_to_time(t), rel=1e-9)

# ---- BG/BB on the donations data -----------------------------------------------------
don = pd.read_csv(f"{DATA}/donations.csv")
bb = BetaGeoBetaBinomFitter().fit(don["frequency"], don["recency"], don["periods"], don["weights"])
names = ["alpha", "beta", "gamma", "delta"]
ours = params("SELECT bgbb_fit(x, t_x, n, customers) FROM donations", names)
for name, got in zip(names, ours):
    close(f"bgbb {name}", got, bb.params_[name], rel=1e-4)
# lifetimes' objective: the mean negative log-likelihood (no time rescaling in BG/BB).
ll, n = sql("SELECT log_likelihood(m), fitted_customers(m) FROM (SELECT bgbb_fit(x, t_x, n, customers) FROM donations) q(m)")[0]
close("bgbb mean log-likelihood", -float(ll) / float(n), bb._negative_log_likelihood_, rel=1e-7)
# Published (Fader, Hardie & Shang 2010): 1.204, 0.750, 0.657, 2.783.
for name, got, pub in zip(names, ours, [1.204, 0.750, 0.657, 2.783]):
    check(f"bgbb {name} published", round(got, 3) == pub, f"got {got}")

q = bb.params_
literal = f'{{"alpha":{q["alpha"]!r},"beta":{q["beta"]!r},"gamma":{q["gamma"]!r},"delta":{q["delta"]!r}}}'
for x, t_x, n in [(0, 0, 6), (1, 1, 6), (3, 5, 6), (2, 4, 6), (4, 4, 10), (1, 3, 20)]:
    a = np.array([x]), np.array([t_x]), np.array([n])
    got = sql(f"SELECT p_alive(m, {x}, {t_x}, {n}), p_alive(m, {x}, {t_x}, {n}, 5), "
              f"expected_purchases(m, 5, {x}, {t_x}, {n}) FROM (SELECT '{literal}'::bgbb_model) q(m)")[0]
    close(f"bgbb p_alive {x, t_x, n}", got[0], bb.conditional_probability_alive(0, *a)[0], rel=1e-9)
    close(f"bgbb p_alive +5 {x, t_x, n}", got[1], bb.conditional_probability_alive(5, *a)[0], rel=1e-9)
    close(f"bgbb expected {x, t_x, n}", got[2], bb.conditional_expected_number_of_purchases_up_to_time(5, *a)[0],
          rel=1e-9)
# A new donor: the mean of lifetimes' distribution of transactions in the first 6 periods.
dist = bb.expected_number_of_transactions_in_first_n_periods(6)["model"]
got = sql(f"SELECT expected_purchases('{literal}'::bgbb_model, 6)")[0][0]
close("bgbb new donor 6 periods", got, (dist * dist.index).sum() / dist.sum(), rel=1e-9)

# ---- holdout calibration on the CDNOW transactions ----------------------------------
tx = pd.read_csv(f"{DATA}/cdnow_sample_transactions.csv")
sql("CREATE TABLE customers AS SELECT customer_id, rfm_agg(order_date, amount) AS s FROM orders GROUP BY 1")
cols = ["frequency_cal", "recency_cal", "T_cal", "monetary_value_cal", "frequency_holdout",
        "monetary_value_holdout", "duration_holdout"]
for freq, period, cal_end, obs_end in [("D", "day", "1997-09-30", "1998-06-30"), ("W", "week", "1997-09-30", "1998-06-30"),
                                       ("D", "day", "1997-03-15", "1997-12-31"), ("W", "week", "1997-06-04", "1998-01-01")]:
    ch = calibration_and_holdout_data(tx, "customer_id", "order_date", calibration_period_end=cal_end,
                                      observation_period_end=obs_end, freq=freq, monetary_value_col="amount")
    rows = sql(f"SELECT customer_id, c.* FROM customers, btyd_calibration(s, '{cal_end}', '{obs_end}', '{period}') c "
               "ORDER BY customer_id")
    ours = pd.DataFrame([[float(v) for v in r[1:]] for r in rows], index=[int(r[0]) for r in rows], columns=cols)
    label = f"calibration {period} {cal_end}..{obs_end}"
    check(f"{label} customers", list(ours.index) == sorted(ch.index), f"{len(ours)} vs {len(ch)}")
    ch = ch.sort_index()[cols]
    exact = ["frequency_cal", "recency_cal", "T_cal", "frequency_holdout", "duration_holdout"]
    check(f"{label} counts", (ours[exact].values == ch[exact].values).all())
    for c in ["monetary_value_cal", "monetary_value_holdout"]:
        err = np.max(np.abs(ours[c].values - ch[c].values) / np.maximum(np.abs(ch[c].values), 1e-300))
        check(f"{label} {c}", err <= 1e-12, f"max relative error {err}")

    # The table behind plot_calibration_purchases_vs_holdout_purchases(model, ch, n=7):
    # lifetimes' BG/NBD fit on the calibration inputs, its predictions for the holdout
    # duration, then per frequency_cal the means of actual and predicted, first 7 groups
    # (lifetimes' code, plotting.py, without the plot).
    bg = BetaGeoFitter().fit(ch["frequency_cal"], ch["recency_cal"], ch["T_cal"])
    summary = ch.copy()
    duration = summary.iloc[0]["duration_holdout"]
    summary["model_predictions"] = bg.conditional_expected_number_of_purchases_up_to_time(
        duration, summary["frequency_cal"], summary["recency_cal"], summary["T_cal"])
    want = summary.groupby("frequency_cal")[["frequency_holdout", "model_predictions"]].mean().iloc[:7]
    got = sql(f"""
        WITH cal AS (SELECT c.* FROM customers, btyd_calibration(s, '{cal_end}', '{obs_end}', '{period}') c),
             m AS (SELECT bgnbd_fit(frequency_cal, recency_cal, t_cal) AS bg FROM cal)
        SELECT frequency_cal, avg(frequency_holdout),
               avg(expected_purchases(bg, duration_holdout, frequency_cal, recency_cal, t_cal))
        FROM cal, m GROUP BY frequency_cal ORDER BY frequency_cal LIMIT 7""")
    check(f"{label} plot groups", [float(r[0]) for r in got] == list(want.index))
    for r, (k, w) in zip(got, want.iterrows()):
        close(f"{label} actual at {k}", r[1], w["frequency_holdout"], rel=1e-12)
        close(f"{label} predicted at {k}", r[2], w["model_predictions"], rel=1e-6)

done()
