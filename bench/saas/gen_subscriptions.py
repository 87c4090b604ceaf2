#!/usr/bin/env python3
"""Seeded generator of month-aligned subscription periods for the SaaS benchmark.

Each customer starts in one of the first 24 of 36 months (2021-01 .. 2023-12) and
moves through plan periods of 1 to 12 months: mostly renewals and plan changes
(upgrades, downgrades), sometimes a gap (churn, then
reactivation), and may still be running at the end (NULL end). Periods of one
customer do not overlap, as in the dbt mrr-playbook's seed, so the playbook's
logic applies unchanged.

usage: gen_subscriptions.py CUSTOMERS SEED > subscriptions.csv
"""
import random
import sys

PRICES = ["29.00", "49.00", "99.00", "199.00", "499.00", "19.90"]
WEIGHTS = [30, 30, 20, 10, 4, 6]


def month(index):
    """First day of month `index` counted from 2021-01."""
    return f"{2021 + index // 12:04d}-{index % 12 + 1:02d}-01"


def main():
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 42)
    out = sys.stdout
    out.write("subscription_id,customer_id,start_date,end_date,monthly_amount\n")
    sid = 0
    for c in range(1, customers + 1):
        m = rng.randrange(24)
        while m < 36:
            length = rng.randint(1, 12)
            price = rng.choices(PRICES, WEIGHTS)[0]
            end = m + length
            sid += 1
            if end >= 36 and rng.random() < 0.5:
                out.write(f"{sid},{c},{month(m)},,{price}\n")
                break
            out.write(f"{sid},{c},{month(m)},{month(end)},{price}\n")
            r = rng.random()
            if r < 0.25:
                break  # churned for good
            if r < 0.40:
                end += rng.randint(1, 6)  # a gap, then reactivation
            m = end


if __name__ == "__main__":
    main()
