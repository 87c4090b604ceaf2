-- Values STORED BY RELEASE 0.1.0 (commit f5d76b7) of every SQL type of pg_usage:
-- later releases must read them.
--
-- How they were made: pg_usage 0.1.0 was built from commit f5d76b7 (cargo pgrx
-- package) and installed into a private PostgreSQL 15; on that cluster
-- tests/pg_regress/data/stored_0_1_0_generate.sql built several values of each type
-- from small deterministic data (VALUES, generate_series; the three CLTV models fitted
-- on the CDNOW sample as cltv.sql does) and printed, per value, its stored binary form
-- (the varlena's bytes, read through a WITHOUT FUNCTION cast to bytea), its text form
-- and the answers of the type's accessors. Those are copied below, unchanged.
--
-- For every value this test checks, with output made of labels and booleans only:
--   text_0_1_0     the stored bytes decode to exactly the text form 0.1.0 printed;
--   text_to_bytes  that text form reads back to the very same bytes;
--   one column per accessor: the answer equals 0.1.0's answer on the stored bytes
--                  (IS NOT DISTINCT FROM; float8 answers of the CLTV models and
--                  nps_margin, which come from special functions, within 1e-12
--                  relative; every other answer exactly).
-- At 0.1.0 every text form read back to the same text and bytes.
-- Dates in the accessor answers are ISO; numeric answers are compared as text, so
-- their scale counts; array answers of saas_metrics / mrr_movements cover 2022-2024.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_usage;
DROP SCHEMA IF EXISTS t_stored_0_1_0 CASCADE;
CREATE SCHEMA t_stored_0_1_0;
SET search_path = t_stored_0_1_0, public;
SET DateStyle = 'ISO, YMD';

-- Every stored type is a varlena holding its versioned binary form, so bytea and
-- the type are binary coercible: these casts read and write the raw bytes.
DROP CAST IF EXISTS (bytea AS usage_summary);
DROP CAST IF EXISTS (usage_summary AS bytea);
DROP CAST IF EXISTS (bytea AS rfm_summary);
DROP CAST IF EXISTS (rfm_summary AS bytea);
DROP CAST IF EXISTS (bytea AS nps_summary);
DROP CAST IF EXISTS (nps_summary AS bytea);
DROP CAST IF EXISTS (bytea AS mrr_history);
DROP CAST IF EXISTS (mrr_history AS bytea);
DROP CAST IF EXISTS (bytea AS saas_summary);
DROP CAST IF EXISTS (saas_summary AS bytea);
DROP CAST IF EXISTS (bytea AS bgnbd_model);
DROP CAST IF EXISTS (bgnbd_model AS bytea);
DROP CAST IF EXISTS (bytea AS pareto_nbd_model);
DROP CAST IF EXISTS (pareto_nbd_model AS bytea);
DROP CAST IF EXISTS (bytea AS gamma_gamma_model);
DROP CAST IF EXISTS (gamma_gamma_model AS bytea);
CREATE CAST (bytea AS usage_summary) WITHOUT FUNCTION;
CREATE CAST (usage_summary AS bytea) WITHOUT FUNCTION;
CREATE CAST (bytea AS rfm_summary) WITHOUT FUNCTION;
CREATE CAST (rfm_summary AS bytea) WITHOUT FUNCTION;
CREATE CAST (bytea AS nps_summary) WITHOUT FUNCTION;
CREATE CAST (nps_summary AS bytea) WITHOUT FUNCTION;
CREATE CAST (bytea AS mrr_history) WITHOUT FUNCTION;
CREATE CAST (mrr_history AS bytea) WITHOUT FUNCTION;
CREATE CAST (bytea AS saas_summary) WITHOUT FUNCTION;
CREATE CAST (saas_summary AS bytea) WITHOUT FUNCTION;
CREATE CAST (bytea AS bgnbd_model) WITHOUT FUNCTION;
CREATE CAST (bgnbd_model AS bytea) WITHOUT FUNCTION;
CREATE CAST (bytea AS pareto_nbd_model) WITHOUT FUNCTION;
CREATE CAST (pareto_nbd_model AS bytea) WITHOUT FUNCTION;
CREATE CAST (bytea AS gamma_gamma_model) WITHOUT FUNCTION;
CREATE CAST (gamma_gamma_model AS bytea) WITHOUT FUNCTION;

-- The bytes, as release 0.1.0 stored them.
CREATE TABLE stored (type_name text, label text, hex text, PRIMARY KEY (type_name, label));
INSERT INTO stored VALUES
  ('usage_summary', 'account_rollup',
   '010601000000000080324004fa88010102000c001a000303617069010100000000000024400198890100066578706f72'
   '740101000000000000f03f01fc8801000673656172636803010000000000001a4002fa8801010200'),
  ('usage_summary', 'daily_march',
   '012101000000000000424003e08901000a1e020002036170690201000000000000144002e08901002a00067365617263'
   '681f010000000000003f4001f489011e'),
  ('usage_summary', 'default_quantity',
   '010501000000000000144002f0890102090000'),
  ('usage_summary', 'docs_user1',
   '010401000000000000214003fc8801000200260002066578706f72740101000000000000f03f01fc8801000673656172'
   '636802010000000000001a4002fc8801000200'),
  ('usage_summary', 'docs_user2',
   '010101000000000000244001988901000103617069010100000000000024400198890100'),
  ('usage_summary', 'exact_partials',
   '010303000000000000803ccdccccccccccecbf0180e03779c3414301fc88010101067365617263680202000000000000'
   'f03f0080e03779c3414301fc880101'),
  ('usage_summary', 'extreme_dates',
   '0105010000000000002e4005b1a1ab0200e485690083ae2a00ad9d0200d1adeafe070002066578706f72740201000000'
   '0000001c4002e995590081f996ff0700067365617263680201000000000000144002b1a1ab020094d1950100'),
  ('usage_summary', 'from_timestamptz',
   '0103010000000000000c4002f2890101090001067365617263680201000000000000084001f2890101'),
  ('usage_summary', 'many_months_gaps',
   '01d50101000000000018674048a283010602000900090005060200090009000206020009000900230602000900090005'
   '060200090009000406020009000900240602000900090004060200090009000506020009000900230602000900090005'
   '060200090009000306020009000900230602000900090005060200090009000406020009000900240602000900090004'
   '060200090009000506020009000900050561646d696e27010000000000003f4027a68301000f000f0005001400050005'
   '0037000f000f000500140005000500140028001e001e00050037000f000f000500140005000f002d0005001400050005'
   '00190005003c0005001900050019000f000361706927010000000000403d4027a4830100050014000500050019000f00'
   '2d000500140005000500190005003c0005001900050019000f002d000500140005000500190005001400230005001e00'
   '1e003c000f000f000f000f0005001400066578706f72742301000000000080374023a283010005001e00190005001400'
   '230005001e001e003c000f000f000f000f0005001400230005001e00190005003c001e00050019000500370005001400'
   '05000500140005000500067265706f727421010000000000c0484021aa8301001e000500140005003c001e0005001900'
   '0500370005001400050005001400050005003c001e00050019003c00050019000f000f000f002d000500190005001e00'
   '067365617263682101000000000040384021aa8301001e000500140005003c001e000500190005003700050014000500'
   '05001400050005003c001e00050019003c00050019000f000f000f002d000500190005001e00'),
  ('usage_summary', 'null_feature_only',
   '010101000000000000004001fc89010000'),
  ('usage_summary', 'tenth_sums',
   '010a02000000000000903c000000000000f03f01ae8a010001067365617263680a02000000000000903c000000000000'
   'f03f01ae8a0100'),
  ('usage_summary', 'twenty_features',
   '0114010000000000406a4001f489010914036630310101000000000000f03f01f6890100036630320101000000000000'
   '004001f8890100036630330101000000000000084001fa890100036630340101000000000000104001fc890100036630'
   '350101000000000000144001fe890100036630360101000000000000184001808a01000366303701010000000000001c'
   '4001828a0100036630380101000000000000204001848a0100036630390101000000000000224001868a010003663130'
   '0101000000000000244001f4890100036631310101000000000000264001f68901000366313201010000000000002840'
   '01f88901000366313301010000000000002a4001fa8901000366313401010000000000002c4001fc8901000366313501'
   '010000000000002e4001fe890100036631360101000000000000304001808a0100036631370101000000000000314001'
   '828a0100036631380101000000000000324001848a0100036631390101000000000000334001868a0100036632300101'
   '000000000000344001f4890100'),
  ('usage_summary', 'zero_quantity',
   '01010001fa8801000106736561726368010001fa880100'),
  ('rfm_summary', 'account_rollup',
   '010afc880102010000000000002e4002010100000000000034400601010000000000001e40160101000000000000f03f'
   '010101000000000000004004010100000000000010400a010100000000008028400e010100000000000059401f010100'
   '00000000003e400a01010000000000002040'),
  ('rfm_summary', 'docs_a',
   '0105fc880102010000000000002e4002010100000000000034400601010000000000001e402501010000000000802840'
   '2d01010000000000003e40'),
  ('rfm_summary', 'docs_b',
   '0101f2890101010000000000005940'),
  ('rfm_summary', 'docs_c',
   '0104b889010101000000000000f03f010101000000000000004004010100000000000010404101010000000000002040'),
  ('rfm_summary', 'exact_partials',
   '0102fc88010202000000000000f03f0080e03779c341431f020259f3f8c21f6ea5017dc39425ad49b254'),
  ('rfm_summary', 'extreme_dates',
   '0103b1a1ab020101000000000000f83fd29596010101000000000000044093e9e9fe0701010000000000000c40'),
  ('rfm_summary', 'from_timestamptz',
   '0103f2890101013d0ad7a370fd33400101010ad7a3703d0a14400e01010000000000004540'),
  ('rfm_summary', 'tenth_sums',
   '0102848901020200000000000080bc343333333333d33f550a02000000000000903c000000000000f03f'),
  ('rfm_summary', 'year_of_orders',
   '017aa283010101a4703d0ad7a3c03f030201295c8fc2f5985240030301295c8fc2f5d86b40030101c3f5285c8f422440'
   '030201295c8fc2f5985740030301295c8fc2f5986f40030101e17a14ae47213440030201295c8fc2f5985c4003030200'
   '0000000000203d14ae47e17aac7140030101e17a14ae47213e40030202000000000000103d14ae47e17acc6040030302'
   '000000000000c03c8fc2f5285c8f2340030101713d0ad7a3104440030202000000000000103d14ae47e17a4c63400303'
   '01a4703d0ad7e34340030101713d0ad7a3104940030202000000000000103d14ae47e17acc654003030152b81e85eb71'
   '5140030101713d0ad7a3104e40030202000000000000103d14ae47e17a4c684003030152b81e85ebf15840030101b81e'
   '85eb51885140030202000000000000d0bc48e17a14aec72840030301295c8fc2f5386040030101b81e85eb5108544003'
   '020152b81e85eb314040030301295c8fc2f5f86340030101b81e85eb5188564003020152b81e85eb314a40030301295c'
   '8fc2f5b86740030101b81e85eb51085940030201295c8fc2f5185240030301295c8fc2f5786b40030101c3f5285c8f42'
   '2240030201295c8fc2f5185740030301295c8fc2f5386f40030101e17a14ae47213340030201295c8fc2f5185c400303'
   '02000000000000203d14ae47e17a7c7140030101e17a14ae47213d40030202000000000000103d14ae47e17a8c604003'
   '0302000000000000c03c1e85eb51b81e1b40030101713d0ad7a3904340030202000000000000103d14ae47e17a0c6340'
   '030301a4703d0ad7634240030101713d0ad7a3904840030202000000000000103d14ae47e17a8c654003030152b81e85'
   'ebb15040030101713d0ad7a3904d40030202000000000000103d14ae47e17a0c684003030152b81e85eb315840030101'
   'b81e85eb51485140030202000000000000d0bc48e17a14aec7244003030152b81e85ebb15f40030101b81e85eb51c853'
   '40030201a4703d0ad7633e40030301295c8fc2f5986340030101b81e85eb5148564003020152b81e85eb314940030301'
   '295c8fc2f5586740030101b81e85eb51c85840030201295c8fc2f5985140030301295c8fc2f5186b40030101c3f5285c'
   '8f422040030201295c8fc2f5985640030301295c8fc2f5d86e40030101e17a14ae47213240030201295c8fc2f5985b40'
   '030302000000000000203d14ae47e17a4c7140030101e17a14ae47213c40030202000000000000103d14ae47e17a4c60'
   '400303013d0ad7a3703d0e40030101713d0ad7a3104340030202000000000000103d14ae47e17acc6240030301a4703d'
   '0ad7e34040030101713d0ad7a3104840030202000000000000103d14ae47e17a4c6540030301a4703d0ad7e34f400301'
   '01713d0ad7a3104d40030202000000000000103d14ae47e17acc674003030152b81e85eb715740030101b81e85eb5108'
   '5140030202000000000000d0bc48e17a14aec7204003030152b81e85ebf15e40030101b81e85eb51885340030201a470'
   '3d0ad7633c40030301295c8fc2f5386340030101b81e85eb5108564003020152b81e85eb314840030301295c8fc2f5f8'
   '6640030101b81e85eb51885840030201295c8fc2f5185140030301295c8fc2f5b86a4003010185eb51b81e851c400302'
   '01295c8fc2f5185640030301295c8fc2f5786e40030101e17a14ae47213140030201295c8fc2f5185b40030302000000'
   '000000203d14ae47e17a1c7140030101e17a14ae47213b40030202000000000000103d14ae47e17a0c6040030301f628'
   '5c8fc2f5e83f030101713d0ad7a3904240030202000000000000103d14ae47e17a8c624003030148e17a14aec73e4003'
   '0101713d0ad7a3904740030202000000000000103d14ae47e17a0c6540030301a4703d0ad7634e40030101713d0ad7a3'
   '904c40030202000000000000103d14ae47e17a8c674003030152b81e85ebb15640030101b81e85eb51c850400302018f'
   'c2f5285c8f194003030152b81e85eb315e40030101b81e85eb51485340030201a4703d0ad7633a40030301295c8fc2f5'
   'd86240030101b81e85eb51c8554003020152b81e85eb314740030301295c8fc2f5986640030101b81e85eb5148584003'
   '0201295c8fc2f5985040'),
  ('rfm_summary', 'zero_amount',
   '0101f4890101010000000000000000'),
  ('nps_summary', 'account_rollup',
   '010100000000010201010202'),
  ('nps_summary', 'all_promoters',
   '010000000000000000000102'),
  ('nps_summary', 'docs_survey',
   '010100000000010201010202'),
  ('nps_summary', 'hundred_thousand',
   '0182478347834783478347834783478347834783478347'),
  ('nps_summary', 'single_detractor',
   '010100000000000000000000'),
  ('nps_summary', 'typed_in',
   '010000000000001e001e0028'),
  ('mrr_history', 'annual_cancelled',
   '010002b4fb02c8010ac70102b4fb020ce012ccfb020cdf12'),
  ('mrr_history', 'c101',
   '010202c0fb02c84c06904e02c0fb0201c84cc6fb0201904e'),
  ('mrr_history', 'c102',
   '010202c0fb02d89a0104d79a0102c0fb0201d89a01c4fb0201d79a01'),
  ('mrr_history', 'c103',
   '010201c2fb02f8b60201c2fb020ca0931d'),
  ('mrr_history', 'c104',
   '010203c2fb02c84c02c74c04c84c03c2fb0201c84cc4fb0201c74cc8fb0201c84c'),
  ('mrr_history', 'c105',
   '010203c4fb02f8b901049f1f02d79a0103c4fb0201f8b901c8fb02019f1fcafb0201d79a01'),
  ('mrr_history', 'empty_subscription',
   '01000000'),
  ('mrr_history', 'extreme_dates',
   '010002c3f30602f2daa4430102c3f3060102aee79d430101'),
  ('mrr_history', 'free_then_paid',
   '010001c4fb023201c4fb020132'),
  ('mrr_history', 'gap_reactivation',
   '01010790fb02e8070ae70712e20404e10410e80702e2040ee1040790fb0201e8079afb0201e707acfb0201e204b0fb02'
   '01e104c0fb0201e807c2fb0201e204d0fb0201e104'),
  ('mrr_history', 'huge_amount',
   '010201c0fb02e2b2b8bb9ceec390920201c0fb0201e2b2b8bb9ceec3909202'),
  ('mrr_history', 'quarterly_clamped',
   '010401c0fb02aad82801c0fb0203fe887a'),
  ('mrr_history', 'rollup_c105',
   '010203c4fb02f8b901049f1f02d79a0103c4fb0201f8b901c8fb02019f1fcafb0201d79a01'),
  ('mrr_history', 'same_month',
   '01000002c4fb020114c6fb020113'),
  ('mrr_history', 'three_args',
   '010203c0fb02b41006d20606b31003c0fb0201b410c6fb0201d206ccfb0201b310'),
  ('saas_summary', 'all_histories',
   '010410c3f306a09c01020000000000000000d4ee09c0843d0200000000000000000a000000000000c0843d0200001200'
   '00000000000000d09d250204000000000000d09d250200000480897a0200000000000000000a00000000000080897a02'
   '000002c2eaf1b99e8e82f594d6010a000000000000c0843d020280deae0204d09d250200000000000002e085c1020600'
   '00000080d5b401040000020000c89c4204000000000000020000000080ea30040000a0e83b0202000000000000c0d9f1'
   '010400000200000000d0e80c02000000000400000000d09d250200000000deeb9a43000000000000a09c0102000012c3'
   'f30601a09c0190fb0201c0843d9afb0201bf843dacfb0201d09d25b0fb0201cf9d25b4fb020c80ecb80bc0fb0201d896'
   '86ba9e8e82f594d601c0fb0203fe887ac2fb0201f08561c2fb020c8085e316c4fb0201a0cb9801c6fb0201888236c8fb'
   '0201a0fe0acafb0201bfd9f101ccfb0201cfe80cccfb020cffebb80bd0fb0201cf9d25aee79d43019f9c01'),
  ('saas_summary', 'c104_only',
   '010203c2fb02c84c02000000000000000002000000000000c84c020000040000000000000000c84c0203c2fb0201c84c'
   'c4fb0201c74cc8fb0201c84c'),
  ('saas_summary', 'many_customers',
   '010219a8fb02d2fd0212000000000000000002de95020e000000000000000002d0bb0210000000008e5704000002ecef'
   '010e00000000cc2104000002b2ac020e00000000bc37040000029ab4020e00000000d63f04000002c086020e00000000'
   'c267060000029096021000000000b8ad0108000002caa4020e00000000967e06000002c8ad020e00000000e0a5020c00'
   '0002d8fe010e00000000dadc0108000002c684020e00000000e6a6010800000280de02100000000098bd020c000002f6'
   'f4010c00000000fc8e0108000002e0a5021000000000e493020c000002a2de010c00000000da7808000002e89d010800'
   '000000ceae01080000020000000000009487010c000002000000000000c05706000002000000000000aa88010a000002'
   '000000000000946e06000002000000000000a64f04000002000000000000c05704000002000000000000bc3702000002'
   '000000000000e05d0400002ea8fb0201bccd01a8fb0203c29004aafb0201d0a501aafb0203aad002acfb0201849d01ac'
   'fb0203e4db03aefb0201a43faefb0203fcd901b0fb0201b08601b0fb0203acf902b2fb0201946eb2fb0203deab03b4fb'
   '0201ac66b4fb0203929001b6fb0201db3db6fb0203a69403b8fb0201c865b8fb0203c4c201bafb0201b08601bafb0203'
   '8630bcfb0201ef2ebcfb020393b901befb0201ec0ebefb02038e9f02c0fb02019cae01c0fb0203a846c2fb0201a846c2'
   'fb0203cf8c01c4fb0201839d01c4fb0203d0d701c6fb02018827c6fb0203b0b502c8fb0201d42fc8fb02039b7ccafb02'
   '01938701cafb020381bf01ccfb0201cf0fccfb0203cfd701cefb02039df001d0fb02018f4ed0fb0203dfa801d2fb0201'
   '8740d4fb0203e58d01d6fb0201bb37d6fb0203bf8602d8fb0201df5d'),
  ('saas_summary', 'rollup_segments',
   '010206c0fb02a0e70104000000000000000002c0830304000000000000000002f8b9010200000000a0e7010400000200'
   '00904e020000000000000200000000a01f020000c84c0202000000000000d89a0102000007c0fb0201a0e701c2fb0201'
   'c84cc2fb020ca0931dc4fb0201a72dc6fb0201904ec8fb0201a82dcafb0201d79a01'),
  ('saas_summary', 'sales',
   '010204c2fb02c0830304000000000000000002f8b9010200000000c84c0200000400000000a01f020000c84c02020000'
   '00000000d89a0102000005c2fb0201c84cc2fb020ca0931dc4fb0201b06dc8fb0201a82dcafb0201d79a01'),
  ('saas_summary', 'self_serve',
   '010203c0fb02a0e70104000000000000000004000000000000d89a01020000020000904e0200000000000003c0fb0201'
   'a0e701c4fb0201d79a01c6fb0201904e'),
  ('saas_summary', 'walkthrough',
   '010206c0fb02a0e70104000000000000000002c0830304000000000000000002f8b9010200000000a0e7010400000200'
   '00904e020000000000000200000000a01f020000c84c0202000000000000d89a0102000007c0fb0201a0e701c2fb0201'
   'c84cc2fb020ca0931dc4fb0201a72dc6fb0201904ec8fb0201a82dcafb0201d79a01'),
  ('bgnbd_model', 'cdnow_fit',
   '01aa063ecd480dcf3f6faf1cd174a71140d1b5dbbe525fe93f4b358664f167034001a6c7c47836b7c2c000000000006a'
   'a240f80707010000000000000000'),
  ('bgnbd_model', 'cdnow_penalized',
   '01532903bf4a13cf3f3ae77b2d019f1140eadfa6f88be6df3f0f302ad0012cf53f013d3ff86480b8c2c000000000006a'
   'a240f8070601fca9f1d24d62503f'),
  ('bgnbd_model', 'published',
   '01b4c876be9f1acf3f0e2db29defa71140c74b37894160e93f9cc420b072680340000000000000000000000000000000'
   '0000000000'),
  ('bgnbd_model', 'typed_in_full',
   '01000000000000e03f0000000000000040000000000000f83f000000000000084001000000000000f8bf000000000000'
   '24400400000000000000000000'),
  ('pareto_nbd_model', 'cdnow_fit',
   '0196ebd0676db4e13fd8f226e5ba272540dbbf03a61766e33f667cbef7f2552740012e8abba97cbdc2c000000000006a'
   'a240f8078a02010000000000000000'),
  ('pareto_nbd_model', 'cdnow_penalized',
   '0134a1eb1f74b4e13f8a80b1d4bd272540eefca9fea465e33f09e0e276115527400190ecbba97cbdc2c000000000006a'
   'a240f8078b0201fca9f1d24d62503f'),
  ('pareto_nbd_model', 'published',
   '011904560e2db2e13f0e2db29def2725403108ac1c5a64e33f4a0c022b87562740000000000000000000000000000000'
   '0000000000'),
  ('gamma_gamma_model', 'cdnow_fit',
   '014b960ffec5fe1840e89f71d4eaf40d4059515c633fe52e4001e0555fb3d8afafc00000000000908d40f10507010000'
   '000000000000'),
  ('gamma_gamma_model', 'cdnow_penalized',
   '014f64b3e0e9a51f40e7bdc0051693034030fb660298d61c4001ff1a4fc15ee2afc00000000000908d40f1050501fca9'
   'f1d24d62503f'),
  ('gamma_gamma_model', 'published',
   '010000000000001940ec51b81e85eb0d40e17a14ae47e12e400000000000000000000000000000000000000000');
SELECT type_name, count(*) AS stored_values FROM stored GROUP BY type_name ORDER BY type_name;

-- usage_summary: as_of '2024-03-31' where an accessor needs one.
SELECT label,
       v::text = e.txt AS text_0_1_0,
       e.txt::usage_summary::bytea = bin AS text_to_bytes,
       events(v) IS NOT DISTINCT FROM e.events::bigint AS events,
       total_quantity(v) IS NOT DISTINCT FROM e.total_quantity::float8 AS total_quantity,
       first_seen(v) IS NOT DISTINCT FROM e.first_seen::date AS first_seen,
       last_seen(v) IS NOT DISTINCT FROM e.last_seen::date AS last_seen,
       active_days(v) IS NOT DISTINCT FROM e.active_days::int AS active_days,
       active_days(v, '2024-01-01', '2024-03-31') IS NOT DISTINCT FROM e.active_days_q1::int AS active_days_q1,
       active_periods(v, 'week') IS NOT DISTINCT FROM e.active_weeks::int AS active_weeks,
       active_periods(v, 'month') IS NOT DISTINCT FROM e.active_months::int AS active_months,
       feature_breadth(v) IS NOT DISTINCT FROM e.feature_breadth::int AS feature_breadth,
       feature_events(v, 'search') IS NOT DISTINCT FROM e.search_events::bigint AS search_events,
       usage_intensity(v) IS NOT DISTINCT FROM e.intensity::float8 AS intensity,
       usage_frequency(v, '2024-03-31', 28) IS NOT DISTINCT FROM e.frequency::float8 AS frequency,
       recency_days(v, '2024-03-31') IS NOT DISTINCT FROM e.recency::int AS recency,
       tenure_days(v, '2024-03-31') IS NOT DISTINCT FROM e.tenure::int AS tenure,
       frequency_class(v, '2024-03-31') IS NOT DISTINCT FROM e.frequency_class::text AS frequency_class,
       usage_trend(v, '2024-03-31') IS NOT DISTINCT FROM e.trend::float8 AS trend,
       lifecycle_status(v, '2024-03-31') IS NOT DISTINCT FROM e.lifecycle::text AS lifecycle,
       (SELECT array_agg(p ORDER BY p) FROM activity_periods(v, 'month') p WHERE p BETWEEN '2023-01-01' AND '2024-12-31') IS NOT DISTINCT FROM e.months::date[] AS months,
       f.features IS NOT DISTINCT FROM e.features::text[] AS features,
       f.events IS NOT DISTINCT FROM e.feature_events::bigint[] AS feature_events,
       f.quantity IS NOT DISTINCT FROM e.feature_quantity::float8[] AS feature_quantity,
       f.active_days IS NOT DISTINCT FROM e.feature_days::int[] AS feature_days,
       f.first_seen IS NOT DISTINCT FROM e.feature_first::date[] AS feature_first,
       f.last_seen IS NOT DISTINCT FROM e.feature_last::date[] AS feature_last
FROM (SELECT label, decode(hex, 'hex') AS bin, decode(hex, 'hex')::usage_summary AS v
      FROM stored WHERE type_name = 'usage_summary') s
CROSS JOIN LATERAL (
  SELECT array_agg(feature ORDER BY feature) AS features, array_agg(events ORDER BY feature) AS events,
         array_agg(quantity ORDER BY feature) AS quantity, array_agg(active_days ORDER BY feature) AS active_days,
         array_agg(first_seen ORDER BY feature) AS first_seen, array_agg(last_seen ORDER BY feature) AS last_seen
  FROM feature_usage(v)) f
JOIN (VALUES
  ('account_rollup',
   '{"days":["2023-12-31/2024-01-01","2024-01-03","2024-01-15","2024-02-10"],"events":6,'
   '"features":{"api":{"days":["2024-01-15"],"events":1,"quantity":10.0},'
   '"export":{"days":["2024-01-01"],"events":1,"quantity":1.0},'
   '"search":{"days":["2023-12-31/2024-01-01","2024-01-03"],"events":3,"quantity":6.5}},'
   '"quantity":18.5,"version":1}',
    '6', '18.5', '2023-12-31', '2024-02-10', '5', '4', '4', '3', '3', '3', '3.7', '0', '50', '91',
    'lapsed', '-1', 'dormant', '{2023-12-01,2024-01-01,2024-02-01}', '{api,export,search}',
    '{1,1,3}', '{10,1,6.5}', '{1,1,3}', '{2024-01-15,2024-01-01,2023-12-31}',
    '{2024-01-15,2024-01-01,2024-01-03}'),
  ('daily_march',
   '{"days":["2024-02-20","2024-03-01/2024-03-31","2024-04-02"],"events":33,'
   '"features":{"api":{"days":["2024-02-20","2024-04-02"],"events":2,"quantity":5.0},'
   '"search":{"days":["2024-03-01/2024-03-31"],"events":31,"quantity":31.0}},"quantity":36.0,'
   '"version":1}',
    '33', '36', '2024-02-20', '2024-04-02', '33', '32', '7', '3', '2', '31', '1.0909090909090908',
    '1', '0', '40', 'daily', '6', 'returning', '{2024-02-01,2024-03-01,2024-04-01}', '{api,search}',
    '{2,31}', '{5,31}', '{2,31}', '{2024-02-20,2024-03-01}', '{2024-04-02,2024-03-31}'),
  ('default_quantity',
   '{"days":["2024-02-28/2024-03-01","2024-03-10"],"events":5,"features":{},"quantity":5.0,'
   '"version":1}',
    '5', '5', '2024-02-28', '2024-03-10', '4', '4', '2', '2', '0', '0', '1.25',
    '0.03571428571428571', '21', '32', 'monthly', '-0.6666666666666666', 'returning',
    '{2024-02-01,2024-03-01}', NULL, NULL, NULL, NULL, NULL, NULL),
  ('docs_user1',
   '{"days":["2024-01-01","2024-01-03","2024-02-10"],"events":4,'
   '"features":{"export":{"days":["2024-01-01"],"events":1,"quantity":1.0},'
   '"search":{"days":["2024-01-01","2024-01-03"],"events":2,"quantity":6.5}},"quantity":8.5,'
   '"version":1}',
    '4', '8.5', '2024-01-01', '2024-02-10', '3', '3', '2', '2', '2', '2', '2.8333333333333335', '0',
    '50', '90', 'lapsed', '-1', 'dormant', '{2024-01-01,2024-02-01}', '{export,search}', '{1,2}',
    '{1,6.5}', '{1,2}', '{2024-01-01,2024-01-01}', '{2024-01-01,2024-01-03}'),
  ('docs_user2',
   '{"days":["2024-01-15"],"events":1,"features":{"api":{"days":["2024-01-15"],"events":1,'
   '"quantity":10.0}},"quantity":10.0,"version":1}',
    '1', '10', '2024-01-15', '2024-01-15', '1', '1', '1', '1', '1', '0', '10', '0', '76', '76',
    'lapsed', NULL, 'lapsed', '{2024-01-01}', '{api}', '{1}', '{10}', '{1}', '{2024-01-15}',
    '{2024-01-15}'),
  ('exact_partials',
   '{"days":["2024-01-01/2024-01-02"],"events":3,'
   '"features":{"search":{"days":["2024-01-01/2024-01-02"],"events":2,"quantity":[1.0,1e+16]}},'
   '"quantity":[2.7755575615628914e-17,-0.9,1.0000000000000002e+16],"version":1}',
    '3', '1.0000000000000002e+16', '2024-01-01', '2024-01-02', '2', '2', '1', '1', '1', '2',
    '5.000000000000001e+15', '0', '89', '90', 'lapsed', NULL, 'lapsed', '{2024-01-01}', '{search}',
    '{2}', '{1e+16}', '{2}', '{2024-01-01}', '{2024-01-02}'),
  ('extreme_dates',
   '{"days":["-4713-11-24","0000-01-01","1900-02-28","2000-02-29","5874897-12-31"],"events":5,'
   '"features":{"export":{"days":["0000-01-01","5874897-12-31"],"events":2,"quantity":7.0},'
   '"search":{"days":["-4713-11-24","2000-02-29"],"events":2,"quantity":5.0}},"quantity":15.0,'
   '"version":1}',
    '5', '15', '4714-11-24 BC', '5874897-12-31', '5', '0', '5', '5', '2', '2', '3', '0', '8797',
    '2460401', 'lapsed', NULL, 'lapsed', NULL, '{export,search}', '{2,2}', '{7,5}', '{2,2}',
    '{"0001-01-01 BC","4714-11-24 BC"}', '{5874897-12-31,2000-02-29}'),
  ('from_timestamptz',
   '{"days":["2024-02-29/2024-03-01","2024-03-10"],"events":3,'
   '"features":{"search":{"days":["2024-02-29/2024-03-01"],"events":2,"quantity":3.0}},'
   '"quantity":3.5,"version":1}',
    '3', '3.5', '2024-02-29', '2024-03-10', '3', '3', '2', '2', '1', '2', '1.1666666666666667',
    '0.03571428571428571', '21', '31', 'monthly', '-0.5', 'returning', '{2024-02-01,2024-03-01}',
    '{search}', '{2}', '{3}', '{2}', '{2024-02-29}', '{2024-03-01}'),
  ('many_months_gaps',
   '{"days":["2023-01-01/2023-01-07","2023-01-09","2023-01-18","2023-01-27","2023-02-01/2023-02-07",'
   '"2023-02-09","2023-02-18","2023-02-27","2023-03-01/2023-03-07","2023-03-09","2023-03-18",'
   '"2023-03-27","2023-05-01/2023-05-07","2023-05-09","2023-05-18","2023-05-27",'
   '"2023-06-01/2023-06-07","2023-06-09","2023-06-18","2023-06-27","2023-07-01/2023-07-07",'
   '"2023-07-09","2023-07-18","2023-07-27","2023-09-01/2023-09-07","2023-09-09","2023-09-18",'
   '"2023-09-27","2023-10-01/2023-10-07","2023-10-09","2023-10-18","2023-10-27",'
   '"2023-11-01/2023-11-07","2023-11-09","2023-11-18","2023-11-27","2024-01-01/2024-01-07",'
   '"2024-01-09","2024-01-18","2024-01-27","2024-02-01/2024-02-07","2024-02-09","2024-02-18",'
   '"2024-02-27","2024-03-01/2024-03-07","2024-03-09","2024-03-18","2024-03-27",'
   '"2024-05-01/2024-05-07","2024-05-09","2024-05-18","2024-05-27","2024-06-01/2024-06-07",'
   '"2024-06-09","2024-06-18","2024-06-27","2024-07-01/2024-07-07","2024-07-09","2024-07-18",'
   '"2024-07-27","2024-09-01/2024-09-07","2024-09-09","2024-09-18","2024-09-27",'
   '"2024-10-01/2024-10-07","2024-10-09","2024-10-18","2024-10-27","2024-11-01/2024-11-07",'
   '"2024-11-09","2024-11-18","2024-11-27"],"events":213,"features":{"admin":{"days":["2023-01-03",'
   '"2023-01-18","2023-02-02","2023-02-07","2023-02-27","2023-03-04","2023-03-09","2023-05-03",'
   '"2023-05-18","2023-06-02","2023-06-07","2023-06-27","2023-07-02","2023-07-07","2023-07-27",'
   '"2023-09-05","2023-10-05","2023-11-04","2023-11-09","2024-01-03","2024-01-18","2024-02-02",'
   '"2024-02-07","2024-02-27","2024-03-03","2024-03-18","2024-05-02","2024-05-07","2024-05-27",'
   '"2024-06-01","2024-06-06","2024-07-01","2024-07-06","2024-09-04","2024-09-09","2024-10-04",'
   '"2024-10-09","2024-11-03","2024-11-18"],"events":39,"quantity":31.0},'
   '"api":{"days":["2023-01-02","2023-01-07","2023-01-27","2023-02-01","2023-02-06","2023-03-03",'
   '"2023-03-18","2023-05-02","2023-05-07","2023-05-27","2023-06-01","2023-06-06","2023-07-01",'
   '"2023-07-06","2023-09-04","2023-09-09","2023-10-04","2023-10-09","2023-11-03","2023-11-18",'
   '"2024-01-02","2024-01-07","2024-01-27","2024-02-01","2024-02-06","2024-03-02","2024-03-07",'
   '"2024-03-27","2024-05-01","2024-05-06","2024-06-05","2024-07-05","2024-09-03","2024-09-18",'
   '"2024-10-03","2024-10-18","2024-11-02","2024-11-07","2024-11-27"],"events":39,"quantity":29.25},'
   '"export":{"days":["2023-01-01","2023-01-06","2023-02-05","2023-03-02","2023-03-07","2023-03-27",'
   '"2023-05-01","2023-05-06","2023-06-05","2023-07-05","2023-09-03","2023-09-18","2023-10-03",'
   '"2023-10-18","2023-11-02","2023-11-07","2023-11-27","2024-01-01","2024-01-06","2024-02-05",'
   '"2024-03-01","2024-03-06","2024-05-05","2024-06-04","2024-06-09","2024-07-04","2024-07-09",'
   '"2024-09-02","2024-09-07","2024-09-27","2024-10-02","2024-10-07","2024-10-27","2024-11-01",'
   '"2024-11-06"],"events":35,"quantity":23.5},"report":{"days":["2023-01-05","2023-02-04",'
   '"2023-02-09","2023-03-01","2023-03-06","2023-05-05","2023-06-04","2023-06-09","2023-07-04",'
   '"2023-07-09","2023-09-02","2023-09-07","2023-09-27","2023-10-02","2023-10-07","2023-10-27",'
   '"2023-11-01","2023-11-06","2024-01-05","2024-02-04","2024-02-09","2024-03-05","2024-05-04",'
   '"2024-05-09","2024-06-03","2024-06-18","2024-07-03","2024-07-18","2024-09-01","2024-09-06",'
   '"2024-10-01","2024-10-06","2024-11-05"],"events":33,"quantity":49.5},'
   '"search":{"days":["2023-01-05","2023-02-04","2023-02-09","2023-03-01","2023-03-06","2023-05-05",'
   '"2023-06-04","2023-06-09","2023-07-04","2023-07-09","2023-09-02","2023-09-07","2023-09-27",'
   '"2023-10-02","2023-10-07","2023-10-27","2023-11-01","2023-11-06","2024-01-05","2024-02-04",'
   '"2024-02-09","2024-03-05","2024-05-04","2024-05-09","2024-06-03","2024-06-18","2024-07-03",'
   '"2024-07-18","2024-09-01","2024-09-06","2024-10-01","2024-10-06","2024-11-05"],"events":33,'
   '"quantity":24.25}},"quantity":184.75,"version":1}',
    '213', '184.75', '2023-01-01', '2024-11-27', '180', '30', '70', '18', '5', '33',
    '1.0263888888888888', '0.25', '4', '455', 'weekly', '-0.2222222222222222', 'returning',
    '{2023-01-01,2023-02-01,2023-03-01,2023-05-01,2023-06-01,2023-07-01,2023-09-01,2023-10-01,'
    '2023-11-01,2024-01-01,2024-02-01,2024-03-01,2024-05-01,2024-06-01,2024-07-01,2024-09-01,'
    '2024-10-01,2024-11-01}',
    '{admin,api,export,report,search}', '{39,39,35,33,33}', '{31,29.25,23.5,49.5,24.25}',
    '{39,39,35,33,33}', '{2023-01-03,2023-01-02,2023-01-01,2023-01-05,2023-01-05}',
    '{2024-11-18,2024-11-27,2024-11-06,2024-11-05,2024-11-05}'),
  ('null_feature_only',
   '{"days":["2024-03-05"],"events":1,"features":{},"quantity":2.0,"version":1}',
    '1', '2', '2024-03-05', '2024-03-05', '1', '1', '1', '1', '0', '0', '2', '0.03571428571428571',
    '26', '26', 'monthly', NULL, 'new', '{2024-03-01}', NULL, NULL, NULL, NULL, NULL, NULL),
  ('tenth_sums',
   '{"days":["2024-03-30"],"events":10,"features":{"search":{"days":["2024-03-30"],"events":10,'
   '"quantity":[5.551115123125783e-17,1.0]}},"quantity":[5.551115123125783e-17,1.0],"version":1}',
    '10', '1', '2024-03-30', '2024-03-30', '1', '1', '1', '1', '1', '10', '1',
    '0.03571428571428571', '1', '1', 'monthly', NULL, 'new', '{2024-03-01}', '{search}', '{10}',
    '{1}', '{1}', '{2024-03-30}', '{2024-03-30}'),
  ('twenty_features',
   '{"days":["2024-03-01/2024-03-10"],"events":20,"features":{"f01":{"days":["2024-03-02"],'
   '"events":1,"quantity":1.0},"f02":{"days":["2024-03-03"],"events":1,"quantity":2.0},'
   '"f03":{"days":["2024-03-04"],"events":1,"quantity":3.0},"f04":{"days":["2024-03-05"],"events":1,'
   '"quantity":4.0},"f05":{"days":["2024-03-06"],"events":1,"quantity":5.0},'
   '"f06":{"days":["2024-03-07"],"events":1,"quantity":6.0},"f07":{"days":["2024-03-08"],"events":1,'
   '"quantity":7.0},"f08":{"days":["2024-03-09"],"events":1,"quantity":8.0},'
   '"f09":{"days":["2024-03-10"],"events":1,"quantity":9.0},"f10":{"days":["2024-03-01"],"events":1,'
   '"quantity":10.0},"f11":{"days":["2024-03-02"],"events":1,"quantity":11.0},'
   '"f12":{"days":["2024-03-03"],"events":1,"quantity":12.0},"f13":{"days":["2024-03-04"],'
   '"events":1,"quantity":13.0},"f14":{"days":["2024-03-05"],"events":1,"quantity":14.0},'
   '"f15":{"days":["2024-03-06"],"events":1,"quantity":15.0},"f16":{"days":["2024-03-07"],'
   '"events":1,"quantity":16.0},"f17":{"days":["2024-03-08"],"events":1,"quantity":17.0},'
   '"f18":{"days":["2024-03-09"],"events":1,"quantity":18.0},"f19":{"days":["2024-03-10"],'
   '"events":1,"quantity":19.0},"f20":{"days":["2024-03-01"],"events":1,"quantity":20.0}},'
   '"quantity":210.0,"version":1}',
    '20', '210', '2024-03-01', '2024-03-10', '10', '10', '2', '1', '20', '0', '21', '0.25', '21',
    '30', 'monthly', '1.3333333333333333', 'new', '{2024-03-01}',
    '{f01,f02,f03,f04,f05,f06,f07,f08,f09,f10,f11,f12,f13,f14,f15,f16,f17,f18,f19,f20}',
    '{1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1}',
    '{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20}',
    '{1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1}',
    '{2024-03-02,2024-03-03,2024-03-04,2024-03-05,2024-03-06,2024-03-07,2024-03-08,2024-03-09,'
    '2024-03-10,2024-03-01,2024-03-02,2024-03-03,2024-03-04,2024-03-05,2024-03-06,2024-03-07,'
    '2024-03-08,2024-03-09,2024-03-10,2024-03-01}',
    '{2024-03-02,2024-03-03,2024-03-04,2024-03-05,2024-03-06,2024-03-07,2024-03-08,2024-03-09,'
    '2024-03-10,2024-03-01,2024-03-02,2024-03-03,2024-03-04,2024-03-05,2024-03-06,2024-03-07,'
    '2024-03-08,2024-03-09,2024-03-10,2024-03-01}'),
  ('zero_quantity',
   '{"days":["2023-12-31"],"events":1,"features":{"search":{"days":["2023-12-31"],"events":1,'
   '"quantity":0.0}},"quantity":0.0,"version":1}',
    '1', '0', '2023-12-31', '2023-12-31', '1', '0', '1', '1', '1', '1', '0', '0', '91', '91',
    'lapsed', NULL, 'lapsed', '{2023-12-01}', '{search}', '{1}', '{0}', '{1}', '{2023-12-31}',
    '{2023-12-31}')
) AS e(label, txt, events, total_quantity, first_seen, last_seen, active_days, active_days_q1, active_weeks, active_months, feature_breadth, search_events, intensity, frequency, recency, tenure, frequency_class, trend, lifecycle, months, features, feature_events, feature_quantity, feature_days, feature_first, feature_last) USING (label)
ORDER BY label;

-- rfm_summary: as_of '2024-03-31' where an accessor needs one.
SELECT label,
       v::text = e.txt AS text_0_1_0,
       e.txt::rfm_summary::bytea = bin AS text_to_bytes,
       purchase_count(v) IS NOT DISTINCT FROM e.purchase_count::bigint AS purchase_count,
       purchase_days(v) IS NOT DISTINCT FROM e.purchase_days::bigint AS purchase_days,
       monetary_total(v) IS NOT DISTINCT FROM e.monetary_total::float8 AS monetary_total,
       monetary_mean(v) IS NOT DISTINCT FROM e.monetary_mean::float8 AS monetary_mean,
       first_purchase(v) IS NOT DISTINCT FROM e.first_purchase::date AS first_purchase,
       last_purchase(v) IS NOT DISTINCT FROM e.last_purchase::date AS last_purchase,
       recency_days(v, '2024-03-31') IS NOT DISTINCT FROM e.recency::int AS recency,
       purchase_count(v, '2024-02-15') IS NOT DISTINCT FROM e.count_feb15::bigint AS count_feb15,
       purchase_days(v, '2024-02-15') IS NOT DISTINCT FROM e.days_feb15::bigint AS days_feb15,
       monetary_total(v, '2024-02-15') IS NOT DISTINCT FROM e.total_feb15::float8 AS total_feb15,
       monetary_mean(v, '2024-02-15') IS NOT DISTINCT FROM e.mean_feb15::float8 AS mean_feb15,
       btyd_frequency(v, '2024-03-31') IS NOT DISTINCT FROM e.x_day::bigint AS x_day,
       btyd_recency(v, '2024-03-31') IS NOT DISTINCT FROM e.t_x_day::bigint AS t_x_day,
       btyd_age(v, '2024-03-31') IS NOT DISTINCT FROM e.age_day::bigint AS age_day,
       btyd_monetary(v, '2024-03-31') IS NOT DISTINCT FROM e.monetary_day::float8 AS monetary_day,
       btyd_frequency(v, '2024-03-31', 'week') IS NOT DISTINCT FROM e.x_week::bigint AS x_week,
       btyd_recency(v, '2024-03-31', 'week') IS NOT DISTINCT FROM e.t_x_week::bigint AS t_x_week,
       btyd_age(v, '2024-03-31', 'week') IS NOT DISTINCT FROM e.age_week::bigint AS age_week,
       btyd_monetary(v, '2024-03-31', 'week') IS NOT DISTINCT FROM e.monetary_week::float8 AS monetary_week,
       btyd_frequency(v, '2024-03-31', 'month') IS NOT DISTINCT FROM e.x_month::bigint AS x_month,
       btyd_monetary(v, '2024-03-31', 'month') IS NOT DISTINCT FROM e.monetary_month::float8 AS monetary_month,
       buyer_type(v, '2024-03-31') IS NOT DISTINCT FROM e.buyer_type::text AS buyer_type
FROM (SELECT label, decode(hex, 'hex') AS bin, decode(hex, 'hex')::rfm_summary AS v
      FROM stored WHERE type_name = 'rfm_summary') s
JOIN (VALUES
  ('account_rollup',
   '{"days":[["2024-01-01",2,15.0],["2024-01-03",1,20.0],["2024-01-09",1,7.5],["2024-01-31",1,1.0],'
   '["2024-02-01",1,2.0],["2024-02-05",1,4.0],["2024-02-15",1,12.25],["2024-02-29",1,100.0],'
   '["2024-03-31",1,30.0],["2024-04-10",1,8.0]],"version":1}',
    '11', '10', '199.75', '18.15909090909091', '2024-01-01', '2024-04-10', '0', '8', '7', '61.75',
    '7.71875', '8', '90', '90', '22.09375', '6', '12', '12', '26.125', '2', '74.125', 'frequent'),
  ('docs_a',
   '{"days":[["2024-01-01",2,15.0],["2024-01-03",1,20.0],["2024-01-09",1,7.5],["2024-02-15",1,'
   '12.25],["2024-03-31",1,30.0]],"version":1}',
    '6', '5', '84.75', '14.125', '2024-01-01', '2024-03-31', '0', '5', '4', '54.75', '10.95', '4',
    '90', '90', '17.4375', '3', '12', '12', '16.583333333333332', '2', '21.125', 'frequent'),
  ('docs_b',
   '{"days":[["2024-02-29",1,100.0]],"version":1}',
    '1', '1', '100', '100', '2024-02-29', '2024-02-29', '31', '0', '0', '0', NULL, '0', '0', '31',
    '0', '0', '0', '4', '0', '0', '0', 'one_time'),
  ('docs_c',
   '{"days":[["2024-01-31",1,1.0],["2024-02-01",1,2.0],["2024-02-05",1,4.0],["2024-04-10",1,8.0]],'
   '"version":1}',
    '4', '4', '15', '3.75', '2024-01-31', '2024-04-10', '55', '3', '3', '7', '2.3333333333333335',
    '2', '5', '60', '3', '1', '1', '8', '4', '1', '6', 'occasional'),
  ('exact_partials',
   '{"days":[["2024-01-01",2,[1.0,1e+16]],["2024-02-01",2,[1e-300,1e+100]]],"version":1}',
    '4', '2', '1e+100', '2.5e+99', '2024-01-01', '2024-02-01', '59', '4', '2', '1e+100', '2.5e+99',
    '1', '31', '90', '1e+100', '1', '4', '12', '1e+100', '1', '1e+100', 'occasional'),
  ('extreme_dates',
   '{"days":[["-4713-11-24",1,1.5],["2024-02-29",1,2.5],["5874897-12-31",1,3.5]],"version":1}',
    '3', '3', '7.5', '2.5', '4714-11-24 BC', '5874897-12-31', '31', '1', '1', '1.5', '1.5', '1',
    '2460370', '2460401', '2.5', '1', '351481', '351485', '2.5', '1', '2.5', 'occasional'),
  ('from_timestamptz',
   '{"days":[["2024-02-29",1,19.99],["2024-03-01",1,5.01],["2024-03-15",1,42.0]],"version":1}',
    '3', '3', '67', '22.333333333333332', '2024-02-29', '2024-03-15', '16', '0', '0', '0', NULL,
    '2', '15', '31', '23.505', '1', '2', '4', '42', '1', '47.01', 'occasional'),
  ('tenth_sums',
   '{"days":[["2024-01-05",2,[-2.7755575615628914e-17,0.30000000000000004]],["2024-03-30",10,'
   '[5.551115123125783e-17,1.0]]],"version":1}',
    '12', '2', '1.3', '0.10833333333333334', '2024-01-05', '2024-03-30', '1', '2', '1',
    '0.30000000000000004', '0.15000000000000002', '1', '85', '86', '1', '1', '12', '12', '1', '1',
    '1', 'occasional'),
  ('year_of_orders',
   '{"days":[["2023-01-01",1,0.13],["2023-01-04",2,74.39],["2023-01-07",3,222.78],["2023-01-10",1,'
   '10.13],["2023-01-13",2,94.39],["2023-01-16",3,252.78],["2023-01-19",1,20.13],["2023-01-22",2,'
   '114.39],["2023-01-25",3,[2.842170943040401e-14,282.78]],["2023-01-28",1,30.13],["2023-01-31",2,'
   '[1.4210854715202004e-14,134.39]],["2023-02-03",3,[4.440892098500626e-16,9.78]],["2023-02-06",1,'
   '40.13],["2023-02-09",2,[1.4210854715202004e-14,154.39]],["2023-02-12",3,39.78],["2023-02-15",1,'
   '50.13],["2023-02-18",2,[1.4210854715202004e-14,174.39]],["2023-02-21",3,69.78],["2023-02-24",1,'
   '60.13],["2023-02-27",2,[1.4210854715202004e-14,194.39]],["2023-03-02",3,99.78],["2023-03-05",1,'
   '70.13],["2023-03-08",2,[-8.881784197001252e-16,12.39]],["2023-03-11",3,129.78],["2023-03-14",1,'
   '80.13],["2023-03-17",2,32.39],["2023-03-20",3,159.78],["2023-03-23",1,90.13],["2023-03-26",2,'
   '52.39],["2023-03-29",3,189.78],["2023-04-01",1,100.13],["2023-04-04",2,72.39],["2023-04-07",3,'
   '219.78],["2023-04-10",1,9.13],["2023-04-13",2,92.39],["2023-04-16",3,249.78],["2023-04-19",1,'
   '19.13],["2023-04-22",2,112.39],["2023-04-25",3,[2.842170943040401e-14,279.78]],["2023-04-28",1,'
   '29.13],["2023-05-01",2,[1.4210854715202004e-14,132.39]],["2023-05-04",3,[4.440892098500626e-16,'
   '6.779999999999999]],["2023-05-07",1,39.13],["2023-05-10",2,[1.4210854715202004e-14,152.39]],'
   '["2023-05-13",3,36.78],["2023-05-16",1,49.13],["2023-05-19",2,[1.4210854715202004e-14,172.39]],'
   '["2023-05-22",3,66.78],["2023-05-25",1,59.13],["2023-05-28",2,[1.4210854715202004e-14,192.39]],'
   '["2023-05-31",3,96.78],["2023-06-03",1,69.13],["2023-06-06",2,[-8.881784197001252e-16,10.39]],'
   '["2023-06-09",3,126.78],["2023-06-12",1,79.13],["2023-06-15",2,30.39],["2023-06-18",3,156.78],'
   '["2023-06-21",1,89.13],["2023-06-24",2,50.39],["2023-06-27",3,186.78],["2023-06-30",1,99.13],'
   '["2023-07-03",2,70.39],["2023-07-06",3,216.78],["2023-07-09",1,8.13],["2023-07-12",2,90.39],'
   '["2023-07-15",3,246.78],["2023-07-18",1,18.13],["2023-07-21",2,110.39],["2023-07-24",3,'
   '[2.842170943040401e-14,276.78]],["2023-07-27",1,28.13],["2023-07-30",2,[1.4210854715202004e-14,'
   '130.39]],["2023-08-02",3,3.78],["2023-08-05",1,38.13],["2023-08-08",2,[1.4210854715202004e-14,'
   '150.39]],["2023-08-11",3,33.78],["2023-08-14",1,48.13],["2023-08-17",2,[1.4210854715202004e-14,'
   '170.39]],["2023-08-20",3,63.78],["2023-08-23",1,58.13],["2023-08-26",2,[1.4210854715202004e-14,'
   '190.39]],["2023-08-29",3,93.78],["2023-09-01",1,68.13],["2023-09-04",2,[-8.881784197001252e-16,'
   '8.39]],["2023-09-07",3,123.78],["2023-09-10",1,78.13],["2023-09-13",2,28.39],["2023-09-16",3,'
   '153.78],["2023-09-19",1,88.13],["2023-09-22",2,48.39],["2023-09-25",3,183.78],["2023-09-28",1,'
   '98.13],["2023-10-01",2,68.39],["2023-10-04",3,213.78],["2023-10-07",1,7.13],["2023-10-10",2,'
   '88.39],["2023-10-13",3,243.78],["2023-10-16",1,17.13],["2023-10-19",2,108.39],["2023-10-22",3,'
   '[2.842170943040401e-14,273.78]],["2023-10-25",1,27.13],["2023-10-28",2,[1.4210854715202004e-14,'
   '128.39]],["2023-10-31",3,0.78],["2023-11-03",1,37.13],["2023-11-06",2,[1.4210854715202004e-14,'
   '148.39]],["2023-11-09",3,30.78],["2023-11-12",1,47.13],["2023-11-15",2,[1.4210854715202004e-14,'
   '168.39]],["2023-11-18",3,60.78],["2023-11-21",1,57.13],["2023-11-24",2,[1.4210854715202004e-14,'
   '188.39]],["2023-11-27",3,90.78],["2023-11-30",1,67.13],["2023-12-03",2,6.39],["2023-12-06",3,'
   '120.78],["2023-12-09",1,77.13],["2023-12-12",2,26.39],["2023-12-15",3,150.78],["2023-12-18",1,'
   '87.13],["2023-12-21",2,46.39],["2023-12-24",3,180.78],["2023-12-27",1,97.13],["2023-12-30",2,'
   '66.39]],"version":1}',
    '243', '122', '11890.52', '48.93218106995885', '2023-01-01', '2023-12-30', '92', '243', '122',
    '11890.52', '48.93218106995885', '121', '363', '455', '98.26768595041322', '52', '52', '65',
    '228.66134615384615', '11', '968.5545454545455', 'frequent'),
  ('zero_amount',
   '{"days":[["2024-03-01",1,0.0]],"version":1}',
    '1', '1', '0', '0', '2024-03-01', '2024-03-01', '30', '0', '0', '0', NULL, '0', '0', '30', '0',
    '0', '0', '4', '0', '0', '0', 'one_time')
) AS e(label, txt, purchase_count, purchase_days, monetary_total, monetary_mean, first_purchase, last_purchase, recency, count_feb15, days_feb15, total_feb15, mean_feb15, x_day, t_x_day, age_day, monetary_day, x_week, t_x_week, age_week, monetary_week, x_month, monetary_month, buyer_type) USING (label)
ORDER BY label;

-- nps_summary
SELECT label,
       v::text = e.txt AS text_0_1_0,
       e.txt::nps_summary::bytea = bin AS text_to_bytes,
       promoters(v) IS NOT DISTINCT FROM e.promoters::bigint AS promoters,
       passives(v) IS NOT DISTINCT FROM e.passives::bigint AS passives,
       detractors(v) IS NOT DISTINCT FROM e.detractors::bigint AS detractors,
       responses(v) IS NOT DISTINCT FROM e.responses::bigint AS responses,
       nps(v) IS NOT DISTINCT FROM e.nps::float8 AS nps,
       abs(nps_margin(v) - e.margin_95::float8) <= 1e-12 * abs(e.margin_95::float8) AS margin_95,
       abs(nps_margin(v, 0.9) - e.margin_90::float8) <= 1e-12 * abs(e.margin_90::float8) AS margin_90
FROM (SELECT label, decode(hex, 'hex') AS bin, decode(hex, 'hex')::nps_summary AS v
      FROM stored WHERE type_name = 'nps_summary') s
JOIN (VALUES
  ('account_rollup',
   '{"version":1,"scores":[1,0,0,0,0,1,2,1,1,2,2]}',
    '4', '2', '4', '10', '0', '55.436152973987106', '46.52348614706693'),
  ('all_promoters',
   '{"version":1,"scores":[0,0,0,0,0,0,0,0,0,1,2]}',
    '3', '0', '0', '3', '100', '0', '0'),
  ('docs_survey',
   '{"version":1,"scores":[1,0,0,0,0,1,2,1,1,2,2]}',
    '4', '2', '4', '10', '0', '55.436152973987106', '46.52348614706693'),
  ('hundred_thousand',
   '{"version":1,"scores":[9090,9091,9091,9091,9091,9091,9091,9091,9091,9091,9091]}',
    '18182', '18182', '63636', '100000', '-45.454', '0.4846992869162253', '0.4067724643685423'),
  ('single_detractor',
   '{"version":1,"scores":[1,0,0,0,0,0,0,0,0,0,0]}',
    '0', '0', '1', '1', '-100', '0', '0'),
  ('typed_in',
   '{"version":1,"scores":[0,0,0,0,0,0,30,0,30,0,40]}',
    '40', '30', '30', '100', '10', '16.2806836044404', '13.66318038864244')
) AS e(label, txt, promoters, passives, detractors, responses, nps, margin_95, margin_90) USING (label)
ORDER BY label;

-- mrr_history
SELECT label,
       v::text = e.txt AS text_0_1_0,
       e.txt::mrr_history::bytea = bin AS text_to_bytes,
       mrr_at(v, '2023-09-01')::text IS NOT DISTINCT FROM e.mrr_2023_09::text AS mrr_2023_09,
       mrr_at(v, '2024-01-15')::text IS NOT DISTINCT FROM e.mrr_2024_01::text AS mrr_2024_01,
       mrr_at(v, '2024-03-31')::text IS NOT DISTINCT FROM e.mrr_2024_03::text AS mrr_2024_03,
       mrr_at(v, '2024-06-01')::text IS NOT DISTINCT FROM e.mrr_2024_06::text AS mrr_2024_06,
       mv.months IS NOT DISTINCT FROM e.movement_months::date[] AS movement_months,
       mv.mrr IS NOT DISTINCT FROM e.movement_mrr::text[] AS movement_mrr,
       mv.change IS NOT DISTINCT FROM e.movement_change::text[] AS movement_change,
       mv.category IS NOT DISTINCT FROM e.movement_category::text[] AS movement_category,
       c.months IS NOT DISTINCT FROM e.cash_months::date[] AS cash_months,
       c.cash IS NOT DISTINCT FROM e.cash::text[] AS cash
FROM (SELECT label, decode(hex, 'hex') AS bin, decode(hex, 'hex')::mrr_history AS v
      FROM stored WHERE type_name = 'mrr_history') s
CROSS JOIN LATERAL (
  SELECT array_agg(month ORDER BY month) AS months, array_agg(mrr::text ORDER BY month) AS mrr,
         array_agg(change::text ORDER BY month) AS change, array_agg(category ORDER BY month) AS category
  FROM mrr_movements(v, '2024-12-31') WHERE month >= '2022-01-01') mv
CROSS JOIN LATERAL (
  SELECT array_agg(month ORDER BY month) AS months, array_agg(cash_collected::text ORDER BY month) AS cash
  FROM saas_metrics((SELECT saas_agg(h) FROM (VALUES (v)) one(h)), '2024-12-31') WHERE month >= '2022-01-01') c
JOIN (VALUES
  ('annual_cancelled',
   '{"cash":[["2023-07-01",12,"1200"],["2024-07-01",12,"-1200"]],"mrr":[["2023-07-01","100"],'
   '["2023-12-01","0"]],"scale":0,"version":1}',
    '100', '0', '0', '0', '{2023-07-01,2023-08-01,2023-09-01,2023-10-01,2023-11-01,2023-12-01}',
    '{100,100,100,100,100,0}', '{100,0,0,0,0,-100}', '{new,NULL,NULL,NULL,NULL,churn}',
    '{2023-07-01,2023-08-01,2023-09-01,2023-10-01,2023-11-01,2023-12-01,2024-01-01,2024-02-01,'
    '2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,2024-09-01,2024-10-01,'
    '2024-11-01,2024-12-01}',
    '{1200,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0}'),
  ('c101',
   '{"cash":[["2024-01-01",1,"49.00"],["2024-04-01",1,"50.00"]],"mrr":[["2024-01-01","49.00"],'
   '["2024-04-01","99.00"]],"scale":2,"version":1}',
    '0.00', '49.00', '49.00', '99.00',
    '{2024-01-01,2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,'
    '2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{49.00,49.00,49.00,99.00,99.00,99.00,99.00,99.00,99.00,99.00,99.00,99.00}',
    '{49.00,0.00,0.00,50.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{new,NULL,NULL,expansion,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}',
    '{2024-01-01,2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,'
    '2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{49.00,49.00,49.00,99.00,99.00,99.00,99.00,99.00,99.00,99.00,99.00,99.00}'),
  ('c102',
   '{"cash":[["2024-01-01",1,"99.00"],["2024-03-01",1,"-99.00"]],"mrr":[["2024-01-01","99.00"],'
   '["2024-03-01","0.00"]],"scale":2,"version":1}',
    '0.00', '99.00', '0.00', '0.00', '{2024-01-01,2024-02-01,2024-03-01}', '{99.00,99.00,0.00}',
    '{99.00,0.00,-99.00}', '{new,NULL,churn}',
    '{2024-01-01,2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,'
    '2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{99.00,99.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}'),
  ('c103',
   '{"cash":[["2024-02-01",12,"2388.00"]],"mrr":[["2024-02-01","199.00"]],"scale":2,"version":1}',
    '0.00', '0.00', '199.00', '199.00',
    '{2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,2024-09-01,'
    '2024-10-01,2024-11-01,2024-12-01}',
    '{199.00,199.00,199.00,199.00,199.00,199.00,199.00,199.00,199.00,199.00,199.00}',
    '{199.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{new,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}',
    '{2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,2024-09-01,'
    '2024-10-01,2024-11-01,2024-12-01}',
    '{2388.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}'),
  ('c104',
   '{"cash":[["2024-02-01",1,"49.00"],["2024-03-01",1,"-49.00"],["2024-05-01",1,"49.00"]],'
   '"mrr":[["2024-02-01","49.00"],["2024-03-01","0.00"],["2024-05-01","49.00"]],"scale":2,'
   '"version":1}',
    '0.00', '0.00', '0.00', '49.00',
    '{2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,2024-09-01,'
    '2024-10-01,2024-11-01,2024-12-01}',
    '{49.00,0.00,0.00,49.00,49.00,49.00,49.00,49.00,49.00,49.00,49.00}',
    '{49.00,-49.00,0.00,49.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{new,churn,NULL,reactivation,NULL,NULL,NULL,NULL,NULL,NULL,NULL}',
    '{2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,2024-09-01,'
    '2024-10-01,2024-11-01,2024-12-01}',
    '{49.00,0.00,0.00,49.00,49.00,49.00,49.00,49.00,49.00,49.00,49.00}'),
  ('c105',
   '{"cash":[["2024-03-01",1,"119.00"],["2024-05-01",1,"-20.00"],["2024-06-01",1,"-99.00"]],'
   '"mrr":[["2024-03-01","119.00"],["2024-05-01","99.00"],["2024-06-01","0.00"]],"scale":2,'
   '"version":1}',
    '0.00', '0.00', '119.00', '0.00', '{2024-03-01,2024-04-01,2024-05-01,2024-06-01}',
    '{119.00,119.00,99.00,0.00}', '{119.00,0.00,-20.00,-99.00}', '{new,NULL,contraction,churn}',
    '{2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,2024-09-01,2024-10-01,'
    '2024-11-01,2024-12-01}',
    '{119.00,119.00,99.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}'),
  ('empty_subscription',
   '{"cash":[],"mrr":[],"scale":0,"version":1}',
    '0', '0', '0', '0', NULL, NULL, NULL, NULL, NULL, NULL),
  ('extreme_dates',
   '{"cash":[["-4713-11-01",1,"1"],["5874897-12-01",1,"-1"]],"mrr":[["-4713-11-01","1"],'
   '["5874897-12-01","0"]],"scale":0,"version":1}',
    '1', '1', '1', '1',
    '{2022-01-01,2022-02-01,2022-03-01,2022-04-01,2022-05-01,2022-06-01,2022-07-01,2022-08-01,'
    '2022-09-01,2022-10-01,2022-11-01,2022-12-01,2023-01-01,2023-02-01,2023-03-01,2023-04-01,'
    '2023-05-01,2023-06-01,2023-07-01,2023-08-01,2023-09-01,2023-10-01,2023-11-01,2023-12-01,'
    '2024-01-01,2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,'
    '2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1}',
    '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0}',
    '{NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'
    'NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}',
    '{2022-01-01,2022-02-01,2022-03-01,2022-04-01,2022-05-01,2022-06-01,2022-07-01,2022-08-01,'
    '2022-09-01,2022-10-01,2022-11-01,2022-12-01,2023-01-01,2023-02-01,2023-03-01,2023-04-01,'
    '2023-05-01,2023-06-01,2023-07-01,2023-08-01,2023-09-01,2023-10-01,2023-11-01,2023-12-01,'
    '2024-01-01,2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,'
    '2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1}'),
  ('free_then_paid',
   '{"cash":[["2024-03-01",1,"25"]],"mrr":[["2024-03-01","25"]],"scale":0,"version":1}',
    '0', '0', '25', '25',
    '{2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,2024-09-01,2024-10-01,'
    '2024-11-01,2024-12-01}',
    '{25,25,25,25,25,25,25,25,25,25}', '{25,0,0,0,0,0,0,0,0,0}',
    '{new,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}',
    '{2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,2024-09-01,2024-10-01,'
    '2024-11-01,2024-12-01}',
    '{25,25,25,25,25,25,25,25,25,25}'),
  ('gap_reactivation',
   '{"cash":[["2022-01-01",1,"50.0"],["2022-06-01",1,"-50.0"],["2023-03-01",1,"30.5"],["2023-05-01",'
   '1,"-30.5"],["2024-01-01",1,"50.0"],["2024-02-01",1,"30.5"],["2024-09-01",1,"-30.5"]],'
   '"mrr":[["2022-01-01","50.0"],["2022-06-01","0.0"],["2023-03-01","30.5"],["2023-05-01","0.0"],'
   '["2024-01-01","50.0"],["2024-02-01","80.5"],["2024-09-01","50.0"]],"scale":1,"version":1}',
    '0.0', '50.0', '80.5', '80.5',
    '{2022-01-01,2022-02-01,2022-03-01,2022-04-01,2022-05-01,2022-06-01,2022-07-01,2022-08-01,'
    '2022-09-01,2022-10-01,2022-11-01,2022-12-01,2023-01-01,2023-02-01,2023-03-01,2023-04-01,'
    '2023-05-01,2023-06-01,2023-07-01,2023-08-01,2023-09-01,2023-10-01,2023-11-01,2023-12-01,'
    '2024-01-01,2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,'
    '2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{50.0,50.0,50.0,50.0,50.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,30.5,30.5,0.0,0.0,0.0,0.0,0.0,0.0,'
    '0.0,0.0,50.0,80.5,80.5,80.5,80.5,80.5,80.5,80.5,50.0,50.0,50.0,50.0}',
    '{50.0,0.0,0.0,0.0,0.0,-50.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,30.5,0.0,-30.5,0.0,0.0,0.0,0.0,0.0,'
    '0.0,0.0,50.0,30.5,0.0,0.0,0.0,0.0,0.0,0.0,-30.5,0.0,0.0,0.0}',
    '{new,NULL,NULL,NULL,NULL,churn,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,reactivation,NULL,churn,'
    'NULL,NULL,NULL,NULL,NULL,NULL,NULL,reactivation,expansion,NULL,NULL,NULL,NULL,NULL,NULL,'
    'contraction,NULL,NULL,NULL}',
    '{2022-01-01,2022-02-01,2022-03-01,2022-04-01,2022-05-01,2022-06-01,2022-07-01,2022-08-01,'
    '2022-09-01,2022-10-01,2022-11-01,2022-12-01,2023-01-01,2023-02-01,2023-03-01,2023-04-01,'
    '2023-05-01,2023-06-01,2023-07-01,2023-08-01,2023-09-01,2023-10-01,2023-11-01,2023-12-01,'
    '2024-01-01,2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,'
    '2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{50.0,50.0,50.0,50.0,50.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,30.5,30.5,0.0,0.0,0.0,0.0,0.0,0.0,'
    '0.0,0.0,50.0,80.5,80.5,80.5,80.5,80.5,80.5,80.5,50.0,50.0,50.0,50.0}'),
  ('huge_amount',
   '{"cash":[["2024-01-01",1,"98765432109876543.21"]],"mrr":[["2024-01-01","98765432109876543.21"]],'
   '"scale":2,"version":1}',
    '0.00', '98765432109876543.21', '98765432109876543.21', '98765432109876543.21',
    '{2024-01-01,2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,'
    '2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{98765432109876543.21,98765432109876543.21,98765432109876543.21,98765432109876543.21,'
    '98765432109876543.21,98765432109876543.21,98765432109876543.21,98765432109876543.21,'
    '98765432109876543.21,98765432109876543.21,98765432109876543.21,98765432109876543.21}',
    '{98765432109876543.21,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{new,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}',
    '{2024-01-01,2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,'
    '2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{98765432109876543.21,98765432109876543.21,98765432109876543.21,98765432109876543.21,'
    '98765432109876543.21,98765432109876543.21,98765432109876543.21,98765432109876543.21,'
    '98765432109876543.21,98765432109876543.21,98765432109876543.21,98765432109876543.21}'),
  ('quarterly_clamped',
   '{"cash":[["2024-01-01",3,"99.9999"]],"mrr":[["2024-01-01","33.3333"]],"scale":4,"version":1}',
    '0.0000', '33.3333', '33.3333', '33.3333',
    '{2024-01-01,2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,'
    '2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{33.3333,33.3333,33.3333,33.3333,33.3333,33.3333,33.3333,33.3333,33.3333,33.3333,33.3333,'
    '33.3333}',
    '{33.3333,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000}',
    '{new,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}',
    '{2024-01-01,2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,'
    '2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{99.9999,0.0000,0.0000,99.9999,0.0000,0.0000,99.9999,0.0000,0.0000,99.9999,0.0000,0.0000}'),
  ('rollup_c105',
   '{"cash":[["2024-03-01",1,"119.00"],["2024-05-01",1,"-20.00"],["2024-06-01",1,"-99.00"]],'
   '"mrr":[["2024-03-01","119.00"],["2024-05-01","99.00"],["2024-06-01","0.00"]],"scale":2,'
   '"version":1}',
    '0.00', '0.00', '119.00', '0.00', '{2024-03-01,2024-04-01,2024-05-01,2024-06-01}',
    '{119.00,119.00,99.00,0.00}', '{119.00,0.00,-20.00,-99.00}', '{new,NULL,contraction,churn}',
    '{2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,2024-09-01,2024-10-01,'
    '2024-11-01,2024-12-01}',
    '{119.00,119.00,99.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}'),
  ('same_month',
   '{"cash":[["2024-03-01",1,"10"],["2024-04-01",1,"-10"]],"mrr":[],"scale":0,"version":1}',
    '0', '0', '0', '0', NULL, NULL, NULL, NULL,
    '{2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,2024-09-01,2024-10-01,'
    '2024-11-01,2024-12-01}',
    '{10,0,0,0,0,0,0,0,0,0}'),
  ('three_args',
   '{"cash":[["2024-01-01",1,"10.50"],["2024-04-01",1,"4.25"],["2024-07-01",1,"-10.50"]],'
   '"mrr":[["2024-01-01","10.50"],["2024-04-01","14.75"],["2024-07-01","4.25"]],"scale":2,'
   '"version":1}',
    '0.00', '10.50', '10.50', '14.75',
    '{2024-01-01,2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,'
    '2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{10.50,10.50,10.50,14.75,14.75,14.75,4.25,4.25,4.25,4.25,4.25,4.25}',
    '{10.50,0.00,0.00,4.25,0.00,0.00,-10.50,0.00,0.00,0.00,0.00,0.00}',
    '{new,NULL,NULL,expansion,NULL,NULL,contraction,NULL,NULL,NULL,NULL,NULL}',
    '{2024-01-01,2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,'
    '2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{10.50,10.50,10.50,14.75,14.75,14.75,4.25,4.25,4.25,4.25,4.25,4.25}')
) AS e(label, txt, mrr_2023_09, mrr_2024_01, mrr_2024_03, mrr_2024_06, movement_months, movement_mrr, movement_change, movement_category, cash_months, cash) USING (label)
ORDER BY label;

-- saas_summary
SELECT label,
       v::text = e.txt AS text_0_1_0,
       e.txt::saas_summary::bytea = bin AS text_to_bytes,
       m.months IS NOT DISTINCT FROM e.months::date[] AS months,
       m.mrr IS NOT DISTINCT FROM e.mrr::text[] AS mrr,
       m.customers IS NOT DISTINCT FROM e.customers::bigint[] AS customers,
       m.new_mrr IS NOT DISTINCT FROM e.new_mrr::text[] AS new_mrr,
       m.expansion_mrr IS NOT DISTINCT FROM e.expansion_mrr::text[] AS expansion_mrr,
       m.contraction_mrr IS NOT DISTINCT FROM e.contraction_mrr::text[] AS contraction_mrr,
       m.churned_mrr IS NOT DISTINCT FROM e.churned_mrr::text[] AS churned_mrr,
       m.reactivation_mrr IS NOT DISTINCT FROM e.reactivation_mrr::text[] AS reactivation_mrr,
       m.churned_customers IS NOT DISTINCT FROM e.churned_customers::bigint[] AS churned_customers,
       m.nrr IS NOT DISTINCT FROM e.nrr::float8[] AS nrr,
       m.logo_churn IS NOT DISTINCT FROM e.logo_churn::float8[] AS logo_churn,
       m.quick_ratio IS NOT DISTINCT FROM e.quick_ratio::float8[] AS quick_ratio,
       m.arpa IS NOT DISTINCT FROM e.arpa::text[] AS arpa,
       m.cash IS NOT DISTINCT FROM e.cash::text[] AS cash
FROM (SELECT label, decode(hex, 'hex') AS bin, decode(hex, 'hex')::saas_summary AS v
      FROM stored WHERE type_name = 'saas_summary') s
CROSS JOIN LATERAL (
  SELECT array_agg(month ORDER BY month) AS months,
         array_agg(mrr::text ORDER BY month) AS mrr,
         array_agg(customers ORDER BY month) AS customers,
         array_agg(new_mrr::text ORDER BY month) AS new_mrr,
         array_agg(expansion_mrr::text ORDER BY month) AS expansion_mrr,
         array_agg(contraction_mrr::text ORDER BY month) AS contraction_mrr,
         array_agg(churned_mrr::text ORDER BY month) AS churned_mrr,
         array_agg(reactivation_mrr::text ORDER BY month) AS reactivation_mrr,
         array_agg(churned_customers ORDER BY month) AS churned_customers,
         array_agg(nrr ORDER BY month) AS nrr,
         array_agg(logo_churn_rate ORDER BY month) AS logo_churn,
         array_agg(quick_ratio ORDER BY month) AS quick_ratio,
         array_agg(arpa::text ORDER BY month) AS arpa,
         array_agg(cash_collected::text ORDER BY month) AS cash
  FROM saas_metrics(v, '2024-12-31') WHERE month >= '2022-01-01') m
JOIN (VALUES
  ('all_histories',
   '{"cash":[["-4713-11-01",1,"1.0000"],["2022-01-01",1,"50.0000"],["2022-06-01",1,"-50.0000"],'
   '["2023-03-01",1,"30.5000"],["2023-05-01",1,"-30.5000"],["2023-07-01",12,"1200.0000"],'
   '["2024-01-01",1,"98765432109876751.7100"],["2024-01-01",3,"99.9999"],["2024-02-01",1,"79.5000"],'
   '["2024-02-01",12,"2388.0000"],["2024-03-01",1,"125.0000"],["2024-04-01",1,"44.2500"],'
   '["2024-05-01",1,"9.0000"],["2024-06-01",1,"-198.0000"],["2024-07-01",1,"-10.5000"],'
   '["2024-07-01",12,"-1200.0000"],["2024-09-01",1,"-30.5000"],["5874897-12-01",1,"-1.0000"]],'
   '"months":[{"month":"-4713-11-01","new":["1.0000",1]},{"month":"2022-01-01","new":["50.0000",1]},'
   '{"churn":["50.0000",1],"month":"2022-06-01"},{"month":"2023-03-01","reactivation":["30.5000",'
   '1]},{"churn":["30.5000",1],"month":"2023-05-01"},{"month":"2023-07-01","new":["100.0000",1]},'
   '{"churn":["100.0000",1],"month":"2023-12-01"},{"month":"2024-01-01",'
   '"new":["98765432109876735.0433",5],"reactivation":["50.0000",1]},{"expansion":["30.5000",1],'
   '"month":"2024-02-01","new":["248.0000",2]},{"churn":["148.0000",2],"month":"2024-03-01",'
   '"new":["263.0000",3]},{"expansion":["54.2500",2],"month":"2024-04-01"},'
   '{"contraction":["40.0000",2],"month":"2024-05-01","reactivation":["49.0000",1]},'
   '{"churn":["198.0000",2],"month":"2024-06-01"},{"contraction":["10.5000",1],'
   '"month":"2024-07-01"},{"contraction":["30.5000",1],"month":"2024-09-01"},{"churn":["1.0000",1],'
   '"month":"5874897-12-01"}],"scale":4,"version":1}',
    '{2022-01-01,2022-02-01,2022-03-01,2022-04-01,2022-05-01,2022-06-01,2022-07-01,2022-08-01,'
    '2022-09-01,2022-10-01,2022-11-01,2022-12-01,2023-01-01,2023-02-01,2023-03-01,2023-04-01,'
    '2023-05-01,2023-06-01,2023-07-01,2023-08-01,2023-09-01,2023-10-01,2023-11-01,2023-12-01,'
    '2024-01-01,2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,'
    '2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{51.0000,51.0000,51.0000,51.0000,51.0000,1.0000,1.0000,1.0000,1.0000,1.0000,1.0000,1.0000,'
    '1.0000,1.0000,31.5000,31.5000,1.0000,1.0000,101.0000,101.0000,101.0000,101.0000,101.0000,1.0000,'
    '98765432109876786.0433,98765432109877064.5433,98765432109877179.5433,98765432109877233.7933,'
    '98765432109877242.7933,98765432109877044.7933,98765432109877034.2933,98765432109877034.2933,'
    '98765432109877003.7933,98765432109877003.7933,98765432109877003.7933,98765432109877003.7933}',
    '{2,2,2,2,2,1,1,1,1,1,1,1,1,1,2,2,1,1,2,2,2,2,2,1,7,9,10,10,11,9,9,9,9,9,9,9}',
    '{50.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,'
    '0.0000,0.0000,0.0000,0.0000,0.0000,100.0000,0.0000,0.0000,0.0000,0.0000,0.0000,'
    '98765432109876735.0433,248.0000,263.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,'
    '0.0000,0.0000}',
    '{0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,'
    '0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,30.5000,'
    '0.0000,54.2500,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000}',
    '{0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,'
    '0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,'
    '0.0000,0.0000,40.0000,0.0000,10.5000,0.0000,30.5000,0.0000,0.0000,0.0000}',
    '{0.0000,0.0000,0.0000,0.0000,0.0000,50.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,'
    '0.0000,0.0000,0.0000,30.5000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,100.0000,0.0000,0.0000,'
    '148.0000,0.0000,0.0000,198.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000}',
    '{0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,'
    '0.0000,30.5000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,50.0000,0.0000,'
    '0.0000,0.0000,49.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000}',
    '{0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,1,0,0,2,0,0,2,0,0,0,0,0,0}',
    '{1,1,1,1,1,0.0196078431372549,1,1,1,1,1,1,1,1,1,1,0.031746031746031744,1,1,1,1,1,1,'
    '0.009900990099009901,1,1.0000000000000002,0.9999999999999983,1.0000000000000004,'
    '0.9999999999999997,0.9999999999999979,1,1,0.9999999999999997,1,1,1}',
    '{0,0,0,0,0,0.5,0,0,0,0,0,0,0,0,0,0,0.5,0,0,0,0,0,0,0.5,0,0,0.2222222222222222,0,0,'
    '0.18181818181818182,0,0,0,0,0,0}',
    '{NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,'
    'NULL,NULL,NULL,0,NULL,NULL,1.777027027027027,NULL,1.225,0,0,NULL,0,NULL,NULL,NULL}',
    '{25.5,25.5,25.5,25.5,25.5,1,1,1,1,1,1,1,1,1,15.75,15.75,1,1,50.5,50.5,50.5,50.5,50.5,1,'
    '14109347444268112.2919,10973936901097451.6159,9876543210987717.9543,9876543210987723.3793,'
    '8978675646352476.6176,10973936901097449.4215,10973936901097448.2548,10973936901097448.2548,'
    '10973936901097444.8659,10973936901097444.8659,10973936901097444.8659,10973936901097444.8659}',
    '{51.0000,51.0000,51.0000,51.0000,51.0000,1.0000,1.0000,1.0000,1.0000,1.0000,1.0000,1.0000,'
    '1.0000,1.0000,31.5000,31.5000,1.0000,1.0000,1201.0000,1.0000,1.0000,1.0000,1.0000,1.0000,'
    '98765432109876852.7099,98765432109879220.2100,98765432109876957.2100,98765432109877101.4599,'
    '98765432109877010.4600,98765432109876812.4600,98765432109876901.9599,98765432109876801.9600,'
    '98765432109876771.4600,98765432109876871.4599,98765432109876771.4600,98765432109876771.4600}'),
  ('c104_only',
   '{"cash":[["2024-02-01",1,"49.00"],["2024-03-01",1,"-49.00"],["2024-05-01",1,"49.00"]],'
   '"months":[{"month":"2024-02-01","new":["49.00",1]},{"churn":["49.00",1],"month":"2024-03-01"},'
   '{"month":"2024-05-01","reactivation":["49.00",1]}],"scale":2,"version":1}',
    '{2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,2024-09-01,'
    '2024-10-01,2024-11-01,2024-12-01}',
    '{49.00,0.00,0.00,49.00,49.00,49.00,49.00,49.00,49.00,49.00,49.00}', '{1,0,0,1,1,1,1,1,1,1,1}',
    '{49.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,49.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,0.00,49.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}', '{0,1,0,0,0,0,0,0,0,0,0}',
    '{NULL,0,NULL,NULL,1,1,1,1,1,1,1}', '{NULL,1,NULL,NULL,0,0,0,0,0,0,0}',
    '{NULL,0,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}',
    '{49,NULL,NULL,49,49,49,49,49,49,49,49}',
    '{49.00,0.00,0.00,49.00,49.00,49.00,49.00,49.00,49.00,49.00,49.00}'),
  ('many_customers',
   '{"cash":[["2023-01-01",1,"131.50"],["2023-01-01",3,"338.25"],["2023-02-01",1,"106.00"],'
   '["2023-02-01",3,"215.25"],["2023-03-01",1,"100.50"],["2023-03-01",3,"304.50"],["2023-04-01",1,'
   '"40.50"],["2023-04-01",3,"139.50"],["2023-05-01",1,"86.00"],["2023-05-01",3,"241.50"],'
   '["2023-06-01",1,"70.50"],["2023-06-01",3,"273.75"],["2023-07-01",1,"65.50"],["2023-07-01",3,'
   '"92.25"],["2023-08-01",1,"-39.50"],["2023-08-01",3,"258.75"],["2023-09-01",1,"65.00"],'
   '["2023-09-01",3,"124.50"],["2023-10-01",1,"86.00"],["2023-10-01",3,"30.75"],["2023-11-01",1,'
   '"-30.00"],["2023-11-01",3,"-118.50"],["2023-12-01",1,"9.50"],["2023-12-01",3,"183.75"],'
   '["2024-01-01",1,"111.50"],["2024-01-01",3,"45.00"],["2024-02-01",1,"45.00"],["2024-02-01",3,'
   '"-90.00"],["2024-03-01",1,"-100.50"],["2024-03-01",3,"138.00"],["2024-04-01",1,"25.00"],'
   '["2024-04-01",3,"198.00"],["2024-05-01",1,"30.50"],["2024-05-01",3,"-79.50"],["2024-06-01",1,'
   '"-86.50"],["2024-06-01",3,"-122.25"],["2024-07-01",1,"-10.00"],["2024-07-01",3,"-138.00"],'
   '["2024-08-01",3,"-153.75"],["2024-09-01",1,"-50.00"],["2024-09-01",3,"-108.00"],["2024-10-01",1,'
   '"-41.00"],["2024-11-01",3,"-90.75"],["2024-12-01",1,"-35.50"],["2024-12-01",3,"-168.00"],'
   '["2025-01-01",1,"-60.00"]],"months":[{"month":"2023-01-01","new":["244.25",9]},'
   '{"month":"2023-02-01","new":["177.75",7]},{"churn":["55.75",2],"month":"2023-03-01",'
   '"new":["202.00",8]},{"churn":["21.50",2],"month":"2023-04-01","new":["153.50",7]},'
   '{"churn":["35.50",2],"month":"2023-05-01","new":["192.25",7]},{"churn":["40.75",2],'
   '"month":"2023-06-01","new":["197.25",7]},{"churn":["66.25",3],"month":"2023-07-01",'
   '"new":["168.00",7]},{"churn":["111.00",4],"month":"2023-08-01","new":["178.00",8]},'
   '{"churn":["80.75",3],"month":"2023-09-01","new":["187.25",7]},{"churn":["188.00",6],'
   '"month":"2023-10-01","new":["193.00",7]},{"churn":["141.25",4],"month":"2023-11-01",'
   '"new":["163.00",7]},{"churn":["106.75",4],"month":"2023-12-01","new":["166.75",7]},'
   '{"churn":["203.00",6],"month":"2024-01-01","new":["224.00",8]},{"churn":["91.50",4],'
   '"month":"2024-02-01","new":["156.75",6]},{"churn":["176.50",6],"month":"2024-03-01",'
   '"new":["188.00",8]},{"churn":["77.25",4],"month":"2024-04-01","new":["142.25",6]},'
   '{"churn":["111.75",4],"month":"2024-05-01","new":["101.00",4]},{"churn":["86.50",6],'
   '"month":"2024-06-01"},{"churn":["56.00",3],"month":"2024-07-01"},{"churn":["87.25",5],'
   '"month":"2024-08-01"},{"churn":["70.50",3],"month":"2024-09-01"},{"churn":["50.75",2],'
   '"month":"2024-10-01"},{"churn":["56.00",2],"month":"2024-11-01"},{"churn":["35.50",1],'
   '"month":"2024-12-01"},{"churn":["60.00",2],"month":"2025-01-01"}],"scale":2,"version":1}',
    '{2023-01-01,2023-02-01,2023-03-01,2023-04-01,2023-05-01,2023-06-01,2023-07-01,2023-08-01,'
    '2023-09-01,2023-10-01,2023-11-01,2023-12-01,2024-01-01,2024-02-01,2024-03-01,2024-04-01,'
    '2024-05-01,2024-06-01,2024-07-01,2024-08-01,2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{244.25,422.00,568.25,700.25,857.00,1013.50,1115.25,1182.25,1288.75,1293.75,1315.50,1375.50,'
    '1396.50,1461.75,1473.25,1538.25,1527.50,1441.00,1385.00,1297.75,1227.25,1176.50,1120.50,'
    '1085.00}',
    '{9,16,22,27,32,37,41,45,49,50,53,56,58,60,62,64,64,58,55,50,47,45,43,42}',
    '{244.25,177.75,202.00,153.50,192.25,197.25,168.00,178.00,187.25,193.00,163.00,166.75,224.00,'
    '156.75,188.00,142.25,101.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,'
    '0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,'
    '0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,55.75,21.50,35.50,40.75,66.25,111.00,80.75,188.00,141.25,106.75,203.00,91.50,176.50,'
    '77.25,111.75,86.50,56.00,87.25,70.50,50.75,56.00,35.50}',
    '{0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,'
    '0.00,0.00,0.00,0.00,0.00}',
    '{0,0,2,2,2,2,3,4,3,6,4,4,6,4,6,4,4,6,3,5,3,2,2,1}',
    '{NULL,1,0.8678909952606635,0.9621645402551694,0.9493038200642627,0.9524504084014003,'
    '0.9346324617661569,0.9004707464694015,0.9316980334108691,0.8541222114451988,0.8908212560386474,'
    '0.9188521474724439,0.8524173027989822,0.9344790547798066,0.879254318453908,0.9475649075173935,'
    '0.9273525109702584,0.9433715220949264,0.9611380985426787,0.9370036101083032,0.9456752070891928,'
    '0.9586473823589325,0.9524011899702507,0.9683177153056671}',
    '{NULL,0,0.125,0.09090909090909091,0.07407407407407407,0.0625,0.08108108108108109,'
    '0.0975609756097561,0.06666666666666667,0.12244897959183673,0.08,0.07547169811320754,'
    '0.10714285714285714,0.06896551724137931,0.1,0.06451612903225806,0.0625,0.09375,'
    '0.05172413793103448,0.09090909090909091,0.06,0.0425531914893617,0.044444444444444446,'
    '0.023255813953488372}',
    '{NULL,NULL,3.623318385650224,7.1395348837209305,5.415492957746479,4.840490797546012,'
    '2.5358490566037735,1.6036036036036037,2.318885448916409,1.0265957446808511,1.1539823008849557,'
    '1.5620608899297423,1.103448275862069,1.7131147540983607,1.065155807365439,1.8414239482200647,'
    '0.9038031319910514,0,0,0,0,0,0,0}',
    '{27.1388888888888889,26.375,25.8295454545454545,25.9351851851851852,26.78125,'
    '27.3918918918918919,27.201219512195122,26.2722222222222222,26.3010204081632653,25.875,'
    '24.8207547169811321,24.5625,24.0775862068965517,24.3625,23.7620967741935484,24.03515625,'
    '23.8671875,24.8448275862068966,25.1818181818181818,25.955,26.1117021276595745,'
    '26.1444444444444444,26.0581395348837209,25.8333333333333333}',
    '{469.75,452.75,642.50,856.25,921.25,1113.25,1170.50,1276.50,1328.75,1312.75,1279.00,1578.00,'
    '1448.75,1355.00,1772.00,1616.25,1230.50,1618.75,1412.25,980.25,1450.75,1321.25,798.50,1206.25}'),
  ('rollup_segments',
   '{"cash":[["2024-01-01",1,"148.00"],["2024-02-01",1,"49.00"],["2024-02-01",12,"2388.00"],'
   '["2024-03-01",1,"-29.00"],["2024-04-01",1,"50.00"],["2024-05-01",1,"29.00"],["2024-06-01",1,'
   '"-99.00"]],"months":[{"month":"2024-01-01","new":["148.00",2]},{"month":"2024-02-01",'
   '"new":["248.00",2]},{"churn":["148.00",2],"month":"2024-03-01","new":["119.00",1]},'
   '{"expansion":["50.00",1],"month":"2024-04-01"},{"contraction":["20.00",1],"month":"2024-05-01",'
   '"reactivation":["49.00",1]},{"churn":["99.00",1],"month":"2024-06-01"}],"scale":2,"version":1}',
    '{2024-01-01,2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,'
    '2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{148.00,396.00,367.00,417.00,446.00,347.00,347.00,347.00,347.00,347.00,347.00,347.00}',
    '{2,4,3,3,4,3,3,3,3,3,3,3}',
    '{148.00,248.00,119.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,0.00,50.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,0.00,0.00,20.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,148.00,0.00,0.00,99.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,0.00,0.00,49.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}', '{0,0,2,0,0,1,0,0,0,0,0,0}',
    '{NULL,1,0.6262626262626263,1.1362397820163488,0.9520383693045563,0.7780269058295964,1,1,1,1,1,1}',
    '{NULL,0,0.5,0,0,0.25,0,0,0,0,0,0}',
    '{NULL,NULL,0.8040540540540541,NULL,2.45,0,NULL,NULL,NULL,NULL,NULL,NULL}',
    '{74,99,122.3333333333333333,139,111.5,115.6666666666666667,115.6666666666666667,'
    '115.6666666666666667,115.6666666666666667,115.6666666666666667,115.6666666666666667,'
    '115.6666666666666667}',
    '{148.00,2585.00,168.00,218.00,247.00,148.00,148.00,148.00,148.00,148.00,148.00,148.00}'),
  ('sales',
   '{"cash":[["2024-02-01",1,"49.00"],["2024-02-01",12,"2388.00"],["2024-03-01",1,"70.00"],'
   '["2024-05-01",1,"29.00"],["2024-06-01",1,"-99.00"]],"months":[{"month":"2024-02-01",'
   '"new":["248.00",2]},{"churn":["49.00",1],"month":"2024-03-01","new":["119.00",1]},'
   '{"contraction":["20.00",1],"month":"2024-05-01","reactivation":["49.00",1]},{"churn":["99.00",'
   '1],"month":"2024-06-01"}],"scale":2,"version":1}',
    '{2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,2024-09-01,'
    '2024-10-01,2024-11-01,2024-12-01}',
    '{248.00,318.00,318.00,347.00,248.00,248.00,248.00,248.00,248.00,248.00,248.00}',
    '{2,2,2,3,2,2,2,2,2,2,2}', '{248.00,119.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,0.00,20.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,49.00,0.00,0.00,99.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,0.00,49.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}', '{0,1,0,0,1,0,0,0,0,0,0}',
    '{NULL,0.8024193548387096,1,0.9371069182389937,0.7146974063400576,1,1,1,1,1,1}',
    '{NULL,0.5,0,0,0.3333333333333333,0,0,0,0,0,0}',
    '{NULL,2.4285714285714284,NULL,2.45,0,NULL,NULL,NULL,NULL,NULL,NULL}',
    '{124,159,159,115.6666666666666667,124,124,124,124,124,124,124}',
    '{2437.00,119.00,119.00,148.00,49.00,49.00,49.00,49.00,49.00,49.00,49.00}'),
  ('self_serve',
   '{"cash":[["2024-01-01",1,"148.00"],["2024-03-01",1,"-99.00"],["2024-04-01",1,"50.00"]],'
   '"months":[{"month":"2024-01-01","new":["148.00",2]},{"churn":["99.00",1],"month":"2024-03-01"},'
   '{"expansion":["50.00",1],"month":"2024-04-01"}],"scale":2,"version":1}',
    '{2024-01-01,2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,'
    '2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{148.00,148.00,49.00,99.00,99.00,99.00,99.00,99.00,99.00,99.00,99.00,99.00}',
    '{2,2,1,1,1,1,1,1,1,1,1,1}', '{148.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,0.00,50.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,99.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}', '{0,0,1,0,0,0,0,0,0,0,0,0}',
    '{NULL,1,0.3310810810810811,2.020408163265306,1,1,1,1,1,1,1,1}',
    '{NULL,0,0.5,0,0,0,0,0,0,0,0,0}', '{NULL,NULL,0,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}',
    '{74,74,49,99,99,99,99,99,99,99,99,99}',
    '{148.00,148.00,49.00,99.00,99.00,99.00,99.00,99.00,99.00,99.00,99.00,99.00}'),
  ('walkthrough',
   '{"cash":[["2024-01-01",1,"148.00"],["2024-02-01",1,"49.00"],["2024-02-01",12,"2388.00"],'
   '["2024-03-01",1,"-29.00"],["2024-04-01",1,"50.00"],["2024-05-01",1,"29.00"],["2024-06-01",1,'
   '"-99.00"]],"months":[{"month":"2024-01-01","new":["148.00",2]},{"month":"2024-02-01",'
   '"new":["248.00",2]},{"churn":["148.00",2],"month":"2024-03-01","new":["119.00",1]},'
   '{"expansion":["50.00",1],"month":"2024-04-01"},{"contraction":["20.00",1],"month":"2024-05-01",'
   '"reactivation":["49.00",1]},{"churn":["99.00",1],"month":"2024-06-01"}],"scale":2,"version":1}',
    '{2024-01-01,2024-02-01,2024-03-01,2024-04-01,2024-05-01,2024-06-01,2024-07-01,2024-08-01,'
    '2024-09-01,2024-10-01,2024-11-01,2024-12-01}',
    '{148.00,396.00,367.00,417.00,446.00,347.00,347.00,347.00,347.00,347.00,347.00,347.00}',
    '{2,4,3,3,4,3,3,3,3,3,3,3}',
    '{148.00,248.00,119.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,0.00,50.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,0.00,0.00,20.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,148.00,0.00,0.00,99.00,0.00,0.00,0.00,0.00,0.00,0.00}',
    '{0.00,0.00,0.00,0.00,49.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}', '{0,0,2,0,0,1,0,0,0,0,0,0}',
    '{NULL,1,0.6262626262626263,1.1362397820163488,0.9520383693045563,0.7780269058295964,1,1,1,1,1,1}',
    '{NULL,0,0.5,0,0,0.25,0,0,0,0,0,0}',
    '{NULL,NULL,0.8040540540540541,NULL,2.45,0,NULL,NULL,NULL,NULL,NULL,NULL}',
    '{74,99,122.3333333333333333,139,111.5,115.6666666666666667,115.6666666666666667,'
    '115.6666666666666667,115.6666666666666667,115.6666666666666667,115.6666666666666667,'
    '115.6666666666666667}',
    '{148.00,2585.00,168.00,218.00,247.00,148.00,148.00,148.00,148.00,148.00,148.00,148.00}')
) AS e(label, txt, months, mrr, customers, new_mrr, expansion_mrr, contraction_mrr, churned_mrr, reactivation_mrr, churned_customers, nrr, logo_churn, quick_ratio, arpa, cash) USING (label)
ORDER BY label;

-- bgnbd_model
SELECT label,
       v::text = e.txt AS text_0_1_0,
       e.txt::bgnbd_model::bytea = bin AS text_to_bytes,
       abs(p_alive(v, 2, 30.43, 38.86) - e.p_alive::float8) <= 1e-12 * abs(e.p_alive::float8) AS p_alive,
       abs(p_alive(v, 10, 35, 38.86) - e.p_alive_x10::float8) <= 1e-12 * abs(e.p_alive_x10::float8) AS p_alive_x10,
       abs(expected_purchases(v, 39, 2, 30.43, 38.86) - e.e39::float8) <= 1e-12 * abs(e.e39::float8) AS e39,
       abs(expected_purchases(v, 39) - e.e39_new::float8) <= 1e-12 * abs(e.e39_new::float8) AS e39_new
FROM (SELECT label, decode(hex, 'hex') AS bin, decode(hex, 'hex')::bgnbd_model AS v
      FROM stored WHERE type_name = 'bgnbd_model') s
JOIN (VALUES
  ('cdnow_fit',
   '{"r":0.24259290715786125,"alpha":4.4135315583952055,"a":0.7928861358356533,'
   '"b":2.4257533887345395,"log_likelihood":-9582.425560567364,"n":2357.0,"distinct":1016,'
   '"iterations":7,"converged":true,"penalizer":0.0}',
    '0.7266091518486398', '0.8469607462215282', '1.225910453772869', '1.1950162988890083'),
  ('cdnow_penalized',
   '{"r":0.24277624441885823,"alpha":4.4052779299616365,"a":0.4984464576950801,'
   '"b":1.3232439166486107,"log_likelihood":-9585.003081351164,"n":2357.0,"distinct":1016,'
   '"iterations":6,"converged":true,"penalizer":0.001}',
    '0.7413830669590931', '0.8882970430842373', '1.2894841740748537', '1.226891909184023'),
  ('published',
   '{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426,"log_likelihood":null,"n":0.0,"distinct":0,'
   '"iterations":0,"converged":false,"penalizer":0.0}',
    '0.726578570080673', '0.8469414075242528', '1.2260281747671373', '1.196723193320822'),
  ('typed_in_full',
   '{"r":0.5,"alpha":2.0,"a":1.5,"b":3.0,"log_likelihood":-1.5,"n":10.0,"distinct":4,"iterations":0,'
   '"converged":false,"penalizer":0.0}',
    '0.5994466660346852', '0.7383650108675353', '1.05178866889994', '2.4918938067247556')
) AS e(label, txt, p_alive, p_alive_x10, e39, e39_new) USING (label)
ORDER BY label;

-- pareto_nbd_model
SELECT label,
       v::text = e.txt AS text_0_1_0,
       e.txt::pareto_nbd_model::bytea = bin AS text_to_bytes,
       abs(p_alive(v, 2, 30.43, 38.86) - e.p_alive::float8) <= 1e-12 * abs(e.p_alive::float8) AS p_alive,
       abs(p_alive(v, 10, 35, 38.86) - e.p_alive_x10::float8) <= 1e-12 * abs(e.p_alive_x10::float8) AS p_alive_x10,
       abs(expected_purchases(v, 39, 2, 30.43, 38.86) - e.e39::float8) <= 1e-12 * abs(e.e39::float8) AS e39,
       abs(expected_purchases(v, 39) - e.e39_new::float8) <= 1e-12 * abs(e.e39_new::float8) AS e39_new
FROM (SELECT label, decode(hex, 'hex') AS bin, decode(hex, 'hex')::pareto_nbd_model AS v
      FROM stored WHERE type_name = 'pareto_nbd_model') s
JOIN (VALUES
  ('cdnow_fit',
   '{"r":0.5532748248727895,"alpha":10.577597771648854,"s":0.6062124483560142,'
   '"beta":11.667869321825673,"log_likelihood":-9594.973929827185,"n":2357.0,"distinct":1016,'
   '"iterations":266,"converged":true,"penalizer":0.0}',
    '0.8691188292578075', '0.927305045387336', '1.4551134804205763', '1.2134079681171543'),
  ('cdnow_penalized',
   '{"r":0.5532780288167829,"alpha":10.577620169322717,"s":0.6061577772051387,'
   '"beta":11.666148867792815,"log_likelihood":-9594.973929872998,"n":2357.0,"distinct":1016,'
   '"iterations":267,"converged":true,"penalizer":0.001}',
    '0.869125150173604', '0.927308830102615', '1.4551414312553603', '1.213410379656392'),
  ('published',
   '{"r":0.553,"alpha":10.578,"s":0.606,"beta":11.669,"log_likelihood":null,"n":0.0,"distinct":0,'
   '"iterations":0,"converged":false,"penalizer":0.0}',
    '0.8691675591530111', '0.9273320883394196', '1.4551231932576019', '1.213002844281016')
) AS e(label, txt, p_alive, p_alive_x10, e39, e39_new) USING (label)
ORDER BY label;

-- gamma_gamma_model
SELECT label,
       v::text = e.txt AS text_0_1_0,
       e.txt::gamma_gamma_model::bytea = bin AS text_to_bytes,
       abs(expected_spend(v, 2, 22.35) - e.spend::float8) <= 1e-12 * abs(e.spend::float8) AS spend,
       abs(expected_spend(v, 0, 1) - e.spend_new::float8) <= 1e-12 * abs(e.spend_new::float8) AS spend_new,
       abs(expected_spend(v, 10, 50) - e.spend_x10::float8) <= 1e-12 * abs(e.spend_x10::float8) AS spend_x10
FROM (SELECT label, decode(hex, 'hex') AS bin, decode(hex, 'hex')::gamma_gamma_model AS v
      FROM stored WHERE type_name = 'gamma_gamma_model') s
JOIN (VALUES
  ('cdnow_fit',
   '{"p":6.248802156163559,"q":3.7445885274100768,"v":15.447749238032587,'
   '"log_likelihood":-4055.923243502839,"n":946.0,"distinct":753,"iterations":7,"converged":true,'
   '"penalizer":0.0}',
    '24.658616321080707', '35.171002058214604', '49.376086629548396'),
  ('cdnow_penalized',
   '{"p":7.912024985264977,"q":2.4468193482823497,"v":7.209564244780992,'
   '"log_likelihood":-4081.1850685806708,"n":946.0,"distinct":753,"iterations":5,"converged":true,'
   '"penalizer":0.001}',
    '23.780491977410705', '39.425967385147466', '49.81011205783864'),
  ('published',
   '{"p":6.25,"q":3.74,"v":15.44,"log_likelihood":null,"n":0.0,"distinct":0,"iterations":0,'
   '"converged":false,"penalizer":0.0}',
    '24.663713910761157', '35.21897810218978', '49.37921520539547')
) AS e(label, txt, spend, spend_new, spend_x10) USING (label)
ORDER BY label;

DROP SCHEMA t_stored_0_1_0 CASCADE;
DROP CAST (bytea AS usage_summary);
DROP CAST (usage_summary AS bytea);
DROP CAST (bytea AS rfm_summary);
DROP CAST (rfm_summary AS bytea);
DROP CAST (bytea AS nps_summary);
DROP CAST (nps_summary AS bytea);
DROP CAST (bytea AS mrr_history);
DROP CAST (mrr_history AS bytea);
DROP CAST (bytea AS saas_summary);
DROP CAST (saas_summary AS bytea);
DROP CAST (bytea AS bgnbd_model);
DROP CAST (bgnbd_model AS bytea);
DROP CAST (bytea AS pareto_nbd_model);
DROP CAST (pareto_nbd_model AS bytea);
DROP CAST (bytea AS gamma_gamma_model);
DROP CAST (gamma_gamma_model AS bytea);
