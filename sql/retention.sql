-- Retention family: the retention aggregate and COMMENT ON for every function.

-- The state is an int8 bit set (conditions seen, plus their number), so no
-- serial/deserial functions are needed; combining is a bitwise OR.
CREATE AGGREGATE retention(VARIADIC conditions bool[]) (
    sfunc = retention_trans, stype = int8, initcond = '0',
    combinefunc = retention_combine, finalfunc = retention_final,
    parallel = safe
);

COMMENT ON AGGREGATE retention(VARIADIC bool[]) IS
'ClickHouse retention(cond1, ..., condN), 1 to 32 conditions: result[1] is true when cond1 held in some row of the group, result[k] when cond1 and condk each held in some row. NULL conditions count as false; rows passing a NULL array are skipped; NULL for a group without rows.';
COMMENT ON FUNCTION retention_trans(bigint, boolean[]) IS 'Transition function of retention (internal use).';
COMMENT ON FUNCTION retention_combine(bigint, bigint) IS 'Combine function of retention (internal use).';
COMMENT ON FUNCTION retention_final(bigint) IS 'Final function of retention (internal use).';

COMMENT ON FUNCTION activity_periods(usage_summary, text) IS
'Start dates of the day, week (ISO, Monday) or month periods with activity, ascending: the rows of a cohort retention table.';
COMMENT ON FUNCTION period_start(text, date) IS
'First day of the day, week (ISO, Monday) or month period containing the date.';
COMMENT ON FUNCTION periods_between(text, date, date) IS
'Number of period boundaries from the period of from to the period of to: 0 in the same period, negative when to is earlier. The "period N" of cohort tables.';
