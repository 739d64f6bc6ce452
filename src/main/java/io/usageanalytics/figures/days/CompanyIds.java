package io.usageanalytics.figures.days;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ids of one company as this process numbers them ({@link Ordinals}) and
 * one instance of each other value (assistants, versions, models, ...): less
 * memory, faster lookups. Days built with one CompanyIds are only ever put
 * together with days built with the same.
 */
final class CompanyIds {

    final Ordinals users = new Ordinals();
    final Ordinals chats = new Ordinals();
    final Ordinals projects = new Ordinals();
    final Ordinals invites = new Ordinals();
    private final Map<String, String> texts = new ConcurrentHashMap<>();

    /** The one instance of {@code value} (null stays null). */
    String text(String value) {
        if (value == null) {
            return null;
        }
        String known = texts.get(value);
        if (known != null) {
            return known;
        }
        known = texts.putIfAbsent(value, value);
        return known == null ? value : known;
    }
}
