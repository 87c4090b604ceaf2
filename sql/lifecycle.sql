-- Lifecycle family: COMMENT ON for every function (no aggregates here).

COMMENT ON FUNCTION lifecycle_status(usage_summary, date, text) IS
'PostHog lifecycle status at as_of for day, week or month periods: new (first active period is this one), returning (active this and the previous period), resurrecting (active now, not in the previous period, active before), dormant (inactive now, active in the previous period), lapsed (inactive now and in the previous period, active before), non_user (no activity up to as_of, or a NULL summary). Activity after as_of is ignored.';

COMMENT ON FUNCTION lifecycle(usage_summary, text, date, date, boolean) IS
'One row (period_start, status) per period from the one containing from to the one containing to; each status is lifecycle_status at the period''s last day (at to for the last period). By default only new, returning, resurrecting and dormant rows (the PostHog chart); all_statuses => true adds lapsed and non_user rows so every period has one row.';
