-- Report section: RFM scores and segments, buyer types, from the orders.
\echo '=================================================================='
\echo '70  RFM: recency, frequency, monetary segments of the customers'
\echo '=================================================================='
\echo 'One rfm_summary per customer (customer_orders). Scores 1-5 by quintile, 5 = best:'
\echo 'most recent last purchase, most purchase days, highest total; rfm_segment names'
\echo 'the cell. Per segment: customers, and their median recency, purchase days, total.'
\echo
SELECT rfm_segment(r, f, m) AS segment,
       count(*) AS customers,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY recency) AS median_recency_days,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median_purchase_days,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY total)::numeric, 2) AS median_total
FROM (SELECT recency_days(orders, date '2026-06-30') AS recency,
             purchase_days(orders, date '2026-06-30') AS days,
             monetary_total(orders, date '2026-06-30') AS total,
             ntile(5) OVER (ORDER BY recency_days(orders, date '2026-06-30') DESC, customer_id) AS r,
             ntile(5) OVER (ORDER BY purchase_days(orders, date '2026-06-30'), customer_id) AS f,
             ntile(5) OVER (ORDER BY monetary_total(orders, date '2026-06-30'), customer_id) AS m
      FROM customer_orders) scored
GROUP BY segment
ORDER BY count(*) DESC, segment;

\echo 'Buyer types on 2026-06-30: one_time (a single purchase day), frequent (4 or more'
\echo 'purchase days in the last 365), occasional (the other repeat buyers); per plan.'
\echo
SELECT a.plan,
       count(*) FILTER (WHERE buyer_type(co.orders, date '2026-06-30') = 'one_time') AS one_time,
       count(*) FILTER (WHERE buyer_type(co.orders, date '2026-06-30') = 'occasional') AS occasional,
       count(*) FILTER (WHERE buyer_type(co.orders, date '2026-06-30') = 'frequent') AS frequent,
       round(avg(monetary_mean(co.orders))::numeric, 2) AS avg_order_value
FROM customer_orders co
JOIN accounts a ON a.account_id = co.customer_id
GROUP BY a.plan
ORDER BY min(a.seats);
