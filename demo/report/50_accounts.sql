-- Report section: customers and users. Buyers against users (NPS with margins,
-- usage), accounts where the two disagree, seat utilization and account health.
\echo '=================================================================='
\echo '50  Customers and users: buyers vs users, seats, account health'
\echo '=================================================================='
\echo '"Users don''t always buy, buyers don''t always use." NPS of buyers and of users,'
\echo 'each with its 95 % margin of error (normal approximation on the +1/0/-1 scores).'
\echo 'The difference is beyond noise when it exceeds sqrt(margin_1^2 + margin_2^2).'
\echo
SELECT u.role,
       responses(nps_agg(s.score)) AS answers,
       promoters(nps_agg(s.score)) AS promoters,
       passives(nps_agg(s.score)) AS passives,
       detractors(nps_agg(s.score)) AS detractors,
       round(nps(nps_agg(s.score))::numeric, 1) AS nps,
       round(nps_margin(nps_agg(s.score))::numeric, 1) AS margin_95
FROM survey s
JOIN users u USING (user_id)
GROUP BY u.role
ORDER BY u.role;

WITH by_role AS (
  SELECT u.role, nps_agg(s.score) AS ns
  FROM survey s JOIN users u USING (user_id)
  GROUP BY u.role
)
SELECT round((nps(b.ns) - nps(r.ns))::numeric, 1) AS buyers_minus_users,
       round(sqrt(nps_margin(b.ns) ^ 2 + nps_margin(r.ns) ^ 2)::numeric, 1) AS margin_of_difference,
       (SELECT round(nps(rollup(ns))::numeric, 1) FROM by_role) AS overall_nps
FROM by_role b, by_role r
WHERE b.role = 'buyer' AND r.role = 'user';

\echo 'Accounts where buyers and users disagree: the buyers are promoters (NPS > 0)'
\echo 'while the users are detractors (NPS < 0), and the reverse. One nps_summary per'
\echo 'account and role; the largest accounts of each kind.'
\echo
WITH per_role AS (
  SELECT u.account_id, u.role, nps_agg(s.score) AS ns
  FROM survey s JOIN users u USING (user_id)
  GROUP BY u.account_id, u.role
), split AS (
  SELECT b.account_id,
         CASE WHEN nps(b.ns) > 0 AND nps(r.ns) < 0 THEN 'buyers promote, users detract'
              WHEN nps(b.ns) < 0 AND nps(r.ns) > 0 THEN 'users promote, buyers detract'
              ELSE 'agree or neutral' END AS kind,
         nps(b.ns) AS buyer_nps, nps(r.ns) AS user_nps, responses(r.ns) AS user_answers
  FROM per_role b
  JOIN per_role r ON r.account_id = b.account_id AND r.role = 'user'
  WHERE b.role = 'buyer'
)
SELECT kind, count(*) AS accounts,
       round(avg(buyer_nps)::numeric, 1) AS avg_buyer_nps,
       round(avg(user_nps)::numeric, 1) AS avg_user_nps
FROM split
GROUP BY kind
ORDER BY kind;

WITH per_role AS (
  SELECT u.account_id, u.role, nps_agg(s.score) AS ns
  FROM survey s JOIN users u USING (user_id)
  GROUP BY u.account_id, u.role
), split AS (
  SELECT CASE WHEN nps(b.ns) > 0 THEN 'buyers promote, users detract'
              ELSE 'users promote, buyers detract' END AS kind,
         b.account_id, responses(b.ns) AS buyer_answers, round(nps(b.ns)::numeric) AS buyer_nps,
         responses(r.ns) AS user_answers, round(nps(r.ns)::numeric) AS user_nps
  FROM per_role b
  JOIN per_role r ON r.account_id = b.account_id AND r.role = 'user'
  WHERE b.role = 'buyer'
    AND ((nps(b.ns) > 0 AND nps(r.ns) < 0) OR (nps(b.ns) < 0 AND nps(r.ns) > 0))
)
SELECT kind, account_id, a.plan, a.seats, buyer_answers, buyer_nps, user_answers, user_nps
FROM (SELECT split.*, row_number() OVER (PARTITION BY kind ORDER BY user_answers DESC, account_id) AS rank
      FROM split) ranked
JOIN accounts a USING (account_id)
WHERE rank <= 5
ORDER BY kind, rank;

\echo 'Buyers don''t always use: lifecycle status (month periods) of buyers and users'
\echo 'on 2026-06-30, as a share of each role.'
\echo
SELECT role,
       round(100.0 * count(*) FILTER (WHERE st IN ('new', 'returning', 'resurrecting')) / count(*), 1) AS active_pct,
       round(100.0 * count(*) FILTER (WHERE st = 'dormant') / count(*), 1) AS dormant_pct,
       round(100.0 * count(*) FILTER (WHERE st = 'lapsed') / count(*), 1) AS lapsed_pct,
       round(100.0 * count(*) FILTER (WHERE st = 'non_user') / count(*), 1) AS non_user_pct,
       count(*) AS people
FROM (SELECT role, lifecycle_status(usage, date '2026-06-30', 'month') AS st FROM user_usage) t
GROUP BY role
ORDER BY role;

\echo 'Seat utilization = users active in the last 28 days / seats bought, per plan.'
\echo
SELECT plan,
       count(*) AS accounts,
       sum(seats) AS seats,
       sum(active) AS active_users,
       round(sum(active)::numeric / sum(seats), 2) AS overall_utilization,
       count(*) FILTER (WHERE utilization < 0.25) AS below_25_pct,
       count(*) FILTER (WHERE utilization >= 0.75) AS at_least_75_pct
FROM (SELECT a.account_id, a.plan, a.seats,
             active_users(uu.usage, date '2026-06-30') AS active,
             seat_utilization(active_users(uu.usage, date '2026-06-30'), a.seats) AS utilization
      FROM accounts a
      LEFT JOIN user_usage uu USING (account_id)
      GROUP BY a.account_id, a.plan, a.seats) per_account
GROUP BY plan
ORDER BY min(seats);

\echo 'Low seat utilization: the largest accounts that still use the product (someone'
\echo 'active in the last 28 days) but on less than a quarter of their seats. Accounts'
\echo 'where nobody is active any more are churn cases, not seat cases, and left out.'
\echo
SELECT a.account_id, a.plan, a.seats,
       count(uu.usage) AS users_with_usage,
       active_users(uu.usage, date '2026-06-30') AS active_28d,
       round(seat_utilization(active_users(uu.usage, date '2026-06-30'), a.seats)::numeric, 2) AS utilization
FROM accounts a
LEFT JOIN user_usage uu USING (account_id)
GROUP BY a.account_id, a.plan, a.seats
HAVING active_users(uu.usage, date '2026-06-30') > 0
   AND seat_utilization(active_users(uu.usage, date '2026-06-30'), a.seats) < 0.25
ORDER BY a.seats DESC, a.account_id
LIMIT 10;

\echo 'Account health (0-100) = 100 * (0.4 * min(utilization, 1) + 0.4 * frequency'
\echo '+ 0.2 * clamp(0.5 + trend / 2, 0, 1)): frequency = share of the last 28 days with'
\echo 'any activity in the account, trend = last 28 days against the 28 before.'
\echo 'Classes: at_risk < 40 <= watch < 70 <= healthy.'
\echo
WITH active AS (
  SELECT account_id, active_users(usage, date '2026-06-30') AS active_users
  FROM user_usage
  GROUP BY account_id
)
SELECT au.plan,
       count(*) FILTER (WHERE account_health_class(h.health) = 'healthy') AS healthy,
       count(*) FILTER (WHERE account_health_class(h.health) = 'watch') AS watch,
       count(*) FILTER (WHERE account_health_class(h.health) = 'at_risk') AS at_risk,
       round(avg(h.health)::numeric, 1) AS avg_health
FROM account_usage au
JOIN active USING (account_id),
LATERAL (SELECT account_health(au.usage, active.active_users, au.seats, date '2026-06-30') AS health) h
GROUP BY au.plan
ORDER BY min(au.seats);
