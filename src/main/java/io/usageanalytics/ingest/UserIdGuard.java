package io.usageanalytics.ingest;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keeps personal data out: a user id must be an opaque pseudonym chosen by the
 * client (a salted hash, a random id). Ids that look like an e-mail address or
 * a phone number, or that contain whitespace (names), are refused.
 */
final class UserIdGuard {

    private static final Pattern EMAIL_LIKE = Pattern.compile("[^@]+@[^@]+");
    /** Digits with the usual phone separators, 7 to 15 digits in all (E.164 allows 15). */
    private static final Pattern PHONE_LIKE = Pattern.compile("\\+?[0-9 ()./-]+");

    private UserIdGuard() {
    }

    /** Any kind of space, including no-break spaces (which {@link Character#isWhitespace} leaves out). */
    static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    /** Why this user id is refused, or empty when it is acceptable. */
    static Optional<String> problemWith(String userId) {
        if (EMAIL_LIKE.matcher(userId).matches()) {
            return Optional.of("userId looks like an e-mail address; send a pseudonymous id such as a salted hash");
        }
        if (PHONE_LIKE.matcher(userId).matches()) {
            long digits = userId.chars().filter(Character::isDigit).count();
            if (digits >= 7 && digits <= 15) {
                return Optional.of("userId looks like a phone number; send a pseudonymous id such as a salted hash");
            }
        }
        if (userId.codePoints().anyMatch(UserIdGuard::isSpace)) {
            return Optional.of("userId contains whitespace; send a pseudonymous id such as a salted hash, not a name");
        }
        return Optional.empty();
    }
}
