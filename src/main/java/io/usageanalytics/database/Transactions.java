package io.usageanalytics.database;

import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Transactions and savepoints on one connection of the reactive SQL client.
 *
 * BEGIN, COMMIT and ROLLBACK are sent as statements rather than through the
 * client's {@code Transaction}: that one rolls the transaction back at the first
 * statement that fails, and the rollup job goes on after rolling back to a
 * savepoint (a company whose data fails is held, the others are rolled up).
 *
 * A failure that the work recovers from must have been undone by a
 * {@link #savepoint}: after a failed statement PostgreSQL refuses every other one
 * until the transaction or a savepoint is rolled back, and it answers COMMIT with
 * a rollback.
 */
public final class Transactions {

    /** What follows BEGIN: the transaction modes in use. */
    public enum Mode {
        /** A new snapshot for every statement: each one sees what committed before it started; writes allowed. */
        READ_COMMITTED("ISOLATION LEVEL READ COMMITTED"),
        /** One snapshot for every statement; writes allowed. */
        REPEATABLE_READ("ISOLATION LEVEL REPEATABLE READ"),
        /** One snapshot for every statement; reads only. */
        REPEATABLE_READ_ONLY("ISOLATION LEVEL REPEATABLE READ, READ ONLY");

        private final String begin;

        Mode(String sql) {
            this.begin = "BEGIN " + sql;
        }
    }

    /** Savepoint names are written into the statement: plain identifiers only. */
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private Transactions() {
    }

    /**
     * Runs {@code work} on {@code connection} in a transaction: BEGIN, then the work once BEGIN is answered, then
     * COMMIT. When anything fails, ROLLBACK; a failure of the ROLLBACK itself is ignored and the original failure
     * passed on.
     */
    public static <T> Uni<T> run(SqlConnection connection, Mode mode, Supplier<Uni<T>> work) {
        return finish(connection, exec(connection, mode.begin).flatMap(begun -> work.get()));
    }

    /**
     * Like {@link #run}, but the work's first statement goes out right behind BEGIN, without waiting for its
     * answer: one round trip less. The client sends the commands of one connection in order, and PostgreSQL runs
     * them in order, so the first statement runs inside the transaction. Should BEGIN fail (in practice only on a
     * broken connection), that statement would run on its own: for work that starts with a read.
     */
    public static <T> Uni<T> runPipelined(SqlConnection connection, Mode mode, Supplier<Uni<T>> work) {
        // both subscribed at once, in this order: BEGIN is sent first, the work's first statement right after it
        Uni<T> both = Uni.combine().all().unis(exec(connection, mode.begin), Uni.createFrom().deferred(work::get))
                .asTuple().map(Tuple2::getItem2);
        return finish(connection, both);
    }

    /**
     * Runs {@code step} inside the current transaction behind {@code SAVEPOINT name}: released when it succeeds;
     * when it fails, rolled back to the savepoint (so the statements before it stay) and the failure passed on.
     */
    public static <T> Uni<T> savepoint(SqlConnection connection, String name, Supplier<Uni<T>> step) {
        return savepoint(connection, name, step, e -> true, Uni.createFrom()::failure);
    }

    /**
     * Runs {@code step} behind {@code SAVEPOINT name}, released when it succeeds. A failure that {@code recoverable}
     * accepts is rolled back to the savepoint, and the answer is then {@code recovery}'s; the transaction goes on.
     * Any other failure is passed on as it is, for the transaction to be rolled back. When the rollback to the
     * savepoint fails, the step's failure is passed on (the other one suppressed), not recovered from.
     */
    public static <T> Uni<T> savepoint(SqlConnection connection, String name, Supplier<Uni<T>> step,
            Predicate<? super Throwable> recoverable, Function<? super Throwable, Uni<? extends T>> recovery) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain savepoint name: " + name);
        }
        return exec(connection, "SAVEPOINT " + name)
                .flatMap(saved -> step.get())
                .call(done -> exec(connection, "RELEASE SAVEPOINT " + name))
                .onFailure(recoverable).recoverWithUni(e -> exec(connection, "ROLLBACK TO SAVEPOINT " + name)
                        .onFailure().transform(undo -> {
                            e.addSuppressed(undo);
                            return e;
                        })
                        .flatMap(undone -> recovery.apply(e)));
    }

    /** COMMIT after {@code work}; ROLLBACK when anything failed, the work's failure passed on. */
    private static <T> Uni<T> finish(SqlConnection connection, Uni<T> work) {
        return work.call(done -> exec(connection, "COMMIT"))
                .onFailure().call(e -> exec(connection, "ROLLBACK").onFailure().recoverWithNull());
    }

    private static Uni<Void> exec(SqlConnection connection, String sql) {
        return connection.query(sql).execute().replaceWithVoid();
    }
}
