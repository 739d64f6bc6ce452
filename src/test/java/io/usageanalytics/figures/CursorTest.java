package io.usageanalytics.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;

/** Cursors read back exactly what they were made of; anything else a client sends is BAD_USER_INPUT. */
class CursorTest {

    /** A cursor made of any text, as a client could forge it. */
    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(String cursor) {
        ApiException e = assertThrows(ApiException.class, () -> Cursor.read(cursor, Long::valueOf), cursor);
        assertEquals(ErrorCode.BAD_USER_INPUT, e.code());
        assertEquals(400, e.httpStatus());
        assertEquals("'after' is not a cursor this API gave out", e.getMessage());
    }

    @Test
    void noCursorIsTheFirstPage() {
        assertNull(Cursor.read(null, Long::valueOf));
    }

    @Test
    void numberKeysAndIdsComeBackAsTheyWere() {
        assertEquals(new Cursor<>(3_000_000L, "u1"), Cursor.read(Cursor.after(3_000_000L, "u1"), Long::valueOf));
        assertEquals(new Cursor<>(0L, "u"), Cursor.read(Cursor.after(0L, "u"), Long::valueOf));
        assertEquals(new Cursor<>(Long.MAX_VALUE, "x"), Cursor.read(Cursor.after(Long.MAX_VALUE, "x"), Long::valueOf));
    }

    @Test
    void dateKeysComeBackAsTheyWere() {
        LocalDate month = LocalDate.of(2026, 11, 1);
        assertEquals(new Cursor<>(month, "acme"), Cursor.read(Cursor.after(month, "acme"), LocalDate::parse));
    }

    @Test
    void idsKeepColonsAndAnyUnicode() {
        for (String id : new String[] { "tenant:user:7", ":", "a:", "::x", "ü-用户-😀", "名前:𝔘", "a b", "'=1+1", "\"q\"",
                "e\u0301" }) {
            assertEquals(new Cursor<>(42L, id), Cursor.read(Cursor.after(42L, id), Long::valueOf), id);
        }
    }

    @Test
    void cursorsAreUrlSafeText() {
        String cursor = Cursor.after(250_000L, "ü/?+用户😀~~~");
        assertEquals(true, cursor.matches("[A-Za-z0-9_-]+"), cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "!!!", "not a cursor", "a+b/", "NTp1MQ==!", "%35%3A%75", "ü" })
    void textThatIsNotBase64IsRefused(String cursor) {
        assertRefused(cursor);
    }

    @Test
    void base64WithoutAColonIsRefused() {
        assertRefused("bm90LWEtY3Vyc29y"); // "not-a-cursor"
        assertRefused(encode("5"));
        assertRefused(encode(""));
    }

    @Test
    void anEmptyIdIsRefused() {
        assertRefused(encode("5:"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "5:u\n1", "5:u\r", "5:\u0000", "5:\t", "5:u\u001f", "5:u\u007f", "5:u\u0085", "5:u\u009f" })
    void controlCharactersInTheIdAreRefused(String text) {
        assertRefused(encode(text));
    }

    @ParameterizedTest
    @ValueSource(strings = { "x:u1", ":u1", "5.0:u1", " 5:u1", "99999999999999999999:u1", "5\n:u1" })
    void aKeyThatDoesNotParseIsRefused(String text) {
        assertRefused(encode(text));
    }

    @Test
    void aDateKeyThatDoesNotParseIsRefused() {
        for (String key : new String[] { "2026-13-01", "2026-02-30", "3000000" }) {
            ApiException e = assertThrows(ApiException.class,
                    () -> Cursor.read(encode(key + ":acme"), LocalDate::parse), key);
            assertEquals(ErrorCode.BAD_USER_INPUT, e.code(), key);
        }
    }

    @Test
    void aKeyWithAColonCannotBeMadeIntoACursor() {
        // the first ':' ends the key: such a key would come back as another key and id
        assertThrows(IllegalArgumentException.class, () -> Cursor.after("10:00", "u1"));
    }
}
