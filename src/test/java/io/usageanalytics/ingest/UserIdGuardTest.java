package io.usageanalytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserIdGuardTest {

    @ParameterizedTest
    @ValueSource(strings = { "jane@example.com", "j.doe+tag@mail.example.org", "x@y" })
    void eMailAddressesAreRefused(String id) {
        assertEquals("userId looks like an e-mail address; send a pseudonymous id such as a salted hash",
                UserIdGuard.problemWith(id).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = { "+491701234567", "+49 170 1234567", "(555) 123-4567", "0170/1234567", "1234567" })
    void phoneNumbersAreRefused(String id) {
        assertEquals("userId looks like a phone number; send a pseudonymous id such as a salted hash",
                UserIdGuard.problemWith(id).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = { "Jane Doe", "u\t1", "name\u00A0surname" })
    void whitespaceIsRefused(String id) {
        assertEquals("userId contains whitespace; send a pseudonymous id such as a salted hash, not a name",
                UserIdGuard.problemWith(id).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = { "u-1", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "123456",
            "1234567890123456", "user_42", "c2FsdGVk/aGFzaA==" })
    void pseudonymsAreAccepted(String id) {
        assertTrue(UserIdGuard.problemWith(id).isEmpty(), id);
    }
}
