-- Account usage per month: the users' monthly summaries rolled up per account.
select account_id, month, usage, {{ pg_usage.usage_columns('usage') }}
from ({{ pg_usage.rollup_summaries('(select m.*, u.account_id from ' ~ ref('monthly_usage') ~ ' m join '
                                   ~ ref('users') ~ ' u using (user_id)) mu',
                                   ['account_id', 'month'], 'usage') }}) a
