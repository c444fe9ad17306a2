-- 制度衔接 (T3): a transfer-in from the employees' basic pension scheme
-- (城镇职工基本养老保险) with 《衔接申请表》. The old side is an agency of
-- the other scheme, not a deployment of this system: the 《联系函》 is
-- printed and sent by the county, and the county clerk records the
-- agency's 《信息表》 (year by year) when it arrives. `peer` then holds the
-- agency's name.
ALTER TABLE transfers ADD COLUMN scheme TEXT NOT NULL DEFAULT 'resident' CHECK (scheme IN ('resident', 'employee'));
