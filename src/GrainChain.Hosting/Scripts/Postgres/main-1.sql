-- GrainChain on PostgreSQL, component "main": the table from which Orleans' ADO.NET providers load their
-- statements. Each provider reads every row once at start-up and keeps the statements it knows by key; the storage
-- and clustering components add their rows.
CREATE TABLE orleansquery
(
    querykey  varchar(64) NOT NULL PRIMARY KEY,
    querytext text NOT NULL
);
