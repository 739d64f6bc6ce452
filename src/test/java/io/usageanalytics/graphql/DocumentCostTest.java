package io.usageanalytics.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import graphql.parser.Parser;

class DocumentCostTest {

    private static DocumentCost cost(String document) {
        return DocumentCost.of(Parser.parse(document));
    }

    @Test
    void fieldsAreCountedAfterExpansionAliasesIncluded() {
        DocumentCost cost = cost("{ a: company(id: \"x\") { name seats } b: company(id: \"y\") { ...F } } "
                + "fragment F on Company { name timeZone ... on Company { seats } }");
        assertEquals(2 + 2 + 3, cost.fields());
        assertEquals(2, cost.dataDepth());
        assertNull(cost.fragmentCycle());
    }

    @Test
    void aChainOfFragmentsSpreadingThePreviousTwiceCountsItsExpansionExactly() {
        for (int depth : new int[] { 1, 10, 26, 30, 58 }) {
            String document = "{ company(id: \"x\") { ...F" + depth + " } } fragment F0 on Company { name } "
                    + IntStream.rangeClosed(1, depth)
                            .mapToObj(i -> "fragment F" + i + " on Company { ...F" + (i - 1) + " ...F" + (i - 1) + " }")
                            .collect(Collectors.joining(" "));
            assertEquals((1L << depth) + 1, cost(document).fields(), "depth " + depth);
        }
    }

    @Test
    void countsSaturateInsteadOfOverflowing() {
        String document = "{ company(id: \"x\") { ...F100 } } fragment F0 on Company { name } "
                + IntStream.rangeClosed(1, 100)
                        .mapToObj(i -> "fragment F" + i + " on Company { ...F" + (i - 1) + " ...F" + (i - 1) + " }")
                        .collect(Collectors.joining(" "));
        assertEquals(DocumentCost.SATURATED, cost(document).fields());
    }

    @Test
    void aFragmentThatSpreadsItselfIsNamed() {
        assertEquals("A", cost("{ company(id: \"x\") { ...A } } fragment A on Company { ...B } "
                + "fragment B on Company { ...A }").fragmentCycle());
    }

    @Test
    void introspectionHasItsOwnDepth() {
        DocumentCost cost = cost("{ __schema { types { fields { type { ofType { ofType { name } } } } } } "
                + "company(id: \"x\") { name } }");
        assertEquals(2, cost.dataDepth());
        assertEquals(7, cost.introspectionDepth());
        assertEquals(7 + 2, cost.fields());
    }
}
