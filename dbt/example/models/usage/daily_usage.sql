-- One usage summary per user and day (UTC days), incremental: each run reads the
-- events loaded since the last one and merges them into the stored days by rollup.
{{ config(materialized='incremental', unique_key=['user_id', 'day'],
          incremental_strategy='delete+insert') }}
{{ pg_usage.incremental_usage_summaries(ref('stg_events'), ['user_id'], 'ts', loaded_at='load_id',
                                        quantity='quantity', feature='feature', zone='UTC') }}
