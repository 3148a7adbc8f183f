-- A second, small read model that only tests have: one row per order event, in a schema of its own.
CREATE SCHEMA IF NOT EXISTS ${activity_schema};

CREATE TABLE ${activity_schema}.order_activity (
    stream     varchar(128) NOT NULL,
    revision   bigint       NOT NULL,
    type       varchar(64)  NOT NULL,
    PRIMARY KEY (stream, revision)
);
