SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
SET DateStyle = 'ISO, YMD';
-- Issue 11: one rule for results. A non-finite float8 result is ERROR 22003 naming
-- the function; -0 is 0; counts neither wrap nor saturate; list arguments are
-- one-dimensional; messages print dates as PostgreSQL does. Errors show their
-- SQLSTATE and hint, and LOCATION names the routine pg_usage, no Rust file.
\set VERBOSITY verbose
\set SHOW_CONTEXT never

-- 100 / (20 * 5e-324) = 100 / 1e-322 = 1e324 > 1.8e308: Infinity before the rule.
SELECT cac_payback_months(100, 20, 5e-324);
-- The weights sum to Infinity, and Infinity / Infinity is NaN.
SELECT account_health(0.5, 0.5, 0, '{1e308,1e308,1e308}');
-- p * x = 6.25e308 overflows (NaN before issue 11); the weight p x / (p x + q - 1) of
-- monetary tends to 1 as x grows, so the answer is monetary = 10.
SELECT expected_spend('{"p":6.25,"q":3.74,"v":15.44,"log_likelihood":-4000,"n":946,"distinct":100,"iterations":10,"converged":true,"penalizer":0}'::gamma_gamma_model, 1e308, 10);
-- Finite results pass unchanged: (q - 1) / (p x + q - 1) * v p / (q - 1) + p x / (p x + q - 1) * m
-- with p = 6, q = 3, v = 10, x = 0 is v p / (q - 1) = 30.
SELECT expected_spend('{"p":6,"q":3,"v":10,"log_likelihood":-4000,"n":946,"distinct":100,"iterations":10,"converged":true,"penalizer":0}'::gamma_gamma_model, 0, 10);

-- -0 becomes 0: a quantity of -0 (not negative) over one active day, and the expected
-- purchases of a model over no time (0 * rate, printed -0 before).
SELECT usage_intensity(d, q) FROM (VALUES ('2024-01-01'::date, '-0'::float8)) v(d, q);
SELECT total_quantity(usage_agg(d, q)) FROM (VALUES ('2024-01-01'::date, '-0'::float8)) v(d, q);
SELECT expected_purchases('{"r":0.24,"alpha":4.41,"s":0.61,"beta":11.67,"log_likelihood":-9594.98,"n":2357,"distinct":1000,"iterations":10,"converged":true,"penalizer":0}'::pareto_nbd_model, 0);

-- Counts: the state function of active_users called with int8's maximum wrapped to
-- -9223372036854775808; a negative running count is not a count.
SELECT active_users_trans28(9223372036854775807, usage_agg(d), '2024-01-01')
FROM (VALUES ('2024-01-01'::date)) v(d);
SELECT active_users_trans28(9223372036854775806, usage_agg(d), '2024-01-01')
FROM (VALUES ('2024-01-01'::date)) v(d);
SELECT active_users_trans(-1, usage_agg(d), '2024-01-01', 28) FROM (VALUES ('2024-01-01'::date)) v(d);
-- 2^64 - 1 events (a crafted summary) was shown as 9223372036854775807.
SELECT events('{"version":1,"events":18446744073709551615,"quantity":1,"days":["2024-01-01"]}'::usage_summary);

-- Two-dimensional arrays are rejected, not flattened into a list of four.
SELECT usage_segment(5, '{{1,2},{3,4}}');
SELECT usage_segment(5, '{1,2}', '{{a,b},{c,d}}');
SELECT account_health_class(50, '{{40,70}}');
SELECT account_health(0.5, 0.5, 0, '{{0.4,0.4},{0.2,0}}');
SELECT usage_quadrant(1, 1, 0, 0, '{{a,b},{c,d}}');
SELECT retention(VARIADIC '{{t,f},{f,t}}'::boolean[]);
SELECT window_funnel('1 day', d, '{{t,f},{f,t}}') FROM (VALUES ('2024-01-01'::date)) v(d);
SELECT window_funnel('1 day', d, '{t,f}', '{{strict_order}}') FROM (VALUES ('2024-01-01'::date)) v(d);
-- One-dimensional arrays keep working.
SELECT usage_segment(5, '{1,6}'), account_health_class(50, '{40,70}'),
       retention(VARIADIC '{t,f}'::boolean[]);

-- account_health_class takes cuts (its labels are fixed) and says so.
SELECT account_health_class(50, '{10}');

-- BC dates in messages as PostgreSQL prints them ('4713-11-24 BC', not -4712-11-24).
SELECT mrr_agg('2024-01-01'::date, '4713-11-24 BC'::date, 10);

-- The state functions of retention called with a state it never writes: an argument
-- error (22023), not data corruption (XX001).
SELECT retention_final(1);
