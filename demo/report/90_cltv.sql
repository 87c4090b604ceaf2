-- Report section: customer lifetime value, BG/NBD + Gamma-Gamma fitted on the orders.
\echo '=================================================================='
\echo '90  CLTV: BG/NBD and Gamma-Gamma fitted on the orders'
\echo '=================================================================='
\echo 'BTYD inputs per customer as of 2026-06-30, in days (lifetimes'' semantics): x ='
\echo 'repeat purchase days, t_x = days from the first to the last purchase, age = days'
\echo 'since the first purchase, monetary = mean value of the repeat purchase days.'
\echo
CREATE TABLE customer_btyd AS
SELECT customer_id,
       btyd_frequency(orders, date '2026-06-30') AS x,
       btyd_recency(orders, date '2026-06-30') AS t_x,
       btyd_age(orders, date '2026-06-30') AS age,
       btyd_monetary(orders, date '2026-06-30') AS monetary
FROM customer_orders;

SELECT count(*) AS customers,
       count(*) FILTER (WHERE x > 0) AS repeat_customers,
       round(avg(x), 2) AS mean_x,
       round(avg(age), 1) AS mean_age_days,
       round(avg(monetary) FILTER (WHERE x > 0)::numeric, 2) AS mean_monetary
FROM customer_btyd;

\echo 'The fits (maximum likelihood, as the Python package lifetimes). The generator'
\echo 'draws a weekly purchase chance per customer, log-normal around 10 % (mean about'
\echo '0.15 a week, i.e. r / alpha = 0.02 a day, and a gamma shape r near 0.7 matches'
\echo 'its spread), and amounts around a customer mean of about 160.'
\echo
CREATE TABLE clv_models AS
SELECT (SELECT bgnbd_fit(x, t_x, age) FROM customer_btyd) AS bg,
       (SELECT gamma_gamma_fit(x, monetary) FROM customer_btyd) AS gg;

SELECT 'bgnbd_fit' AS model,
       round((bg::text::jsonb ->> 'r')::numeric, 3) AS r,
       round((bg::text::jsonb ->> 'alpha')::numeric, 3) AS alpha,
       round((bg::text::jsonb ->> 'a')::numeric, 3) AS a,
       round((bg::text::jsonb ->> 'b')::numeric, 3) AS b,
       round((bg::text::jsonb ->> 'r')::numeric / (bg::text::jsonb ->> 'alpha')::numeric * 7, 3) AS mean_weekly_rate,
       (bg::text::jsonb ->> 'converged')::boolean AS converged
FROM clv_models;

SELECT 'gamma_gamma_fit' AS model,
       round((gg::text::jsonb ->> 'p')::numeric, 3) AS p,
       round((gg::text::jsonb ->> 'q')::numeric, 3) AS q,
       round((gg::text::jsonb ->> 'v')::numeric, 3) AS v,
       round(expected_spend(gg, 0, 0)::numeric, 2) AS population_mean_spend,
       (gg::text::jsonb ->> 'converged')::boolean AS converged
FROM clv_models;

\echo 'Top customers by CLTV over the next 12 months (1 % monthly discount): the'
\echo 'probability they are still alive, the purchases expected in the next 365 days,'
\echo 'their expected spend per purchase and the discounted value.'
\echo
SELECT c.customer_id, a.plan, c.x, c.t_x, c.age,
       round(c.monetary::numeric, 2) AS monetary,
       round(p_alive(m.bg, c.x, c.t_x, c.age)::numeric, 3) AS p_alive,
       round(expected_purchases(m.bg, 365, c.x, c.t_x, c.age)::numeric, 2) AS next_365_days,
       round(expected_spend(m.gg, c.x, c.monetary)::numeric, 2) AS spend_per_purchase,
       round(cltv(m.bg, m.gg, c.x, c.t_x, c.age, c.monetary)::numeric, 2) AS cltv_12m
FROM customer_btyd c
JOIN accounts a ON a.account_id = c.customer_id,
     clv_models m
ORDER BY cltv(m.bg, m.gg, c.x, c.t_x, c.age, c.monetary) DESC, c.customer_id
LIMIT 10;

\echo 'CLTV of the whole customer base over the next 12 months, by buyer type. In'
\echo 'BG/NBD a customer can only drop out right after a repeat purchase, so one-time'
\echo 'buyers count as alive (p_alive = 1), yet little is expected of them.'
\echo
SELECT buyer_type(o.orders, date '2026-06-30') AS buyer_type,
       count(*) AS customers,
       round(avg(p_alive(m.bg, c.x, c.t_x, c.age))::numeric, 3) AS avg_p_alive,
       round(sum(cltv(m.bg, m.gg, c.x, c.t_x, c.age, c.monetary))::numeric, 0) AS total_cltv_12m
FROM customer_btyd c
JOIN customer_orders o USING (customer_id),
     clv_models m
GROUP BY 1
ORDER BY total_cltv_12m DESC;
