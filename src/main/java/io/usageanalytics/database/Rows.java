package io.usageanalytics.database;

import java.util.function.Consumer;
import java.util.stream.Collector;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.Row;

/** A statement's rows read one at a time. */
public final class Rows {

    private Rows() {
    }

    /** Runs a statement and hands each row to {@code reader} as it is decoded, without holding the result. */
    public static Uni<Void> forEach(SqlConnection connection, String sql, Tuple params, Consumer<Row> reader) {
        Collector<Row, Void[], Void> collector = Collector.of(() -> new Void[0], (none, row) -> reader.accept(row),
                (a, b) -> a, none -> null);
        return Uni.createFrom().completionStage(() -> connection.getDelegate().preparedQuery(sql).collecting(collector)
                .execute(params.getDelegate()).toCompletionStage())
                .replaceWithVoid();
    }
}
