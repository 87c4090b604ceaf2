"""Pareto/NBD: pareto_nbd_fit against lifetimes 0.11.3's ParetoNBDFitter, computed
live on the CDNOW sample lifetimes ships (tests/data), without and with a penalizer
(lifetimes: Nelder-Mead, tol 1e-10, from (0.5, 1, 0.5, 1) in rescaled time, so that
its answer is the optimum to well below the 1e-4 compared). Also on a thinned copy
(every third customer), so the check is not only of the published data set."""
import os
import sys

import numpy as np
import pandas as pd
from lifetimes import ParetoNBDFitter

sys.path.insert(0, os.path.dirname(__file__))
from refcheck import close, copy_in, done, sql  # noqa: E402

df = pd.read_csv(os.path.join(os.environ["REPO"], "tests/data/cdnow_customers_summary_with_transactions.csv"))
sql("CREATE TABLE cdnow (id int, x int, t_x float8, age float8)")
copy_in("cdnow", df[["ID", "x", "t_x", "T"]].itertuples(index=False))

for label, where, part in [("CDNOW", "true", df), ("every third customer", "id % 3 = 0", df[df["ID"] % 3 == 0])]:
    for penalizer in (0.0, 0.1):
        lt = ParetoNBDFitter(penalizer_coef=penalizer).fit(
            part["x"], part["t_x"], part["T"], initial_params=np.array([0.5, 1.0, 0.5, 1.0]), tol=1e-10, maxiter=20000)
        ours = sql(f"SELECT model_param(m, 'r'), model_param(m, 'alpha'), model_param(m, 's'), "
                   f"model_param(m, 'beta'), converged(m) FROM "
                   f"(SELECT pareto_nbd_fit(x, t_x, age, 1, {penalizer}) AS m FROM cdnow WHERE {where}) f")[0]
        print(f"  {label}, penalizer {penalizer}: lifetimes {dict(lt.params_)}, pg_usage {ours}")
        for i, k in enumerate(("r", "alpha", "s", "beta")):
            close(f"{label} penalizer {penalizer} {k}", ours[i], lt.params_[k], rel=1e-4)
        close(f"{label} penalizer {penalizer} converged", ours[4] == "t", True)
done()
