-- GrainChain on SQLite, component "pending": each node's pending (mempool) transactions, one row per transaction
-- (Pending/SqlitePendingTransactionStore.cs). A node adds the transactions it accepts and deletes those that leave
-- its mempool, so acknowledging a transfer writes that transfer alone, whatever the size of the mempool; the node
-- reads its rows back when it activates.
--
-- Id is the transaction's 32-byte id in the ledger's internal byte order; Bytes its canonical serialization. Rows
-- are inserted with ON CONFLICT DO NOTHING (an id stored once keeps its bytes) and deleted, never updated.
-- WITHOUT ROWID: the table is its primary key's B-tree, so the rows of one node sit together and a node's read is
-- one range scan, and a write touches one B-tree instead of a table and an index.
CREATE TABLE PendingTransaction
(
    Node  TEXT NOT NULL CHECK (length(Node) > 0),
    Id    BLOB NOT NULL CHECK (length(Id) = 32),
    Bytes BLOB NOT NULL CHECK (length(Bytes) > 0),
    PRIMARY KEY (Node, Id)
) WITHOUT ROWID;
