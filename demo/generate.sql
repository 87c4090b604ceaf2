-- Deterministic demo data for pg_usage: a B2B SaaS product with ~1,500 customer
-- accounts, ~10,000 users and two years of usage (2024-07-01 .. 2026-06-30).
-- Schema: demo/README.md. Run with psql in an empty database; same seed, same
-- PostgreSQL major version => same rows (every random() call happens in one
-- session, in statements whose plans are fixed nested loops over generate_series).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET TimeZone = 'UTC';
-- random() is parallel restricted anyway; keep every generator statement serial.
SET max_parallel_workers_per_gather = 0;

DROP TABLE IF EXISTS features, accounts, users, usage_events, orders, subscriptions, survey,
  marketing_spend CASCADE;

SELECT setseed(0.2026);

-- Standard normal draw (Box-Muller); PostgreSQL 15 has no random_normal().
CREATE FUNCTION pg_temp.rnorm() RETURNS float8 LANGUAGE sql VOLATILE
  AS $$ SELECT sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) $$;

-- The demo's fixed "today": the last day of the data.
CREATE TEMP TABLE demo_clock AS SELECT date '2024-07-01' AS first_day, date '2026-06-30' AS as_of;

------------------------------------------------------------------------------
-- Product features, most popular first. Two were launched during the data.
CREATE TABLE features (
  feature     text PRIMARY KEY,
  category    text NOT NULL,
  launched_on date NOT NULL,
  rank        int  NOT NULL UNIQUE
);
INSERT INTO features (feature, category, launched_on, rank)
SELECT f.feature, f.category, coalesce(f.launched_on, date '2024-07-01'), f.rank
FROM (VALUES
  ('dashboard',         'core',          NULL::date,          1),
  ('search',            'core',          NULL,                2),
  ('reports',           'analytics',     NULL,                3),
  ('export_csv',        'analytics',     NULL,                4),
  ('alerts',            'monitoring',    NULL,                5),
  ('ai_assistant',      'ai',            date '2026-01-12',   6),
  ('sharing',           'collaboration', NULL,                7),
  ('comments',          'collaboration', NULL,                8),
  ('api',               'developer',     NULL,                9),
  ('integrations',      'developer',     NULL,               10),
  ('scheduled_reports', 'analytics',     NULL,               11),
  ('mobile_app',        'core',          NULL,               12),
  ('notebooks',         'analytics',     NULL,               13),
  ('sql_editor',        'developer',     NULL,               14),
  ('data_upload',       'core',          NULL,               15),
  ('templates',         'core',          NULL,               16),
  ('webhooks',          'developer',     date '2025-03-03',  17),
  ('permissions',       'admin',         NULL,               18),
  ('audit_log',         'admin',         NULL,               19),
  ('sso',               'admin',         NULL,               20)
) AS f(feature, category, launched_on, rank);

------------------------------------------------------------------------------
-- Accounts: heavy-tailed sizes, sign-ups spread over the two years, monthly or
-- annual billing, a lifetime drawn from a churn hazard, some contract changes.
CREATE TEMP TABLE gen_accounts AS
SELECT a.*,
       CASE WHEN a.size <= 3 THEN 'starter' WHEN a.size <= 15 THEN 'team'
            WHEN a.size <= 60 THEN 'business' ELSE 'enterprise' END AS plan,
       CASE WHEN a.size <= 3 THEN 15 WHEN a.size <= 15 THEN 25
            WHEN a.size <= 60 THEN 40 ELSE 50 END AS seat_price
FROM (
  SELECT account_id,
         -- Lomax (shifted Pareto) sizes: many 1-5 seat teams, a few very large accounts
         least(250, greatest(1, ceil(3.9 * (power(1 - random(), -0.625) - 1)))::int) AS size,
         (SELECT first_day FROM demo_clock) + floor(random() * 715)::int AS signup_date,
         CASE WHEN random() < 0.7 THEN 1 ELSE 12 END AS billing_months,
         random() AS u_life, random() AS u_seats, random() AS u_change, random() AS u_when,
         random() AS u_react
  FROM generate_series(1, 1500) AS account_id
) a;

ALTER TABLE gen_accounts
  ADD COLUMN seats int, ADD COLUMN life_months int, ADD COLUMN churn_date date,
  ADD COLUMN contraction_date date, ADD COLUMN addon_date date, ADD COLUMN react_date date;
UPDATE gen_accounts SET
  seats = size + floor(size * 0.3 * u_seats)::int,
  -- monthly plans churn with a 2.5 % monthly hazard, annual ones renew with p = 0.8
  life_months = CASE WHEN billing_months = 1
                     THEN greatest(1, ceil(ln(1 - u_life) / ln(1 - 0.025))::int)
                     ELSE 12 * greatest(1, ceil(ln(1 - u_life) / ln(0.8))::int) END;
UPDATE gen_accounts SET
  churn_date = CASE WHEN (signup_date + make_interval(months => life_months))::date
                         <= (SELECT as_of FROM demo_clock)
                    THEN (signup_date + make_interval(months => life_months))::date END;
UPDATE gen_accounts g SET
  -- 10 % of monthly accounts cut seats, 30 % buy an add-on, 25 % of churned come back
  contraction_date = CASE WHEN billing_months = 1 AND u_change < 0.10
       THEN (signup_date + make_interval(months => 1 + floor(u_when * (life_months - 1))::int))::date END,
  addon_date = CASE WHEN u_change >= 0.70
       THEN (signup_date + make_interval(months => 1 + floor(u_when * least(life_months, 24))::int))::date END,
  react_date = CASE WHEN churn_date IS NOT NULL AND u_react < 0.25
       THEN (churn_date + make_interval(months => 2 + floor(u_react * 24)::int))::date END;
UPDATE gen_accounts SET contraction_date = NULL
  WHERE contraction_date >= coalesce(churn_date, (SELECT as_of FROM demo_clock));
UPDATE gen_accounts SET addon_date = NULL
  WHERE addon_date >= coalesce(churn_date, (SELECT as_of FROM demo_clock));
UPDATE gen_accounts SET react_date = NULL WHERE react_date > (SELECT as_of FROM demo_clock);

CREATE TABLE accounts (
  account_id  int PRIMARY KEY,
  name        text NOT NULL,
  plan        text NOT NULL,
  seats       int  NOT NULL,
  signup_date date NOT NULL
);
INSERT INTO accounts
SELECT account_id, 'Account ' || lpad(account_id::text, 4, '0'), plan, seats, signup_date
FROM gen_accounts ORDER BY account_id;

------------------------------------------------------------------------------
-- Users: the first user of every account is its buyer; large accounts have a
-- few more buyers. Profiles decide how often someone uses the product.
CREATE TEMP TABLE gen_users AS
SELECT row_number() OVER (ORDER BY a.account_id, k)::int AS user_id,
       a.account_id, k, a.signup_date AS account_signup, a.churn_date, a.react_date,
       CASE WHEN k = 1 OR (k > 5 AND random() < 0.05) THEN 'buyer' ELSE 'user' END AS role,
       random() AS u_profile, random() AS u_join, random() AS u_p, random() AS u_stop,
       random() AS u_trend, pg_temp.rnorm() AS z_heavy, random() AS u_breadth, random() AS u_conc
FROM gen_accounts a, generate_series(1, a.size) AS k;

ALTER TABLE gen_users
  ADD COLUMN profile text, ADD COLUMN signup_date date, ADD COLUMN p float8, ADD COLUMN weekend float8,
  ADD COLUMN drift float8, ADD COLUMN start_day date, ADD COLUMN stop_day date,
  ADD COLUMN heaviness float8, ADD COLUMN max_rank int, ADD COLUMN concentration float8;
-- Buyers often pay without using much ("buyers don't always use").
UPDATE gen_users SET profile = CASE
  WHEN role = 'buyer' THEN CASE WHEN u_profile < 0.30 THEN 'non_user' WHEN u_profile < 0.65 THEN 'occasional'
                                WHEN u_profile < 0.85 THEN 'weekly' ELSE 'daily' END
  ELSE CASE WHEN u_profile < 0.05 THEN 'non_user' WHEN u_profile < 0.24 THEN 'daily'
            WHEN u_profile < 0.50 THEN 'weekly' WHEN u_profile < 0.74 THEN 'occasional'
            WHEN u_profile < 0.90 THEN 'lapsed' ELSE 'new' END END;
UPDATE gen_users SET
  signup_date = CASE
    WHEN k = 1 THEN account_signup
    WHEN profile = 'new' THEN greatest(account_signup, (SELECT as_of FROM demo_clock) - floor(u_join * 75)::int)
    ELSE least((SELECT as_of FROM demo_clock), account_signup + floor(-ln(1 - u_join) * 60)::int) END,
  -- p: chance of activity on a weekday; weekends are quieter
  p = CASE profile
        WHEN 'daily' THEN 0.86 + 0.12 * u_p
        WHEN 'weekly' THEN 0.14 + 0.26 * u_p
        WHEN 'occasional' THEN 0.025 + 0.07 * u_p
        WHEN 'lapsed' THEN 0.05 + 0.6 * u_p
        WHEN 'new' THEN 0.1 + 0.8 * u_p
        ELSE 0 END,
  weekend = CASE WHEN profile = 'daily' THEN 0.55 ELSE 0.35 END,
  -- 15 % fade out (p halves about every 8 months), 15 % grow
  drift = CASE WHEN profile IN ('non_user', 'new') THEN 0
               WHEN u_trend < 0.15 THEN -1.0 WHEN u_trend < 0.30 THEN 0.7 ELSE 0 END,
  -- log-normal, cut at 2.5 sigma: light (~0.15) to heavy (~7)
  heaviness = exp(0.8 * least(2.5, greatest(-2.5, z_heavy))),
  -- how many of the ranked features the user knows, and how skewed to the top
  max_rank = least(20, 2 + floor(19 * power(u_breadth, 1.5))::int),
  concentration = 1.3 + 1.5 * u_conc;
UPDATE gen_users SET
  start_day = signup_date,
  stop_day = CASE
    WHEN profile = 'non_user' THEN signup_date - 1
    WHEN profile = 'lapsed' THEN least((SELECT as_of FROM demo_clock) - 45,
           signup_date + 20 + floor(u_stop * greatest(0, (SELECT as_of FROM demo_clock) - 65 - signup_date))::int)
    ELSE (SELECT as_of FROM demo_clock) END;
-- Nobody uses the product while their account has no subscription.
UPDATE gen_users SET stop_day = least(stop_day, churn_date - 1)
  WHERE churn_date IS NOT NULL AND react_date IS NULL;

CREATE TABLE users (
  user_id     int PRIMARY KEY,
  account_id  int  NOT NULL REFERENCES accounts,
  role        text NOT NULL CHECK (role IN ('buyer', 'user')),
  signup_date date NOT NULL
);
INSERT INTO users SELECT user_id, account_id, role, signup_date FROM gen_users ORDER BY user_id;

------------------------------------------------------------------------------
-- Usage: first the active days (Bernoulli per day with the user's weekday /
-- weekend chance and drift), then 1..n events per active day with a feature
-- drawn from a user-specific concentration over the popularity ranking.
CREATE TEMP TABLE gen_days AS
SELECT u.user_id, u.start_day + i AS day, u.heaviness, u.max_rank, u.concentration
FROM gen_users u, generate_series(0, u.stop_day - u.start_day) AS i
-- (day - 2000-01-03) % 7 >= 5: Saturday or Sunday (2000-01-03 was a Monday)
WHERE random() < least(0.98, u.p * exp(u.drift * i::float8 / 365)
                 * CASE WHEN (u.start_day + i - date '2000-01-03') % 7 >= 5 THEN u.weekend ELSE 1 END)
  AND NOT (u.churn_date IS NOT NULL AND u.react_date IS NOT NULL
           AND u.start_day + i >= u.churn_date AND u.start_day + i < u.react_date);

CREATE TABLE usage_events (
  user_id  int         NOT NULL,
  ts       timestamptz NOT NULL,
  feature  text        NOT NULL,
  quantity float8      NOT NULL
);
INSERT INTO usage_events (user_id, ts, feature, quantity)
SELECT e.user_id,
       (e.day + time '07:00' + e.secs * interval '1 second') AT TIME ZONE 'UTC',
       CASE WHEN f.launched_on > e.day THEN 'dashboard' ELSE f.feature END,
       greatest(1, round(3 * e.heaviness * exp(0.5 * e.z)))
FROM (
  SELECT d.user_id, d.day, d.heaviness,
         floor(random() * 43200)::int AS secs,
         1 + floor(d.max_rank * power(random(), d.concentration))::int AS rank,
         pg_temp.rnorm() AS z
  FROM gen_days d,
       generate_series(1, 1 + floor(-ln(1 - random()) * 0.7 * d.heaviness)::int) AS n
) e JOIN features f USING (rank)
ORDER BY e.day, e.user_id, e.secs;

------------------------------------------------------------------------------
-- Subscriptions (customer_id = account_id). end_date is exclusive, NULL = ongoing.
CREATE TABLE subscriptions (
  subscription_id serial PRIMARY KEY,
  customer_id     int NOT NULL REFERENCES accounts (account_id),
  start_date      date NOT NULL,
  end_date        date CHECK (end_date > start_date),
  monthly_amount  numeric(12, 2) NOT NULL,
  billing_months  int NOT NULL CHECK (billing_months IN (1, 12))
);
INSERT INTO subscriptions (customer_id, start_date, end_date, monthly_amount, billing_months)
SELECT customer_id, start_date, end_date, monthly_amount, billing_months FROM (
  -- the main contract, until it is cut down or churns
  SELECT account_id AS customer_id, signup_date AS start_date,
         coalesce(contraction_date, churn_date) AS end_date,
         seats * seat_price AS monthly_amount, billing_months, 1 AS part
  FROM gen_accounts
  UNION ALL -- after a contraction: fewer seats
  SELECT account_id, contraction_date, churn_date,
         greatest(1, round(seats * 0.6)) * seat_price, billing_months, 2
  FROM gen_accounts WHERE contraction_date IS NOT NULL
  UNION ALL -- an add-on bought later (expansion)
  SELECT account_id, addon_date, churn_date, round(seats * seat_price * 0.25, 2), billing_months, 3
  FROM gen_accounts WHERE addon_date IS NOT NULL
  UNION ALL -- win-back after churn (reactivation)
  SELECT account_id, react_date, NULL, round(seats * seat_price * 0.8, 2), 1, 4
  FROM gen_accounts WHERE react_date IS NOT NULL
) s ORDER BY customer_id, part;

------------------------------------------------------------------------------
-- Orders: one-off purchases (credits, services) by an account's buyer. Pareto/NBD
-- style: a weekly purchase chance and an exponential lifetime per customer; the
-- first purchase is at sign-up.
CREATE TEMP TABLE gen_buyers AS
SELECT a.account_id, a.signup_date,
       least(a.signup_date + floor(-ln(1 - random()) * 420)::int, coalesce(a.churn_date - 1, c.as_of), c.as_of)
         AS alive_until,
       least(0.9, exp(ln(0.10) + 0.9 * pg_temp.rnorm())) AS weekly_rate,
       exp(ln(120) + 0.7 * pg_temp.rnorm()) AS mean_amount,
       (SELECT min(user_id) FROM gen_users u WHERE u.account_id = a.account_id AND u.role = 'buyer') AS buyer
FROM gen_accounts a, demo_clock c ORDER BY a.account_id;

CREATE TABLE orders (
  order_id    serial PRIMARY KEY,
  customer_id int NOT NULL REFERENCES accounts (account_id),
  user_id     int NOT NULL REFERENCES users,
  ts          timestamptz NOT NULL,
  amount      numeric(12, 2) NOT NULL CHECK (amount > 0)
);
INSERT INTO orders (customer_id, user_id, ts, amount)
SELECT account_id, buyer, ts, amount FROM (
  SELECT b.account_id, b.buyer,
         (b.signup_date + time '09:00' + floor(random() * 28800) * interval '1 second') AT TIME ZONE 'UTC' AS ts,
         round((b.mean_amount * exp(0.3 * pg_temp.rnorm()))::numeric, 2) AS amount
  FROM gen_buyers b
  UNION ALL
  SELECT bw.account_id, bw.buyer,
         (bw.signup_date + 7 * bw.w + floor(random() * 7)::int + time '09:00'
            + floor(random() * 28800) * interval '1 second') AT TIME ZONE 'UTC',
         round((bw.mean_amount * exp(0.3 * pg_temp.rnorm()))::numeric, 2)
  -- One purchase draw per buyer and week. The draw is an output column of the
  -- subquery: a volatile column keeps the filter above it, whereas random() in a
  -- WHERE next to b.weekly_rate would be pushed down to the scan of gen_buyers and
  -- drawn once per buyer (every week bought, or none).
  FROM (SELECT b.*, w, random() AS u_buy
        FROM gen_buyers b, generate_series(1, (b.alive_until - b.signup_date) / 7) AS w) bw
  WHERE bw.u_buy < bw.weekly_rate
) o
WHERE ts < (SELECT as_of + 1 FROM demo_clock)
ORDER BY ts;

------------------------------------------------------------------------------
-- Survey: about a third of users answered "How likely are you to recommend us?"
-- (0-10) once; happier when they use the product more.
CREATE TABLE survey (
  user_id     int  PRIMARY KEY REFERENCES users,
  answered_on date NOT NULL,
  score       int  NOT NULL CHECK (score BETWEEN 0 AND 10)
);
INSERT INTO survey
SELECT user_id, answered_on,
       least(10, greatest(0, round(base + 1.6 * z)))::int
FROM (
  SELECT u.user_id,
         u.signup_date + floor(random() * ((SELECT as_of FROM demo_clock) - u.signup_date + 1))::int AS answered_on,
         CASE u.profile WHEN 'daily' THEN 8.6 WHEN 'weekly' THEN 7.8 WHEN 'occasional' THEN 6.9
                        WHEN 'new' THEN 7.6 WHEN 'lapsed' THEN 5.2 ELSE 6.0 END
           - CASE WHEN u.drift < 0 THEN 1.0 ELSE 0 END AS base,
         pg_temp.rnorm() AS z,
         random() AS u_answer
  FROM gen_users u ORDER BY u.user_id
) s
WHERE u_answer < 0.35;

------------------------------------------------------------------------------
-- Marketing spend per month and channel, for customer acquisition cost (CAC).
CREATE TABLE marketing_spend (
  month   date NOT NULL,
  channel text NOT NULL,
  spend   numeric(12, 2) NOT NULL,
  PRIMARY KEY (month, channel)
);
INSERT INTO marketing_spend
SELECT m.month::date, ch.channel,
       round((coalesce(n.new_accounts, 0) * 900 * ch.share * (0.8 + 0.4 * random()) + 500)::numeric, 2)
FROM generate_series(date '2024-07-01', date '2026-06-01', interval '1 month') AS m(month)
CROSS JOIN (VALUES ('search', 0.5), ('social', 0.3), ('events', 0.2)) AS ch(channel, share)
LEFT JOIN (SELECT date_trunc('month', signup_date) AS month, count(*) AS new_accounts
           FROM accounts GROUP BY 1) n ON n.month = m.month
ORDER BY m.month, ch.channel;

CREATE INDEX ON usage_events (user_id);
CREATE INDEX ON orders (customer_id);
CREATE INDEX ON subscriptions (customer_id);
ANALYZE features, accounts, users, usage_events, subscriptions, orders, survey, marketing_spend;
