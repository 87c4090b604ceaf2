"""Cross-check of window_funnel against ClickHouse itself (embedded via chDB).

    python3 -m venv /tmp/chdbv && /tmp/chdbv/bin/pip install chdb   # chDB 4.4.0 = ClickHouse 26.9.2.1
    psql -f bench/funnel/clickhouse_export.sql                      # writes /tmp/chk_*.csv
    /tmp/chdbv/bin/python bench/funnel/clickhouse_check.py

Part 1 compares pg_usage's level for each of 500 users x 10 mode sets (the
forced-parallel data of tests/pg_regress/sql/funnel.sql, window 20 minutes) with
ClickHouse's windowFunnel. Part 2 runs every hand-traced case of that test file
(letter sequences, same-time rows, the allow_reentry checkout scenario, the
documentation's trend example) in ClickHouse. Prints DIFF lines and a total.
"""
import csv

import chdb
from collections import defaultdict
print(chdb.__version__ if hasattr(chdb, "__version__") else "chdb")
print(chdb.query("SELECT version()", "CSV"))
ours = {}
for modes, uid, lvl in csv.reader(open('/tmp/chk_ours.csv')):
    ours[(modes, int(uid))] = int(lvl)
modesets = sorted({m for m, _ in ours})
bad = 0
summary = {}
for modes in modesets:
    params = "1200" + "".join(f", '{m}'" for m in modes.split(',') if m)
    q = f"""SELECT user_id, windowFunnel({params})(toDateTime(ts, 'UTC'), event = 'view', event = 'cart', event = 'checkout', event = 'buy') AS level
           FROM file('/tmp/chk_events.csv', CSV, 'user_id UInt32, ts UInt32, event String') GROUP BY user_id ORDER BY user_id"""
    res = chdb.query(q, "CSV")
    diff = 0; total = 0
    for line in str(res).strip().splitlines():
        uid, lvl = line.split(',')
        total += int(lvl)
        if ours[(modes, int(uid))] != int(lvl):
            diff += 1
    summary[modes] = (total, diff)
    bad += diff
    print(f"{{{modes}}}: level_sum={total} differing_users={diff}")
print("part 1 differing:", bad)
cases = [('ABDC',3,100,[],3),('ABDC',3,100,['strict_order'],2),('AABC',3,100,['strict_order','allow_reentry'],3),
('ABCBD',4,100,[],4),('ABCBD',4,100,['strict_deduplication'],3),('ABBC',3,100,['strict_deduplication'],2),
('AABC',3,100,['strict_deduplication'],3),('CBA',3,100,[],1),('BC',3,100,[],0),('XYZ',3,100,[],0),
('AXXB',2,2,[],1),('AXXB',2,3,[],2),('AXAB',2,1,[],2),('ABAC',3,100,[],3),('ABAC',3,2,[],2),('AXB',2,100,[],2),
('AXB',2,100,['strict_order'],1),('XAB',2,100,['strict_order'],2),('ACB',3,100,['strict_order'],1),
('ACB',3,100,['strict_order','allow_reentry'],2),('ACBC',3,100,['strict_order','allow_reentry'],3),
('ABC',3,100,['strict_increase'],3),('ABC',3,100,['strict_once'],3),('A',1,0,[],1),('ABCD',4,0,[],1)]
bad = 0  # part 2
for pat, n, w, modes, exp in cases:
    params = str(w) + "".join(f", '{m}'" for m in modes)
    conds = ", ".join(f"c = '{chr(65+k)}'" for k in range(n))
    q = f"SELECT windowFunnel({params})(t, {conds}) FROM (SELECT toUInt32(number + 1) AS t, substring('{pat}', number + 1, 1) AS c FROM numbers({len(pat)}))"
    got = int(str(chdb.query(q, "CSV")).strip())
    print(pat, n, w, modes, "clickhouse:", got, "expected:", exp, "OK" if got == exp else "DIFF"); bad += got != exp
# same-time rows: (user, t, action)
rows = "[(1,0,'ab'),(2,0,'b'),(2,0,'a'),(3,0,'a'),(3,1,'b'),(4,0,'ab'),(4,0,'ab')]"
for modes, exp in [([], [2,2,2,2]), (['strict_once'], [1,2,2,2]), (['strict_increase'], [1,1,2,1])]:
    params = "3600" + "".join(f", '{m}'" for m in modes)
    q = f"SELECT u, windowFunnel({params})(t, position(a, 'a') > 0, position(a, 'b') > 0) FROM (SELECT tupleElement(x,1) AS u, toUInt32(tupleElement(x,2)) AS t, tupleElement(x,3) AS a FROM (SELECT arrayJoin({rows}) AS x)) GROUP BY u ORDER BY u"
    got = [int(l.split(',')[1]) for l in str(chdb.query(q, "CSV")).strip().splitlines()]
    print("same_time", modes, "clickhouse:", got, "expected:", exp, "OK" if got == exp else "DIFF"); bad += got != exp
ev = "[(0,'begin_checkout'),(300,'view_product_detail'),(600,'begin_checkout'),(1200,'complete_payment')]"
for modes, exp in [([],4), (['strict_order'],1), (['strict_order','allow_reentry'],4), (['strict_once'],4)]:
    params = "3600" + "".join(f", '{m}'" for m in modes)
    q = f"SELECT windowFunnel({params})(t, a = 'begin_checkout', a = 'view_product_detail', a = 'begin_checkout', a = 'complete_payment') FROM (SELECT toUInt32(tupleElement(x,1)) AS t, tupleElement(x,2) AS a FROM (SELECT arrayJoin({ev}) AS x))"
    got = int(str(chdb.query(q, "CSV")).strip())
    print("checkout", modes, "clickhouse:", got, "expected:", exp, "OK" if got == exp else "DIFF"); bad += got != exp
# trend doc example with windows in seconds
tr = "[(toDateTime('2019-01-29 10:00:00','UTC'),1003),(toDateTime('2019-01-31 09:00:00','UTC'),1007),(toDateTime('2019-01-30 08:00:00','UTC'),1009),(toDateTime('2019-02-01 08:00:00','UTC'),1010)]"
for w, exp in [(6048000000000000, 4), (46*3600, 2), (47*3600, 3), (70*3600, 4)]:
    q = f"SELECT windowFunnel({w})(t, e = 1003, e = 1009, e = 1007, e = 1010) FROM (SELECT tupleElement(x,1) AS t, tupleElement(x,2) AS e FROM (SELECT arrayJoin({tr}) AS x))"
    got = int(str(chdb.query(q, "CSV")).strip())
    print("trend", w, "clickhouse:", got, "expected:", exp, "OK" if got == exp else "DIFF"); bad += got != exp
print("DIFFERENCES:", bad)
