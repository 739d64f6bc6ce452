package io.usageanalytics.graphql;

import java.util.HashMap;
import java.util.Map;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;

/**
 * What a parsed GraphQL document would cost once its fragments are expanded: the number of fields (aliases
 * included, every spread of a fragment counted again) and the depth of its data fields, over all its operations.
 *
 * Measured in one pass over the document, each fragment measured once and remembered, so a chain of fragments
 * that each spread the previous one twice costs as many steps as it has characters, not 2^n. graphql-java's
 * validation and normalisation expand every spread; this runs before them so that no document over the bounds
 * ever reaches them. Counts saturate instead of overflowing.
 *
 * Depth counts data fields only: the subtree of an introspection field ({@code __schema}, {@code __type}) has its
 * own, larger depth bound, so that GraphiQL's standard introspection query works while data queries stay shallow.
 */
public record DocumentCost(long fields, int dataDepth, int introspectionDepth, String fragmentCycle) {

    /** 10^18: larger than any bound, and far from overflow when added to itself. */
    static final long SATURATED = 1_000_000_000_000_000_000L;

    public static DocumentCost of(Document document) {
        Map<String, FragmentDefinition> fragments = new HashMap<>();
        for (FragmentDefinition fragment : document.getDefinitionsOfType(FragmentDefinition.class)) {
            fragments.putIfAbsent(fragment.getName(), fragment);
        }
        Measurer measurer = new Measurer(fragments);
        long fields = 0;
        int dataDepth = 0;
        int introspectionDepth = 0;
        for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
            Cost cost = measurer.selections(operation.getSelectionSet());
            fields = add(fields, cost.fields);
            dataDepth = Math.max(dataDepth, cost.dataDepth);
            introspectionDepth = Math.max(introspectionDepth, cost.allDepth);
        }
        return new DocumentCost(fields, dataDepth, introspectionDepth, measurer.cycle);
    }

    private record Cost(long fields, int dataDepth, int allDepth) {
        static final Cost NONE = new Cost(0, 0, 0);
    }

    private static final class Measurer {
        private final Map<String, FragmentDefinition> fragments;
        private final Map<String, Cost> measured = new HashMap<>();
        private final Map<String, Boolean> inProgress = new HashMap<>();
        private String cycle;

        Measurer(Map<String, FragmentDefinition> fragments) {
            this.fragments = fragments;
        }

        Cost selections(SelectionSet set) {
            if (set == null) {
                return Cost.NONE;
            }
            long fields = 0;
            int dataDepth = 0;
            int allDepth = 0;
            for (Selection<?> selection : set.getSelections()) {
                Cost cost = selection(selection);
                fields = add(fields, cost.fields);
                dataDepth = Math.max(dataDepth, cost.dataDepth);
                allDepth = Math.max(allDepth, cost.allDepth);
            }
            return new Cost(fields, dataDepth, allDepth);
        }

        private Cost selection(Selection<?> selection) {
            if (selection instanceof Field field) {
                Cost below = selections(field.getSelectionSet());
                boolean introspection = field.getName().startsWith("__");
                return new Cost(add(1, below.fields), introspection ? 1 : below.dataDepth + 1, below.allDepth + 1);
            }
            if (selection instanceof InlineFragment inline) {
                return selections(inline.getSelectionSet());
            }
            if (selection instanceof FragmentSpread spread) {
                return fragment(spread.getName());
            }
            return Cost.NONE;
        }

        private Cost fragment(String name) {
            Cost known = measured.get(name);
            if (known != null) {
                return known;
            }
            FragmentDefinition definition = fragments.get(name);
            if (definition == null) {
                return Cost.NONE; // validation names the unknown fragment
            }
            if (inProgress.putIfAbsent(name, Boolean.TRUE) != null) {
                cycle = name;
                return new Cost(SATURATED, Integer.MAX_VALUE / 2, Integer.MAX_VALUE / 2);
            }
            Cost cost = selections(definition.getSelectionSet());
            inProgress.remove(name);
            measured.put(name, cost);
            return cost;
        }
    }

    private static long add(long a, long b) {
        return Math.min(SATURATED, a + b);
    }
}
