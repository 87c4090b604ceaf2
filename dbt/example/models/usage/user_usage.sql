-- One summary per user over all time, and its figures as of var('as_of').
select user_id, usage, {{ pg_usage.usage_columns('usage', var('as_of')) }}
from ({{ pg_usage.rollup_summaries(ref('monthly_usage'), ['user_id'], 'usage') }}) u
