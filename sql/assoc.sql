-- Association rules: hand-written aggregates (internal state = the distinct items of
-- each basket, merged by basket id; the final function mines the rules) and COMMENT ON.
-- Aggregates cannot have DEFAULTs: one overload per arity.

-- One call per row: plain V1 C functions (see src/assoc.rs).
CREATE FUNCTION assoc_rules_trans(state internal, basket bigint, item text, min_support float8, min_confidence float8)
RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_trans';
CREATE FUNCTION assoc_rules_trans(state internal, basket bigint, item text, min_support float8, min_confidence float8, max_len integer)
RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_trans';
CREATE FUNCTION assoc_rules_trans(state internal, basket text, item text, min_support float8, min_confidence float8)
RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_trans_text';
CREATE FUNCTION assoc_rules_trans(state internal, basket text, item text, min_support float8, min_confidence float8, max_len integer)
RETURNS internal IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'assoc_rules_trans_text';

CREATE AGGREGATE assoc_rules(basket bigint, item text, min_support float8, min_confidence float8) (
    sfunc = assoc_rules_trans, stype = internal, finalfunc = assoc_rules_final,
    combinefunc = assoc_rules_combine, serialfunc = assoc_rules_serialize,
    deserialfunc = assoc_rules_deserialize, parallel = safe
);
CREATE AGGREGATE assoc_rules(basket bigint, item text, min_support float8, min_confidence float8, max_len integer) (
    sfunc = assoc_rules_trans, stype = internal, finalfunc = assoc_rules_final,
    combinefunc = assoc_rules_combine, serialfunc = assoc_rules_serialize,
    deserialfunc = assoc_rules_deserialize, parallel = safe
);
CREATE AGGREGATE assoc_rules(basket text, item text, min_support float8, min_confidence float8) (
    sfunc = assoc_rules_trans, stype = internal, finalfunc = assoc_rules_final,
    combinefunc = assoc_rules_combine, serialfunc = assoc_rules_serialize,
    deserialfunc = assoc_rules_deserialize, parallel = safe
);
CREATE AGGREGATE assoc_rules(basket text, item text, min_support float8, min_confidence float8, max_len integer) (
    sfunc = assoc_rules_trans, stype = internal, finalfunc = assoc_rules_final,
    combinefunc = assoc_rules_combine, serialfunc = assoc_rules_serialize,
    deserialfunc = assoc_rules_deserialize, parallel = safe
);

COMMENT ON TYPE assoc_rules IS
'Association rules mined by assoc_rules: the number of baskets, the thresholds and per rule the antecedent, consequent and the baskets holding both, the antecedent and the consequent. Text form is JSON that round-trips exactly; assoc_rules_table reads the measures.';
COMMENT ON AGGREGATE assoc_rules(bigint, text, float8, float8) IS
'Association rules over (basket, item) rows as mlxtend''s apriori + association_rules(metric = ''confidence''): frequent itemsets (FP-growth) with support >= min_support (a fraction of baskets), every split into antecedent -> consequent with confidence >= min_confidence. A repeated (basket, item) counts once; rows with a NULL basket or item are skipped; no rows give NULL.';
COMMENT ON AGGREGATE assoc_rules(bigint, text, float8, float8, integer) IS
'Association rules over (basket, item) rows with itemsets of at most max_len items (antecedent and consequent together; NULL: no limit), as mlxtend''s apriori(max_len).';
COMMENT ON AGGREGATE assoc_rules(text, text, float8, float8) IS
'Association rules over (basket, item) rows with text basket ids; see the bigint variant.';
COMMENT ON AGGREGATE assoc_rules(text, text, float8, float8, integer) IS
'Association rules over (basket, item) rows with text basket ids and itemsets of at most max_len items.';
COMMENT ON FUNCTION assoc_rules_table(assoc_rules) IS
'The rules of an assoc_rules value with mlxtend''s measures: antecedent and consequent support, support, confidence, lift, leverage and conviction (NULL where confidence is 1: mlxtend''s infinity). Ordered by antecedent, then consequent (item lists compared item by item, names in byte order).';
COMMENT ON FUNCTION recommend(assoc_rules, text[], integer) IS
'The k items a customer who has the items in have lacks, each from its best rule (antecedent within have, consequent outside it): ranked by confidence, then lift, then support, then item name; with the rule that explains it.';
