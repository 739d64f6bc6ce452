package io.usageanalytics.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;

import io.usageanalytics.error.ApiException;

/**
 * How request bodies are read as JSON: with bounds far below Jackson's defaults (which allow 1,000 levels of
 * nesting, names of 50,000 characters and numbers of 1,000 digits), so that a body costs time and memory in
 * proportion to its bytes, and every way of being malformed is a client error with a position, never an
 * exception without one.
 */
public final class JsonLimits {

    /** No request of this API nests deeper: an event is 2 levels, a batch 3, GraphQL variables a few more. */
    public static final int MAX_NESTING = 16;
    /** Field names of requests are short words. */
    public static final int MAX_NAME_LENGTH = 64;
    /** Long enough for any 64-bit integer or double written out; far below what could cost time to convert. */
    public static final int MAX_NUMBER_LENGTH = 32;

    private JsonLimits() {
    }

    /** A parser factory for bodies of at most {@code maxBytes}. */
    public static JsonFactory factory(int maxBytes) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(Math.max(maxBytes, 1024))
                        .maxDocumentLength(maxBytes)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /** The client-facing description of a parse failure: what and where, never null. */
    public static String describe(JsonProcessingException e) {
        String what = e.getOriginalMessage() == null ? "malformed JSON" : ApiException.shorten(e.getOriginalMessage());
        var location = e.getLocation();
        if (location == null) {
            return what;
        }
        return what + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The charset a Content-Type header declares, or null. */
    public static String charsetOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                return p.substring(8).trim().replace("\"", "");
            }
        }
        return null;
    }

    /** Whether the declared charset (if any) is UTF-8, the only one this API reads (RFC 8259). */
    public static boolean isUtf8OrUndeclared(String contentType) {
        String charset = charsetOf(contentType);
        return charset == null || charset.equalsIgnoreCase("utf-8") || charset.equalsIgnoreCase("utf8");
    }

    /** The bytes as UTF-8 text, or null when they are not valid UTF-8 (instead of replacing bytes with '?'). */
    public static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Why some name or string of the tree cannot be stored or compared as text (NUL, a lone surrogate),
     * or null. PostgreSQL refuses NUL, and a lone surrogate becomes '?' on the way, merging two ids.
     */
    public static String badText(JsonNode node) {
        if (node.isTextual()) {
            return badText(node.textValue());
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                String bad = badText(field.getKey());
                if (bad == null) {
                    bad = badText(field.getValue());
                }
                if (bad != null) {
                    return bad;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                String bad = badText(item);
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
    }

    /** Why this text cannot be stored as text, or null. */
    public static String badText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "holds a NUL character";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "holds a lone UTF-16 surrogate (\\u" + Integer.toHexString(c) + ")";
            }
            if (Character.isLowSurrogate(c)) {
                return "holds a lone UTF-16 surrogate (\\u" + Integer.toHexString(c) + ")";
            }
        }
        return null;
    }
}
