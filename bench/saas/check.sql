-- Identical output: rows of each side missing from the other (EXCEPT ALL both ways).
SELECT (SELECT count(*) FROM ours_mov) AS movement_rows,
       (SELECT count(*) FROM ((TABLE ours_mov EXCEPT ALL SELECT * FROM base_mov)
                              UNION ALL (TABLE base_mov EXCEPT ALL TABLE ours_mov)) d) AS movement_rows_differing,
       (SELECT count(*) FROM ours_met) AS metric_rows,
       (SELECT count(*) FROM ((TABLE ours_met EXCEPT ALL TABLE base_met)
                              UNION ALL (TABLE base_met EXCEPT ALL TABLE ours_met)) d) AS metric_rows_differing;
