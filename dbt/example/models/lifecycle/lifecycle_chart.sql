-- The monthly PostHog lifecycle chart from December 2023 to var('as_of').
{{ pg_usage.lifecycle_chart(ref('user_usage'), 'usage', 'month', '2023-12-01', var('as_of')) }}
