package io.usageanalytics.figures;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;

import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;

/**
 * The position after the last row of a page, for keyset pagination: the sort
 * key and the id that breaks ties, opaque to clients.
 */
public record Cursor<K>(K key, String id) {

    /** @param key a key whose text has no ':' (numbers, dates): the first ':' ends the key */
    public static String after(Object key, String id) {
        String text = String.valueOf(key);
        if (text.indexOf(':') >= 0) {
            throw new IllegalArgumentException("A cursor key must not contain ':'");
        }
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((text + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a cursor made by {@link #after}; null stays null (the first page). */
    public static <K> Cursor<K> read(String cursor, Function<String, K> parseKey) {
        if (cursor == null) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 2);
            if (parts.length != 2 || parts[1].isEmpty() || parts[1].codePoints().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException();
            }
            return new Cursor<>(parseKey.apply(parts[0]), parts[1]);
        } catch (RuntimeException e) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "'after' is not a cursor this API gave out");
        }
    }
}
