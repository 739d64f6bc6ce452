package io.usageanalytics.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's GraphQL documents, read from the console's own {@code documents.js} (each an
 * {@code export const NAME = `...`;}), so that what the service runs for the console is what the console sends.
 */
public final class ConsoleDocuments {

    static final String RESOURCE = "META-INF/resources/console/documents.js";
    private static final String EXPORT = "export const ";

    private ConsoleDocuments() {
    }

    /** The documents by name, in the file's order. */
    public static Map<String, String> read() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Each line {@code export const NAME = `...`;} whose text has no ${. Read without a regular expression: its
     * backtracking grew the stack with a document's length, past an event-loop thread's.
     */
    static Map<String, String> parse(String script) {
        Map<String, String> documents = new LinkedHashMap<>();
        int at = 0;
        while ((at = script.indexOf(EXPORT, at)) >= 0) {
            int name = at + EXPORT.length();
            at = name;
            int opening = script.indexOf(" = `", name);
            int closing = opening < 0 ? -1 : script.indexOf('`', opening + 4);
            if ((name > EXPORT.length() && script.charAt(name - EXPORT.length() - 1) != '\n') || closing < 0
                    || !script.startsWith(";", closing + 1)) {
                continue;
            }
            String id = script.substring(name, opening);
            String text = script.substring(opening + 4, closing);
            if (id.chars().allMatch(Character::isJavaIdentifierPart) && !text.contains("${")) {
                documents.put(id, text);
            }
            at = closing + 1;
        }
        return documents;
    }
}
