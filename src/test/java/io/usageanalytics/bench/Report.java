package io.usageanalytics.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The results as Markdown, printed as they come and written to target/benchmarks/results.md. */
final class Report {

    private final StringBuilder text = new StringBuilder();
    private final Path file;
    private final long started = System.nanoTime();

    Report(Path file) {
        this.file = file;
    }

    void line(String line) {
        text.append(line).append('\n');
        System.out.println(line);
        System.out.flush();
    }

    void line(String format, Object... args) {
        line(format.formatted(args));
    }

    void blank() {
        line("");
    }

    /** Progress that is printed (with the elapsed time) but not part of the results. */
    void progress(String format, Object... args) {
        System.out.printf("[bench %6.1fs] %s%n", (System.nanoTime() - started) / 1e9, format.formatted(args));
        System.out.flush();
    }

    void save() throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    static String now() {
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC).withNano(0))
                + "Z";
    }
}
