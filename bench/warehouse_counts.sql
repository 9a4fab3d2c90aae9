-- Consent counts in the shape `balans consent import-csv` sums (docs/scale.md, decision 0037):
-- segment, category, purpose, special_feature, opt_ins, choices.
--
-- consent_events: one row per consent record (one decoded TC string) and each of its 13 keys,
-- purposes 1-11 and special features 1-2, granted or not (the dense shape decoding gives):
--   record_id, segment, policy_version (TcfPolicyVersion), purpose (1-11 or NULL),
--   special_feature (1-2 or NULL), consent (purpose consent / feature opt-in), legitimate_interest
-- category_map: the scenario's categories that `consent tcf` sets (not special, with a tcf mapping),
--   one row per purpose or special feature of the mapping: category, purpose, special_feature
--
-- The rules are `consent tcf`'s: records with a policy version below 4 are left out (outdated under
-- TCF v2.2); a purpose is granted by consent, or by legitimate interest for purposes 2, 7, 8, 9, 10
-- and 11 only; a category is allowed by a record that grants every key of its mapping at once.
-- Plain SQL (CTEs, CASE, GROUP BY): SQLite, PostgreSQL, BigQuery, Snowflake, DuckDB.
WITH counted AS (
  SELECT record_id, segment, purpose, special_feature,
         CASE WHEN consent OR (legitimate_interest AND purpose IN (2, 7, 8, 9, 10, 11))
              THEN 1 ELSE 0 END AS granted
  FROM consent_events
  WHERE policy_version >= 4
),
category_allowed AS (
  SELECT c.segment, m.category, c.record_id, MIN(c.granted) AS allowed
  FROM counted c
  JOIN category_map m ON c.purpose = m.purpose OR c.special_feature = m.special_feature
  GROUP BY c.segment, m.category, c.record_id
)
SELECT segment, NULL AS category, purpose, special_feature,
       SUM(granted) AS opt_ins, COUNT(*) AS choices
FROM counted
GROUP BY segment, purpose, special_feature
UNION ALL
SELECT segment, category, NULL, NULL, SUM(allowed), COUNT(*)
FROM category_allowed
GROUP BY segment, category
ORDER BY segment, category, purpose, special_feature;
