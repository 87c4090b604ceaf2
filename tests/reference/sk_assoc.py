"""assoc_rules against mlxtend 0.23.1 (apriori + association_rules(metric="confidence"),
and fpgrowth for the itemset counts), computed live on the same baskets:
  1. mlxtend's documentation example (5 transactions, min_support 0.6, confidence 0.7);
  2. 20,000 seeded baskets over 80 items with Zipf popularity and bundles
     (bench/assoc/gen.py), with and without max_len, bigint and text basket ids,
     serial and forced-parallel plans.
Every rule of each side must be a rule of the other, and every measure equal to
1e-12 relative (conviction: mlxtend's inf is our NULL)."""
import json
import math
import os
import sys

import numpy as np
import pandas as pd
from mlxtend.frequent_patterns import apriori, association_rules, fpgrowth
from mlxtend.preprocessing import TransactionEncoder

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.environ.get("REPO", "."), "bench", "assoc"))
from refcheck import check, close, copy_in, done, sql  # noqa: E402
import gen  # noqa: E402

MEASURES = ["antecedent support", "consequent support", "support", "confidence", "lift", "leverage", "conviction"]
PARALLEL = ("SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; "
            "SET max_parallel_workers_per_gather = 2; ")


def reference(df, min_support, min_confidence, max_len=None):
    frequent = apriori(df, min_support=min_support, use_colnames=True, max_len=max_len)
    rules = association_rules(frequent, metric="confidence", min_threshold=min_confidence)
    out = {}
    for _, r in rules.iterrows():
        key = (tuple(sorted(r["antecedents"])), tuple(sorted(r["consequents"])))
        out[key] = [float(r[m]) for m in MEASURES]
    return frequent, out


def ours(query):
    rows = sql("SELECT array_to_json(antecedent), array_to_json(consequent), antecedent_support, "
               "consequent_support, support, confidence, lift, leverage, conviction "
               f"FROM assoc_rules_table(({query}))")
    out = {}
    for r in rows:
        key = (tuple(json.loads(r[0])), tuple(json.loads(r[1])))
        check(f"rule {key} once", key not in out)
        out[key] = [float(v) if v != "" else math.inf for v in r[2:]]
    return out


def compare(name, got, want):
    check(f"{name}: number of rules", len(got) == len(want), f"got {len(got)}, want {len(want)}")
    check(f"{name}: same rules", set(got) == set(want),
          f"only ours {sorted(set(got) - set(want))[:3]}, only mlxtend {sorted(set(want) - set(got))[:3]}")
    worst = 0.0
    for key in set(got) & set(want):
        for m, g, w in zip(MEASURES, got[key], want[key]):
            if math.isinf(w):
                check(f"{name} {key} {m}", math.isinf(g), f"got {g}, want inf (NULL)")
                continue
            close(f"{name} {key} {m}", g, w, rel=1e-12, abs_=1e-15)
            if w != 0:
                worst = max(worst, abs(g - w) / abs(w))
    print(f"  {name}: {len(got)} rules, largest relative difference {worst:.1e}")


# 1. mlxtend's documentation example.
dataset = [['Milk', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
           ['Dill', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
           ['Milk', 'Apple', 'Kidney Beans', 'Eggs'],
           ['Milk', 'Unicorn', 'Corn', 'Kidney Beans', 'Yogurt'],
           ['Corn', 'Onion', 'Onion', 'Kidney Beans', 'Ice cream', 'Eggs']]
te = TransactionEncoder()
df = pd.DataFrame(te.fit(dataset).transform(dataset), columns=te.columns_)
frequent, want = reference(df, 0.6, 0.7)
check("docs example: 11 frequent itemsets", len(frequent) == 11, str(len(frequent)))
sql("CREATE TABLE docs_baskets (basket bigint, item text)")
copy_in("docs_baskets", [(b, item) for b, items in enumerate(dataset) for item in items])
compare("docs example", ours("SELECT assoc_rules(basket, item, 0.6, 0.7) FROM docs_baskets"), want)

# 2. Generated baskets.
ids, items = gen.baskets(20_000, 80, seed=14)
df = gen.one_hot(ids, items)
sql("CREATE TABLE baskets (basket bigint, item text)")
copy_in("baskets", zip(ids.tolist(), items.tolist()))
sql("INSERT INTO baskets SELECT basket + 1000000, NULL FROM baskets WHERE basket % 97 = 0; "
    "INSERT INTO baskets SELECT NULL, item FROM baskets WHERE basket % 89 = 0; ANALYZE baskets")
for s, c, max_len in [(0.01, 0.2, None), (0.005, 0.5, 3), (0.02, 0.0, 2)]:
    frequent, want = reference(df, s, c, max_len)
    fp = fpgrowth(df, min_support=s, use_colnames=True, max_len=max_len)
    check(f"mlxtend fpgrowth = apriori ({s})", len(fp) == len(frequent))
    ml = "" if max_len is None else f", {max_len}"
    name = f"generated s={s} c={c} max_len={max_len}"
    compare(name, ours(f"SELECT assoc_rules(basket, item, {s}, {c}{ml}) FROM baskets"), want)
    compare(name + " text ids", ours(f"SELECT assoc_rules(basket::text, item, {s}, {c}{ml}) FROM baskets"), want)
    serial = sql(f"SELECT md5(assoc_rules(basket, item, {s}, {c}{ml})::text) FROM baskets")
    parallel = sql(PARALLEL + f"SELECT md5(assoc_rules(basket, item, {s}, {c}{ml})::text) FROM baskets")
    check(f"{name}: forced-parallel = serial", serial == parallel)
    plan = sql(PARALLEL + f"EXPLAIN (COSTS OFF) SELECT assoc_rules(basket, item, {s}, {c}{ml}) FROM baskets")
    check(f"{name}: the parallel plan has partial aggregates", any("Partial Aggregate" in r[0] for r in plan))
    print(f"  {name}: {len(frequent)} frequent itemsets (mlxtend)")
done()
