-- The examples of docs/types.md, as printed there.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
SET extra_float_digits = 0;
SELECT '{"version":1,"events":3,"quantity":[1e-20,2.5],"days":["2024-01-01/2024-01-02","2024-01-05"],"features":{}}'::usage_summary::jsonb;
SELECT row_to_json(t) FROM (SELECT 7 AS account_id, '{"version":1,"scores":[1,0,0,0,0,0,0,2,0,3,1]}'::nps_summary AS nps) t;
SELECT day ->> 'day' AS day, (day ->> 'orders')::int AS orders, (day ->> 'amount')::float8 AS amount
FROM jsonb_array_elements('{"version":1,"days":[["2024-01-01",2,10.5],["2024-01-03",1,3.0]]}'::rfm_summary::jsonb -> 'days') AS day;
SELECT model_param(m, 'r') AS r, model_param(m, 'alpha') AS alpha, model_param(m, 'a') AS a, model_param(m, 'b') AS b,
       log_likelihood(m), converged(m), fitted_customers(m)
FROM (SELECT '{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426}'::bgnbd_model AS m) x;
SELECT model_param('{"p":6.25,"q":3.74,"v":15.44}'::gamma_gamma_model, 'alpha');
SELECT a = b AS equal, a::text = b::text AS same_text
FROM (SELECT '{"version":2,"points":[[1.0,5.0,30.0,2.0],[0.0,0.0,30.0,1.0]]}'::purchase_points AS a,
             '{"version":2,"points":[[0.0,0.0,30.0,1.0],[1.0,5.0,30.0,1.0],[1.0,5.0,30.0,1.0]]}'::purchase_points AS b) p;
SELECT s::text AS summary, count(*) FROM (VALUES ('{"version":1,"scores":[0,0,0,0,0,0,0,0,0,0,1]}'::nps_summary),
             ('{"version":1,"scores":[0,0,0,0,0,0,0,0,0,0,1]}'),
             ('{"version":1,"scores":[1,0,0,0,0,0,0,0,0,0,0]}')) v(s) GROUP BY s ORDER BY 2 DESC;
SELECT count(*) AS rows, count(DISTINCT s::text) AS distinct_summaries
FROM (VALUES ('{"version":1,"scores":[0,0,0,0,0,0,0,0,0,0,1]}'::nps_summary),
             ('{"version":1,"scores":[0,0,0,0,0,0,0,0,0,0,1]}'),
             ('{"version":1,"scores":[1,0,0,0,0,0,0,0,0,0,0]}')) v(s);
SELECT nps_summary_send('{"version":1,"scores":[1,0,0,0,0,0,0,2,0,3,1]}');
