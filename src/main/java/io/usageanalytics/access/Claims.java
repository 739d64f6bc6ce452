package io.usageanalytics.access;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** How a token's company claims are read: issuers write them as arrays, single strings or lists in a string. */
final class Claims {

    private Claims() {
    }

    /**
     * A claim's value as a set of strings, in their order: a JSON array (or any collection), a single string,
     * or a space- or comma-separated string; numbers as their JSON text; blanks left out. Null: empty.
     */
    static Set<String> values(Object value) {
        Collection<?> items;
        if (value == null) {
            return Set.of();
        } else if (value instanceof JsonArray array) {
            items = array;
        } else if (value instanceof Collection<?> collection) {
            items = collection;
        } else {
            items = List.of(value);
        }
        Set<String> result = new LinkedHashSet<>();
        for (Object item : items) {
            String text = item instanceof JsonString s ? s.getString()
                    : item instanceof JsonValue v && v.getValueType() != JsonValue.ValueType.STRING ? v.toString()
                    : String.valueOf(item);
            for (String part : text.split("[\\s,]+")) {
                if (!part.isBlank()) {
                    result.add(part);
                }
            }
        }
        return result;
    }
}
