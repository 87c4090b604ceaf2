-- Days rolled up into months per user.
{{ pg_usage.rollup_summaries(ref('daily_usage'), ['user_id'], 'usage', date_column='day', period='month') }}
