-- Report section: lifecycle statuses (PostHog's lifecycle chart) of users and accounts.
\echo '=================================================================='
\echo '60  Lifecycle: new, returning, resurrecting, dormant'
\echo '=================================================================='
\echo 'The PostHog lifecycle chart of the last six months: per month, users active for'
\echo 'the first time (new), active again after an active month (returning), active'
\echo 'after at least one inactive month (resurrecting), and inactive after an active'
\echo 'month (dormant, drawn below the axis, hence negative). June 2026 is as of 06-30.'
\echo
SELECT l.period_start AS month,
       count(*) FILTER (WHERE l.status = 'new') AS new,
       count(*) FILTER (WHERE l.status = 'returning') AS returning,
       count(*) FILTER (WHERE l.status = 'resurrecting') AS resurrecting,
       -count(*) FILTER (WHERE l.status = 'dormant') AS dormant
FROM user_usage, lifecycle(usage, 'month', date '2026-01-01', date '2026-06-30') l
GROUP BY l.period_start
ORDER BY l.period_start;

\echo 'Accounts on 2026-06-30 by lifecycle status (account summaries = rollup of their'
\echo 'users), per plan: lapsed = no activity for two months or more, non_user = never.'
\echo
SELECT plan,
       count(*) FILTER (WHERE st = 'new') AS new,
       count(*) FILTER (WHERE st = 'returning') AS returning,
       count(*) FILTER (WHERE st = 'resurrecting') AS resurrecting,
       count(*) FILTER (WHERE st = 'dormant') AS dormant,
       count(*) FILTER (WHERE st = 'lapsed') AS lapsed,
       count(*) FILTER (WHERE st = 'non_user') AS non_user
FROM (SELECT plan, seats, lifecycle_status(usage, date '2026-06-30', 'month') AS st
      FROM account_usage) a
GROUP BY plan
ORDER BY min(seats);
