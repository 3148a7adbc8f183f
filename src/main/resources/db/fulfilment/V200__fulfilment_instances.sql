-- Fulfilment instances as the operators and the deadline poller see them, one row per order, in a schema of their own.
-- ${fulfilment_schema} is the live schema for Flyway; a rebuild runs this same text with another schema name.
CREATE SCHEMA IF NOT EXISTS ${fulfilment_schema};

CREATE TABLE ${fulfilment_schema}.fulfilment_instance (
    order_id       varchar(64)  PRIMARY KEY,
    customer_id    varchar(64)  NOT NULL,
    phase          varchar(32)  NOT NULL,
    deadline_kind  varchar(16),
    deadline_at    timestamptz,
    problem        text,
    -- The step the process would send next; an instance that has one and has not changed for a while is driven on.
    next_step      varchar(80),
    -- The instance's state as of last_revision (the type of its stage and the record), folded by the process's own rules.
    state_type     varchar(32)  NOT NULL,
    state          jsonb        NOT NULL,
    updated_at     timestamptz  NOT NULL,
    last_revision  bigint       NOT NULL
);
CREATE INDEX fulfilment_instance_due ON ${fulfilment_schema}.fulfilment_instance (deadline_at) WHERE deadline_at IS NOT NULL;
CREATE INDEX fulfilment_instance_by_phase ON ${fulfilment_schema}.fulfilment_instance (phase, updated_at);
CREATE INDEX fulfilment_instance_stalled ON ${fulfilment_schema}.fulfilment_instance (updated_at) WHERE next_step IS NOT NULL;
