-- pg_usage: per-customer histories, month-by-month movements, population metrics.
DROP TABLE IF EXISTS ours_hist, ours_mov, ours_met;
CREATE UNLOGGED TABLE ours_hist AS
SELECT customer_id, mrr_agg(start_date, end_date, monthly_amount) AS h
FROM bench_subs GROUP BY customer_id;
CREATE UNLOGGED TABLE ours_mov AS
SELECT customer_id, m.* FROM ours_hist, mrr_movements(h, '2023-12-31') m;
CREATE UNLOGGED TABLE ours_met AS
SELECT m.* FROM (SELECT saas_agg(h) AS s FROM ours_hist) x, saas_metrics(s, '2023-12-31') m;
