-- Report section: usage models discovered from the data (k-means on usage vectors),
-- features used together (association rules) and the next best feature per user.
\echo '=================================================================='
\echo '82  Usage models discovered with k-means, features used together'
\echo '=================================================================='
\echo 'usage_vector turns each summary into numbers as of 2026-06-30 (28-day window):'
\echo 'active days a week, quantity per active day, recency, tenure, trend, then the'
\echo 'share of active days with each of six features. kmeans_fit finds 5 clusters'
\echo '(k-means++ with seed 7, standardized components); each cluster is named by its'
\echo 'traits: how often (daily: 4+ days a week, weekly: 1+, lapsed: none for 28+ days,'
\echo 'churned: 90+), how much (heavy: twice the median user''s quantity per active day,'
\echo 'light: half) and its top feature.'
\echo
CREATE TABLE user_vectors AS
SELECT user_id, account_id,
       usage_vector(usage, date '2026-06-30',
                    '{search,reports,export_csv,alerts,ai_assistant,api}') AS v
FROM user_usage
WHERE usage_vector(usage, date '2026-06-30') IS NOT NULL;

CREATE TABLE usage_model AS
SELECT kmeans_fit(v, 5, 7::bigint, true) AS model FROM user_vectors;

WITH c AS (
  SELECT (cl->>'cluster')::int AS cluster, (cl->>'size')::bigint AS users,
         ARRAY(SELECT jsonb_array_elements_text(cl->'centroid')::float8) AS c
  FROM usage_model, jsonb_array_elements(model::jsonb->'clusters') AS cl
), med AS (
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v[2]) AS intensity FROM user_vectors
)
SELECT cluster, users,
       CASE WHEN c[1] >= 4 THEN 'daily' WHEN c[1] >= 1 THEN 'weekly'
            WHEN c[3] > 90 THEN 'churned' WHEN c[3] > 28 THEN 'lapsed' ELSE 'occasional' END
       || CASE WHEN c[2] >= 2 * med.intensity THEN ' heavy' WHEN c[2] <= med.intensity / 2
               THEN ' light' ELSE '' END
       || ' users of ' || (ARRAY['search','reports','export_csv','alerts','ai_assistant','api'])[
            (SELECT i FROM generate_series(6, 11) i ORDER BY c[i] DESC, i LIMIT 1) - 5] AS usage_model,
       round(c[1]::numeric, 1) AS days_a_week, round(c[2]::numeric, 1) AS per_day,
       round(c[3]::numeric) AS recency, round(c[4]::numeric) AS tenure,
       round(c[5]::numeric, 2) AS trend
FROM c, med
ORDER BY users DESC;

SELECT round(kmeans_inertia(model)::numeric) AS inertia,
       kmeans_sizes(model) AS sizes,
       (SELECT round(kmeans_silhouette(model, v)::numeric, 3)
        FROM (SELECT v FROM user_vectors ORDER BY user_id LIMIT 2000) s) AS silhouette_2000
FROM usage_model;

\echo 'Features used together: one basket per user, the features used in the last 28'
\echo 'days as items; rules of up to 3 features with support >= 10 % and confidence >= 60 %,'
\echo 'top by lift.'
\echo
CREATE TABLE feature_rules AS
SELECT assoc_rules(uu.user_id::bigint, f.feature, 0.10, 0.60, 3) AS rules
FROM user_usage uu, feature_usage(uu.usage) AS f
WHERE f.last_seen > date '2026-06-30' - 28;

SELECT antecedent, consequent, round(support::numeric, 3) AS support,
       round(confidence::numeric, 3) AS confidence, round(lift::numeric, 2) AS lift
FROM feature_rules, assoc_rules_table(rules)
ORDER BY lift DESC, confidence DESC, antecedent, consequent
LIMIT 8;

\echo 'The next best feature for a few active users: features they have not used in'
\echo 'the last 28 days, from the rule that recommends it best.'
\echo
SELECT u.user_id, r.rank, r.item, round(r.confidence::numeric, 3) AS confidence,
       round(r.lift::numeric, 2) AS lift, r.antecedent AS because
FROM (SELECT uu.user_id, array_agg(f.feature ORDER BY f.feature) AS have
      FROM user_usage uu, feature_usage(uu.usage) AS f
      WHERE f.last_seen > date '2026-06-30' - 28 AND uu.user_id IN (261, 262, 265)
      GROUP BY uu.user_id) u,
     feature_rules, recommend(rules, u.have, 2) AS r
ORDER BY u.user_id, r.rank;
