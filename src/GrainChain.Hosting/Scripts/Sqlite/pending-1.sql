-- GrainChain on SQLite, component "pending": each node's pending (mempool) transactions, one row per transaction
-- (Pending/SqlitePendingTransactionStore.cs). A node adds the transactions it accepts and deletes those that leave
-- its mempool, so acknowledging a transfer writes that transfer alone, whatever the size of the mempool; the node
-- reads its rows back when it activates.
--
-- A node is named within its service (Orleans' ServiceId, as GrainState's rows are), so two services sharing the
-- file, each with a node of the same name, keep rows of their own.
--
-- The key is (ServiceId, Node, Sequence), not the transaction id: the node numbers its rows upward as it stores them,
-- so a new row always goes after the node's last one and a commit rewrites the few pages at the end of the node's
-- range. Ids are hashes: keyed by them, each new row would land on a page of its own somewhere in the B-tree, and
-- every such page would be copied whole into the WAL (measured: ~9 KB of WAL per 250-byte transfer).
--
-- Id is the transaction's 32-byte id in the ledger's internal byte order, a plain column (nothing looks rows up by
-- it, and an index on it would scatter writes again); Bytes its canonical serialization. Rows are inserted with ON
-- CONFLICT DO NOTHING (a sequence stored once keeps its row) and deleted, never updated. The table is not STRICT, so
-- the CHECK on Sequence also asks for an integer: text would otherwise pass a comparison with 0.
-- WITHOUT ROWID: the table is its primary key's B-tree, so the rows of one node sit together in sequence order, a
-- node's read is one range scan, and a write touches one B-tree instead of a table and an index.
CREATE TABLE PendingTransaction
(
    ServiceId TEXT    NOT NULL CHECK (length(ServiceId) > 0),
    Node      TEXT    NOT NULL CHECK (length(Node) > 0),
    Sequence  INTEGER NOT NULL CHECK (typeof(Sequence) = 'integer' AND Sequence >= 0),
    Id        BLOB    NOT NULL CHECK (length(Id) = 32),
    Bytes     BLOB    NOT NULL CHECK (length(Bytes) > 0),
    PRIMARY KEY (ServiceId, Node, Sequence)
) WITHOUT ROWID;
