-- Refusals (401, 403) counted per day, route (its pattern in the route
-- table), client address and status (security issue 33, item 13): outside
-- the audit chain, so that a flood of refused calls cannot grow the chain;
-- bounded (`backend::refusals`): past a number of rows a day, new
-- addresses are counted together under '*'.
CREATE TABLE refusals (
    day TEXT NOT NULL,
    route TEXT NOT NULL,
    ip TEXT NOT NULL,
    status INTEGER NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (day, route, ip, status)
);
