-- §4 (issue 9): an in-app notice is written in both languages when it is
-- made; the reader sees the one their page is in. NULL on notices made
-- before: their Chinese text, fixed terms translated.
ALTER TABLE notifications ADD COLUMN text_mn TEXT;

-- The language of the page a consultation was filed from (zh-CN, mn-Mong):
-- the receipt and the answer are mailed in it. NULL before: Chinese.
ALTER TABLE consultations ADD COLUMN lang TEXT;

-- The Mongolian name of a division (reference data, third column of the
-- divisions files); NULL: shown with its Chinese name.
ALTER TABLE divisions ADD COLUMN name_mn TEXT;
