"""Reference BTYD inputs from lifetimes for tests/pg_regress/sql/rfm_btyd.sql.

Run in a throwaway venv:
    python3 -m venv /tmp/lt1 && /tmp/lt1/bin/pip install "pandas<2" "numpy<2" lifetimes==0.11.3
    /tmp/lt1/bin/python bench/rfm/lifetimes_reference.py
(pandas >= 2 rejects lifetimes' freq='M'; day and week give the same values with
pandas 3.1.1.) pg_usage ignores purchases after as_of, so the transactions are
filtered to date <= as_of before lifetimes sees them.
"""
import pandas as pd
from lifetimes.utils import summary_data_from_transaction_data

rows = [
    ("a", "2024-01-01", 10.0), ("a", "2024-01-01", 5.0), ("a", "2024-01-03", 20.0), ("a", "2024-01-09", 7.5),
    ("a", "2024-02-15", 12.25), ("a", "2024-03-31", 30.0),
    ("b", "2024-02-29", 100.0),
    ("c", "2024-01-31", 1.0), ("c", "2024-02-01", 2.0), ("c", "2024-02-05", 4.0), ("c", "2024-04-10", 8.0),
    ("d", "2023-12-31", 3.0), ("d", "2024-01-01", 4.0), ("d", "2024-03-30", 5.5),
]
df = pd.DataFrame(rows, columns=["customer", "date", "amount"])
df["date"] = pd.to_datetime(df["date"])
as_of = "2024-03-31"
df = df[df["date"] <= as_of]
for freq in ["D", "W", "M"]:
    s = summary_data_from_transaction_data(df, "customer", "date", monetary_value_col="amount",
                                           observation_period_end=as_of, freq=freq)
    for c, r in s.iterrows():
        print(freq, c, repr(r["frequency"]), repr(r["recency"]), repr(r["T"]), repr(r["monetary_value"]))
