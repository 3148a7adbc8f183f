-- The console's operators, added by bin/operator (dev services add the dev accounts the same way). The password is
-- bcrypt in modular crypt form ($2a$<cost>$<salt><hash>), so a leaked row costs 2^cost rounds for each guess.
CREATE TABLE public.console_operators (
    name          varchar(64)  PRIMARY KEY,
    role          varchar(32)  NOT NULL,
    password_hash varchar(60)  NOT NULL,
    changed_at    timestamptz  NOT NULL
);

-- Failed console sign-ins, counted per account and per client address where every replica sees them. A row is
-- counted before its password is checked, so parallel guesses cannot all slip in before the first failure lands.
CREATE TABLE public.console_sign_in_failures (
    scope           varchar(8)   NOT NULL CHECK (scope IN ('account', 'address')),
    subject         varchar(256) NOT NULL,
    failures        integer      NOT NULL,
    last_failure_at timestamptz,
    PRIMARY KEY (scope, subject)
);
