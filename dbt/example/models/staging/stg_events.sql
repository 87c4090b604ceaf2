-- The events loaded so far (var load_id): stands for the raw table an ingestion
-- pipeline appends to; load_id grows with every load.
{{ config(materialized='view') }}
select user_id, ts, quantity, feature, load_id
from {{ ref('usage_events') }}
where load_id <= {{ var('load_id') }}
