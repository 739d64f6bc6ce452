package io.usageanalytics.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.mutiny.Uni;
import io.usageanalytics.database.Transactions.Mode;
import io.usageanalytics.error.Failures;
import io.usageanalytics.support.Database;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Transactions and savepoints against the real database: what is committed is
 * seen by other connections, what fails leaves nothing behind, and the BEGIN
 * mode is the one asked for.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class TransactionsTest {

    private static final String INSERT = "INSERT INTO transactions_probe (test, step) VALUES ($1, $2)";

    @Inject
    Pool pool;

    @Inject
    Database db;

    @BeforeEach
    void emptyProbeTable() {
        db.query("CREATE TABLE IF NOT EXISTS transactions_probe (test text NOT NULL, step text NOT NULL)");
        db.query("DELETE FROM transactions_probe");
    }

    @Test
    void theWorkIsCommittedAndSeenByOtherConnections() {
        String answer = inTransaction(Mode.REPEATABLE_READ, connection -> insert(connection, "commit", "one")
                .call(() -> insert(connection, "commit", "two"))
                .replaceWith("done"));
        assertEquals("done", answer);
        assertEquals(List.of("one", "two"), steps("commit"));
    }

    @Test
    void aFailureRollsEverythingBackAndIsPassedOn() {
        onOneConnection(connection -> {
            PgException failure = assertThrows(PgException.class, () -> Transactions.run(connection,
                    Mode.REPEATABLE_READ, () -> insert(connection, "rollback", "one")
                            .call(() -> exec(connection, "SELECT 1 / 0")))
                    .await().indefinitely());
            assertEquals("22012", failure.getSqlState(), "the work's own failure: division by zero");
            assertEquals(List.of(), steps("rollback"));
            assertOutsideAnyTransaction(connection);
        });
    }

    @Test
    void whenTheRollbackFailsTooTheWorksFailureIsPassedOn() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> inTransaction(Mode.REPEATABLE_READ, connection -> insert(connection, "broken", "one")
                        .flatMap(inserted -> connection.query("SELECT pg_backend_pid()").execute())
                        .map(rows -> rows.iterator().next().getInteger(0))
                        // the connection is gone when ROLLBACK is sent: that one fails as well
                        .call(pid -> pool.preparedQuery("SELECT pg_terminate_backend($1, 10000)").execute(Tuple.of(pid)))
                        .flatMap(terminated -> Uni.createFrom().failure(new IllegalStateException("the work failed")))));
        assertEquals("the work failed", failure.getMessage());
        assertEquals(List.of(), stepsAfterALostConnection("broken"));
    }

    @Test
    void aFailedSavepointStepIsUndoneAndTheStatementsBeforeItStay() {
        String answer = inTransaction(Mode.REPEATABLE_READ, connection -> insert(connection, "savepoint", "before")
                .flatMap(inserted -> Transactions.savepoint(connection, "probe_step",
                        () -> insert(connection, "savepoint", "undone")
                                .call(() -> exec(connection, "SELECT 1 / 0"))
                                .replaceWith("step done"),
                        e -> e instanceof PgException pg && "22012".equals(pg.getSqlState()),
                        e -> Uni.createFrom().item("recovered")))
                .call(() -> insert(connection, "savepoint", "after")));
        assertEquals("recovered", answer);
        assertEquals(List.of("after", "before"), steps("savepoint"));
    }

    @Test
    void aSavepointStepThatSucceedsIsKept() {
        String answer = inTransaction(Mode.REPEATABLE_READ, connection -> Transactions.savepoint(connection,
                "probe_step", () -> insert(connection, "released", "kept").replaceWith("step done")));
        assertEquals("step done", answer);
        assertEquals(List.of("kept"), steps("released"));
    }

    @Test
    void aSavepointFailureNotRecoveredFromRollsTheTransactionBack() {
        assertThrows(IllegalStateException.class, () -> inTransaction(Mode.REPEATABLE_READ,
                connection -> insert(connection, "unrecovered", "before")
                        .flatMap(inserted -> Transactions.savepoint(connection, "probe_step",
                                () -> insert(connection, "unrecovered", "step")
                                        .flatMap(ignored -> Uni.createFrom().failure(new IllegalStateException("x"))),
                                e -> e instanceof PgException,
                                e -> Uni.createFrom().item("recovered")))));
        assertEquals(List.of(), steps("unrecovered"));
    }

    @Test
    void aSavepointWithoutRecoveryIsUndoneAndItsFailurePassedOn() {
        String answer = inTransaction(Mode.REPEATABLE_READ, connection -> insert(connection, "undo", "before")
                .flatMap(inserted -> Transactions.savepoint(connection, "probe_step",
                        () -> insert(connection, "undo", "step").call(() -> exec(connection, "SELECT 1 / 0"))
                                .replaceWith("step done"))
                        .onFailure(PgException.class).recoverWithItem("caller recovered")
                        .call(() -> insert(connection, "undo", "after"))));
        assertEquals("caller recovered", answer);
        assertEquals(List.of("after", "before"), steps("undo"));
    }

    @Test
    void theModeIsAppliedToTheWork() {
        assertEquals(List.of("repeatable read", "off"), inTransaction(Mode.REPEATABLE_READ, TransactionsTest::mode));
        assertEquals(List.of("repeatable read", "on"), inTransaction(Mode.REPEATABLE_READ_ONLY, TransactionsTest::mode));
        PgException refused = assertThrows(PgException.class, () -> inTransaction(Mode.REPEATABLE_READ_ONLY,
                connection -> insert(connection, "read-only", "refused")));
        assertEquals("25006", refused.getSqlState(), "read-only transaction");
        assertEquals(List.of(), steps("read-only"));
    }

    @Test
    void pipelinedTheWorksFirstStatementRunsInsideTheTransaction() {
        assertEquals(List.of("repeatable read", "on"), pipelined(TransactionsTest::mode));
        assertEquals(List.of("repeatable read", "off"), withConnection(connection -> Transactions.runPipelined(
                connection, Mode.REPEATABLE_READ, () -> mode(connection))));
        // the first statement and the next in one transaction: the same transaction start time
        List<String> starts = pipelined(connection -> now(connection)
                .flatMap(first -> connection.query("SELECT pg_sleep(0.01)").execute().replaceWith(first))
                .flatMap(first -> now(connection).map(second -> List.of(first, second))));
        assertEquals(starts.get(0), starts.get(1));
    }

    @Test
    void pipelinedAFailureRollsBackAndIsPassedOn() {
        onOneConnection(connection -> {
            PgException failure = assertThrows(PgException.class, () -> Transactions.runPipelined(connection,
                    Mode.REPEATABLE_READ_ONLY, () -> exec(connection, "SELECT 1 / 0")).await().indefinitely());
            assertEquals("22012", failure.getSqlState());
            assertOutsideAnyTransaction(connection);
        });
    }

    /**
     * Pipelined, the work starts as BEGIN is sent, on the subscribing thread: its first statement goes out
     * before BEGIN's answer. Not pipelined, it starts when that answer arrives, on the connection's event loop.
     */
    @Test
    void pipelinedTheWorkStartsWithoutWaitingForBegin() {
        Thread caller = Thread.currentThread();
        AtomicReference<Thread> pipelinedOn = new AtomicReference<>();
        AtomicReference<Thread> afterBeginOn = new AtomicReference<>();
        onOneConnection(connection -> {
            Transactions.runPipelined(connection, Mode.REPEATABLE_READ_ONLY, () -> {
                pipelinedOn.set(Thread.currentThread());
                return show(connection, "transaction_read_only");
            }).await().indefinitely();
            Transactions.run(connection, Mode.REPEATABLE_READ_ONLY, () -> {
                afterBeginOn.set(Thread.currentThread());
                return show(connection, "transaction_read_only");
            }).await().indefinitely();
        });
        assertSame(caller, pipelinedOn.get());
        assertNotSame(caller, afterBeginOn.get());
    }

    @Test
    void aSavepointNameIsAPlainIdentifier() {
        onOneConnection(connection -> assertThrows(IllegalArgumentException.class,
                () -> Transactions.savepoint(connection, "x; COMMIT", () -> Uni.createFrom().item(1))));
    }

    private <T> T inTransaction(Mode mode, Function<SqlConnection, Uni<T>> work) {
        return withConnection(connection -> Transactions.run(connection, mode, () -> work.apply(connection)));
    }

    private <T> T pipelined(Function<SqlConnection, Uni<T>> work) {
        return withConnection(connection -> Transactions.runPipelined(connection, Mode.REPEATABLE_READ_ONLY,
                () -> work.apply(connection)));
    }

    private <T> T withConnection(Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(work).await().indefinitely();
    }

    /** Blocking calls on one connection of the pool, given back afterwards. */
    private void onOneConnection(Consumer<SqlConnection> calls) {
        SqlConnection connection = pool.getConnection().await().indefinitely();
        try {
            calls.accept(connection);
        } finally {
            connection.close().await().indefinitely();
        }
    }

    /** The connection is not left in the failed transaction: the next user of it would be. */
    private static void assertOutsideAnyTransaction(SqlConnection connection) {
        assertEquals("read committed", show(connection, "transaction_isolation").await().indefinitely());
        assertEquals(Boolean.TRUE, connection.query("SELECT now() = statement_timestamp()").execute()
                .map(rows -> rows.iterator().next().getBoolean(0)).await().indefinitely(), "a transaction of its own");
    }

    /** Read by another connection: what was committed. */
    private List<String> steps(String test) {
        return db.strings("SELECT step FROM transactions_probe WHERE test = $1 ORDER BY step", test);
    }

    /**
     * Read by another connection, after one of the pool's connections was terminated: the pool may lend that
     * connection once more before it sees it closed (a database out of reach, {@link Failures}), and the read is
     * then sent again, as a client does on the 503 this failure becomes.
     */
    private List<String> stepsAfterALostConnection(String test) {
        return Uni.createFrom().item(() -> steps(test))
                .onFailure(e -> Failures.known(e) != null)
                .retry().atMost(3)
                .await().indefinitely();
    }

    private static Uni<List<String>> mode(SqlConnection connection) {
        return show(connection, "transaction_isolation")
                .flatMap(isolation -> show(connection, "transaction_read_only").map(readOnly -> List.of(isolation,
                        readOnly)));
    }

    private static Uni<String> now(SqlConnection connection) {
        return connection.query("SELECT now()::text").execute().map(rows -> rows.iterator().next().getString(0));
    }

    private static Uni<String> show(SqlConnection connection, String setting) {
        return connection.query("SHOW " + setting).execute().map(rows -> rows.iterator().next().getString(0));
    }

    private static Uni<Void> insert(SqlConnection connection, String test, String step) {
        return connection.preparedQuery(INSERT).execute(Tuple.of(test, step)).replaceWithVoid();
    }

    private static Uni<Void> exec(SqlConnection connection, String sql) {
        return connection.query(sql).execute().replaceWithVoid();
    }
}
