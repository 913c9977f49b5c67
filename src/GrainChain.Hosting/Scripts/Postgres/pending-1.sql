-- GrainChain on PostgreSQL, component "pending": each node's pending (mempool) transactions, one row per
-- transaction (Pending/PostgresPendingTransactionStore.cs). A node adds the transactions it accepts and deletes those
-- that leave its mempool, so acknowledging a transfer writes that transfer alone, whatever the size of the mempool;
-- the node reads its rows back when it activates.
--
-- id is the transaction's 32-byte id in the ledger's internal byte order; bytes its canonical serialization. Rows
-- are inserted with ON CONFLICT DO NOTHING (an id stored once keeps its bytes) and deleted, never updated. The
-- primary key's index, node first, serves a node's read as one range scan and each delete as one lookup.
CREATE TABLE pendingtransaction
(
    node  text  NOT NULL CHECK (node <> ''),
    id    bytea NOT NULL CHECK (octet_length(id) = 32),
    bytes bytea NOT NULL CHECK (octet_length(bytes) > 0),
    PRIMARY KEY (node, id)
);
