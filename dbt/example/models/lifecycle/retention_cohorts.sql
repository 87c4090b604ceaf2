-- Monthly first-time cohorts: users active in month n after their first month.
{{ pg_usage.retention_cohorts(ref('user_usage'), 'usage', 'month') }}
