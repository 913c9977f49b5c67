-- GrainChain on PostgreSQL, component "blocks": the block archive (Blocks/PostgresBlockArchive.cs). Blocks are
-- content-addressed: one row per block hash for the whole cluster, however many nodes hold the block, and a node
-- rebuilds its chain from here by walking previoushash links from its tip.
--
-- hash and previoushash are 32 bytes in the ledger's internal byte order; the all-zero hash is no block's (it is the
-- genesis block's parent), so a walk ends at genesis. Rows are only ever inserted (INSERT ... ON CONFLICT DO
-- NOTHING) and never updated: a hash stored once keeps its bytes, and the table needs no free space for updates.
-- The primary key's index serves each step of the walk.
CREATE TABLE block
(
    hash         bytea NOT NULL PRIMARY KEY
        CHECK (octet_length(hash) = 32 AND hash <> '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea),
    previoushash bytea NOT NULL CHECK (octet_length(previoushash) = 32),
    bytes        bytea NOT NULL
);
