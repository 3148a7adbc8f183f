-- The progress of each read model's last rebuild, kept where every replica reads it: a rebuild runs on one replica,
-- and an operator behind a load balancer may ask any of them.
CREATE TABLE public.rebuild_progress (
    projection  varchar(128) PRIMARY KEY,
    state       varchar(16)  NOT NULL,
    applied     bigint       NOT NULL,
    -- Events the rebuild could not apply, one per line.
    unapplied   text         NOT NULL,
    failure     text,
    updated_at  timestamptz  NOT NULL
);
