package io.usageanalytics.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The console's documents as the warm-up reads them from the console's own script. */
class ConsoleDocumentsTest {

    @Test
    void theConsolesDocumentsAreReadWhole() {
        Map<String, String> documents = ConsoleDocuments.read();
        assertEquals(List.of("DASHBOARD", "SPEND"), List.copyOf(documents.keySet()));
        assertTrue(documents.get("DASHBOARD").startsWith("query Dashboard($id: String!"));
        assertTrue(documents.get("DASHBOARD").endsWith("}"));
        assertTrue(documents.get("SPEND").contains("byUser(range: $range, first: 50) @skip(if: $admin)"));
    }

    @Test
    void onlyPlainConstantsAreDocuments() {
        assertEquals(Map.of("A", "query { a }"), ConsoleDocuments.parse("""
                // export const X = `not at the start of a line`;
                export const A = `query { a }`;
                export const B = `query { ${'b'} }`;
                const C = `query { c }`;
                """));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLongDocumentIsReadOnASmallStack() throws InterruptedException {
        String text = "query { " + "a ".repeat(100_000) + "}";
        Map<String, String>[] read = new Map[1];
        Thread small = new Thread(null, () -> read[0] = ConsoleDocuments.parse("export const A = `" + text + "`;\n"),
                "small-stack", 64 * 1024);
        small.start();
        small.join();
        assertEquals(Map.of("A", text), read[0]);
    }
}
