-- GrainChain on SQLite, component "main": the table from which Orleans' ADO.NET providers load their statements.
-- Each provider reads every row once at start-up and keeps the statements it knows by key; the storage and
-- clustering components add their rows.
CREATE TABLE OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);
