-- Read models of orders, in their own schema so a rebuild can fill a fresh copy and swap it in.
-- ${schema} is the live schema for Flyway; a rebuild runs this same text with another schema name.
CREATE SCHEMA IF NOT EXISTS ${schema};

CREATE TABLE ${schema}.order_summary (
    order_id       varchar(64) PRIMARY KEY,
    customer_id    varchar(64) NOT NULL,
    status         varchar(16) NOT NULL,
    currency       char(3)     NOT NULL,
    total_minor    bigint      NOT NULL,
    line_count     integer     NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    -- The last revision of order-{id} applied here: what makes every event count exactly once.
    last_revision  bigint      NOT NULL
);
CREATE INDEX order_summary_by_customer ON ${schema}.order_summary (customer_id, created_at DESC, order_id DESC);
CREATE INDEX order_summary_by_status ON ${schema}.order_summary (status, created_at DESC, order_id DESC);
CREATE INDEX order_summary_by_created ON ${schema}.order_summary (created_at DESC, order_id DESC);

CREATE TABLE ${schema}.order_line (
    order_id          varchar(64) NOT NULL REFERENCES ${schema}.order_summary (order_id) ON DELETE CASCADE,
    sku               varchar(64) NOT NULL,
    quantity          integer     NOT NULL,
    unit_price_minor  bigint      NOT NULL,
    PRIMARY KEY (order_id, sku)
);

CREATE TABLE ${schema}.customer_stats (
    customer_id           varchar(64) NOT NULL,
    currency              char(3)     NOT NULL,
    orders_created        integer     NOT NULL,
    orders_placed         integer     NOT NULL,
    orders_paid           integer     NOT NULL,
    orders_cancelled      integer     NOT NULL,
    total_paid_minor      bigint      NOT NULL,
    total_refunded_minor  bigint      NOT NULL,
    PRIMARY KEY (customer_id, currency)
);
