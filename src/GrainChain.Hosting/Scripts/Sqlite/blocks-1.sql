-- GrainChain on SQLite, component "blocks": the block archive (Blocks/SqliteBlockArchive.cs). Blocks are
-- content-addressed: one row per block hash for the whole cluster, however many nodes hold the block, and a node
-- rebuilds its chain from here by walking PreviousHash links from its tip.
--
-- Hash and PreviousHash are 32 bytes in the ledger's internal byte order; the all-zero hash is no block's (it is the
-- genesis block's parent), so a walk ends at genesis. Rows are only ever inserted (INSERT ... ON CONFLICT DO
-- NOTHING): a hash stored once keeps its bytes. The primary key's index serves each step of the walk.
CREATE TABLE Block
(
    Hash         BLOB NOT NULL PRIMARY KEY CHECK (length(Hash) = 32 AND Hash <> zeroblob(32)),
    PreviousHash BLOB NOT NULL CHECK (length(PreviousHash) = 32),
    Bytes        BLOB NOT NULL
);
