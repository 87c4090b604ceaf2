"""Writes the benchmark's baskets (bench/assoc/gen.py) as CSV (basket, item) to stdout."""
import sys

import numpy as np

import gen

ids, items = gen.baskets(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
np.savetxt(sys.stdout, np.column_stack([ids.astype(str), items]), fmt="%s", delimiter=",")
