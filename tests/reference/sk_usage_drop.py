"""usage_drop against scipy.stats.fisher_exact (alternative='less'), live.

Generated users (seeded): each active on a day with a probability of its own, some
dropping at a known date, some starting inside the baseline window; events carry a
feature. The windows, counts and the one-sided Fisher exact p-value are computed here
from the raw days, independently of the extension, for several (as_of, recent_days,
baseline_days) and per feature, and compared with usage_drop's columns."""
import datetime
import random

from scipy.stats import fisher_exact

from refcheck import check, close, copy_in, done, sql

rng = random.Random(14)
start = datetime.date(2023, 6, 1)
end = datetime.date(2024, 7, 31)
span = (end - start).days
users = {}  # user -> {feature or None: set of days}
rows = []
for u in range(1, 401):
    rate = rng.choice([0.03, 0.1, 0.25, 0.5, 0.85]) * rng.uniform(0.7, 1.3)
    first = rng.randrange(0, span - 20)
    drop_at = rng.randrange(first, span + 30)
    factor = rng.choice([1.0, 1.0, 0.5, 0.2, 0.0])
    days = {None: set(), "search": set(), "export": set()}
    for k in range(first, span + 1):
        p = rate * (factor if k >= drop_at else 1.0)
        if k == first or rng.random() < p:
            day = start + datetime.timedelta(days=k)
            feature = rng.choice(["search", "search", "export", None])
            days[None].add(day)
            if feature:
                days[feature].add(day)
            rows.append((u, day.isoformat(), feature if feature else ""))
    users[u] = days

sql("CREATE TABLE ev (user_id int, day date, feature text)")
copy_in("ev", rows)
sql("UPDATE ev SET feature = NULL WHERE feature = ''")
sql("CREATE TABLE s AS SELECT user_id, usage_agg(day, 1, feature) AS s FROM ev GROUP BY user_id")


def expected(days, as_of, recent, baseline):
    """(recent_active, baseline_active, baseline_length, p_value or None)."""
    recent_first = as_of - datetime.timedelta(days=recent - 1)
    ra = sum(1 for d in days if recent_first <= d <= as_of)
    last = recent_first - datetime.timedelta(days=1)
    first_b = as_of - datetime.timedelta(days=recent + baseline - 1)
    if not days or min(days) > last:
        return ra, 0, 0, None
    first_b = max(first_b, min(days) + datetime.timedelta(days=1))
    length = max((last - first_b).days + 1, 0)
    if length == 0:
        return ra, 0, 0, None
    ba = sum(1 for d in days if first_b <= d <= last)
    _, p = fisher_exact([[ra, recent - ra], [ba, length - ba]], alternative="less")
    return ra, ba, length, p


cases = [("2024-06-30", 14, 56, None), ("2024-06-30", 7, 28, None), ("2024-05-15", 30, 90, None),
         ("2024-07-31", 14, 56, "search"), ("2024-07-31", 28, 112, "export")]
compared = 0
smallest = 1.0
for as_of, recent, baseline, feature in cases:
    f = "NULL" if feature is None else f"'{feature}'"
    got = sql(f"SELECT user_id, d.recent_active, d.baseline_active, d.baseline_length, d.p_value "
              f"FROM s, usage_drop(s, '{as_of}', {recent}, {baseline}, {f}) d ORDER BY user_id")
    day = datetime.date.fromisoformat(as_of)
    for uid, ra, ba, bl, p in got:
        want = expected(users[int(uid)][feature], day, recent, baseline)
        tag = f"user {uid} {as_of} {recent}/{baseline} {feature}"
        check(f"{tag} counts", (int(ra), int(ba), int(bl)) == want[:3], f"got {(ra, ba, bl)}, want {want[:3]}")
        if want[3] is None:
            check(f"{tag} p NULL", p == "", f"got {p!r}")
        else:
            close(f"{tag} p", p, want[3], rel=1e-9, abs_=1e-300)
            compared += 1
            smallest = min(smallest, want[3])
print(f"  {compared} p-values compared with scipy fisher_exact (smallest {smallest:.3g})")
done()
