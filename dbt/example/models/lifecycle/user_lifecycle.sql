-- Every user's lifecycle status as of var('as_of'); users without events are non_user.
with users as (
    select u.user_id, uu.usage
    from {{ ref('users') }} u left join {{ ref('user_usage') }} uu using (user_id)
)
{{ pg_usage.lifecycle_statuses('users', 'user_id', 'usage', var('as_of'), ['day', 'week', 'month']) }}
