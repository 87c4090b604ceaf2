"""Times mlxtend 0.23.1 on the benchmark's baskets: the one-hot table, apriori +
association_rules(metric="confidence"), and fpgrowth + association_rules. Prints one
JSON object (seconds, rule counts and the rules as sorted (antecedent, consequent)
pairs' hash, to compare with pg_usage's)."""
import hashlib
import json
import sys
import time

from mlxtend.frequent_patterns import apriori, association_rules, fpgrowth

import gen

n_baskets, n_items, seed, s, c = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
ids, items = gen.baskets(n_baskets, n_items, seed)
t0 = time.perf_counter()
df = gen.one_hot(ids, items)
t1 = time.perf_counter()
out = {"one_hot_s": t1 - t0}
for name, mine in [("apriori", apriori), ("fpgrowth", fpgrowth)]:
    t0 = time.perf_counter()
    frequent = mine(df, min_support=s, use_colnames=True)
    rules = association_rules(frequent, metric="confidence", min_threshold=c)
    out[name + "_s"] = time.perf_counter() - t0
    keys = sorted(",".join(sorted(a)) + "->" + ",".join(sorted(b)) for a, b in zip(rules["antecedents"], rules["consequents"]))
    out[name + "_itemsets"] = len(frequent)
    out[name + "_rules"] = len(rules)
    out[name + "_hash"] = hashlib.md5("\n".join(keys).encode()).hexdigest()
print(json.dumps(out))
