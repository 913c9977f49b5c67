-- GrainChain on PostgreSQL, component "pending": each node's pending (mempool) transactions, one row per
-- transaction (Pending/PostgresPendingTransactionStore.cs). A node adds the transactions it accepts and deletes those
-- that leave its mempool, so acknowledging a transfer writes that transfer alone, whatever the size of the mempool;
-- the node reads its rows back when it activates.
--
-- A node is named within its service (Orleans' ServiceId, as grainstate's rows are), so two services sharing the
-- database, each with a node of the same name, keep rows of their own.
--
-- The key is (serviceid, node, sequence), not the transaction id: the node numbers its rows upward as it stores
-- them, so each new key goes to the right-most leaf of the node's range in the primary key's index, a page that is
-- already in memory and already logged since the last checkpoint. Ids are hashes: keyed by them, each insert would
-- dirty a leaf chosen at random, and after a checkpoint each such leaf costs a full page image in the WAL.
--
-- id is the transaction's 32-byte id in the ledger's internal byte order, a plain column with no index (nothing
-- looks rows up by it); bytes its canonical serialization. Rows are inserted with ON CONFLICT DO NOTHING (a sequence
-- stored once keeps its row) and deleted, never updated. The primary key's index, service and node first, serves a
-- node's read as one range scan in sequence order and each delete as one lookup.
CREATE TABLE pendingtransaction
(
    serviceid text   NOT NULL CHECK (serviceid <> ''),
    node      text   NOT NULL CHECK (node <> ''),
    sequence  bigint NOT NULL CHECK (sequence >= 0),
    id        bytea  NOT NULL CHECK (octet_length(id) = 32),
    bytes     bytea  NOT NULL CHECK (octet_length(bytes) > 0),
    PRIMARY KEY (serviceid, node, sequence)
);
