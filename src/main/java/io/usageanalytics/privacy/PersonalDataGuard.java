package io.usageanalytics.privacy;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps personal data out of stored text. Ids and labels are chosen by clients,
 * and a client sometimes puts an e-mail address or a phone number where a
 * pseudonym or a product name belongs. Such values are refused, also when
 * disguised: values are compared in their NFKC form and in lower case, so
 * full-width and other compatibility forms count as what they look like, and
 * the pattern is looked for anywhere in the value, so surrounding text and
 * punctuation do not hide it.
 * <p>
 * Also refuses characters that have no place in an id or label and that
 * PostgreSQL would store changed or not at all: control and invisible format
 * characters (categories Cc, Cf, Zl, Zp), private-use and unassigned code
 * points (Co, Cn) and unpaired UTF-16 surrogates.
 * <p>
 * Meant for short values such as ids, labels and names.
 */
public final class PersonalDataGuard {

    private static final String NO_PERSONAL_DATA = "ids and labels must not contain personal data";
    private static final String PSEUDONYM = "send a pseudonymous id such as a salted hash";

    private static final String SPACE = "[\\s\\p{Zs}]";
    /** One character of the part before the @ (RFC 5322 atext, a dot, or any letter or digit). */
    private static final String LOCAL_CHAR = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~.-]";
    /**
     * An @ after a local part and before a domain with at least one dot whose
     * last label starts with a letter: so {@code claude-3-5-sonnet@20240620}
     * and {@code gemini-1.5@001}, model ids with a version, are not e-mail addresses.
     */
    private static final Pattern E_MAIL = Pattern.compile(LOCAL_CHAR + "@(?:[\\p{L}\\p{N}-]+\\.)+\\p{L}[\\p{L}\\p{N}-]*");
    /** A user id has no use for an @ between two parts (the rule user ids always had). */
    private static final Pattern E_MAIL_USER_ID = Pattern.compile("[^@]+@[^@]+");
    private static final Pattern MAILTO = Pattern.compile("(?<![\\p{L}\\p{N}])mailto:");
    /** {@code (at)}, {@code [at]}, {@code {at}}, {@code <at>}, or {@code at} between spaces. */
    private static final Pattern DISGUISED_AT = Pattern
            .compile(SPACE + "*[(\\[{<]" + SPACE + "*at" + SPACE + "*[)\\]}>]" + SPACE + "*|" + SPACE + "+at" + SPACE + "+");
    private static final Pattern DISGUISED_DOT = Pattern
            .compile(SPACE + "*[(\\[{<]" + SPACE + "*dot" + SPACE + "*[)\\]}>]" + SPACE + "*|" + SPACE + "+dot" + SPACE + "+");

    private static final Pattern PHONE_SCHEME = Pattern.compile("(?<![\\p{L}\\p{N}])(?:tel|callto|sms):");
    private static final String PHONE_SEPARATOR = "\\p{Zs}()./\\p{Pd}";
    /** Digits and phone separators only, with an optional leading + (a leading 00 is digits anyway). */
    private static final Pattern PHONE_WHOLE = Pattern.compile("\\+?[\\p{Nd}" + PHONE_SEPARATOR + "]+");
    /**
     * A + that does not follow a letter or digit (semantic-version build
     * metadata such as {@code 1.0.0+20240101} does), then digits with at most
     * two separators between them: a phone number inside a longer label.
     */
    private static final Pattern PHONE_INSIDE = Pattern
            .compile("(?<![\\p{L}\\p{N}])\\+\\p{Nd}(?:[" + PHONE_SEPARATOR + "]{0,2}\\p{Nd})*");
    /**
     * A dotted version with a one-digit part in the middle, such as
     * {@code 10.0.19041}: phone numbers are not written like that.
     */
    private static final Pattern DOTTED_VERSION = Pattern.compile("\\p{Nd}+(?:\\.\\p{Nd}+)*\\.\\p{Nd}\\.\\p{Nd}+(?:\\.\\p{Nd}+)*");
    /** E.164 allows 15 digits; fewer than 7 is a short number such as a version or a count. */
    private static final int PHONE_MIN_DIGITS = 7;
    private static final int PHONE_MAX_DIGITS = 15;

    private PersonalDataGuard() {
    }

    /**
     * Why this id, label or name is refused, or empty when it is acceptable.
     * The reason starts with {@code field}. Whitespace is not checked here:
     * labels and names may have spaces.
     */
    public static Optional<String> problemWith(String field, String value) {
        if (plainAscii(value, true)) {
            return Optional.empty();
        }
        String folded = fold(value);
        if (looksLikeEMail(folded)) {
            return Optional.of(field + " looks like an e-mail address; " + NO_PERSONAL_DATA);
        }
        // plain ASCII digits are how databases number chats, projects and invites: a disguised phone number has
        // a +, a scheme, separators or full-width digits (user ids keep the stricter rule)
        boolean plainNumber = value.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!plainNumber && looksLikePhoneNumber(folded, true)) {
            return Optional.of(field + " looks like a phone number; " + NO_PERSONAL_DATA);
        }
        return characterProblem(field, value);
    }

    /**
     * Why this user id is refused, or empty when it is acceptable. Stricter
     * than {@link #problemWith}: a user id must be an opaque pseudonym, so any
     * {@code a@b}, any phone-shaped value (versions included) and any
     * whitespace (names) is refused.
     */
    public static Optional<String> problemWithUserId(String userId) {
        if (plainAscii(userId, false)) {
            return Optional.empty();
        }
        String folded = fold(userId);
        if (E_MAIL_USER_ID.matcher(folded).matches() || looksLikeEMail(folded)) {
            return Optional.of("userId looks like an e-mail address; " + PSEUDONYM);
        }
        if (looksLikePhoneNumber(folded, false)) {
            return Optional.of("userId looks like a phone number; " + PSEUDONYM);
        }
        if (userId.codePoints().anyMatch(PersonalDataGuard::isSpace)) {
            return Optional.of("userId contains whitespace; " + PSEUDONYM + ", not a name");
        }
        return characterProblem("userId", userId);
    }

    /**
     * Whether the value can hold none of the patterns, checked in one pass over its characters: printable ASCII
     * (NFKC leaves it as it is; spaces only where allowed) without '@', ':' or '+', with a letter or fewer than 7
     * digits, and no "at" after a space or bracket. Almost every real id and label is one; only the others pay for
     * normalisation and the patterns, so a batch of 5,000 events is checked in milliseconds.
     */
    private static boolean plainAscii(String value, boolean spacesAllowed) {
        int digits = 0;
        boolean letters = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < (spacesAllowed ? 0x20 : 0x21) || c > 0x7E || c == '@' || c == ':' || c == '+') {
                return false; // controls, non-ASCII and the marks of addresses and numbers
            }
            if (c >= '0' && c <= '9') {
                digits++;
            } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
                letters = true;
                if ((c | 0x20) == 'a' && i > 0 && i + 1 < value.length() && (value.charAt(i + 1) | 0x20) == 't'
                        && "([{< ".indexOf(value.charAt(i - 1)) >= 0) {
                    return false; // "(at)", " at ": a disguised '@'
                }
            }
        }
        // a phone number without '+' or a scheme is the whole value, digits and separators only
        return letters || digits < PHONE_MIN_DIGITS;
    }

    /** Any kind of space, including no-break spaces (which {@link Character#isWhitespace} leaves out). */
    public static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    /** The form values are compared in: NFKC (＠ becomes @, ４ becomes 4), lower case, ideographic full stop as a dot. */
    private static String fold(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).replace('\u3002', '.');
    }

    private static boolean looksLikeEMail(String folded) {
        if (MAILTO.matcher(folded).find() || E_MAIL.matcher(folded).find()) {
            return true;
        }
        String undisguised = DISGUISED_DOT.matcher(DISGUISED_AT.matcher(folded).replaceAll("@")).replaceAll(".");
        return !undisguised.equals(folded) && E_MAIL.matcher(undisguised).find();
    }

    private static boolean looksLikePhoneNumber(String folded, boolean versionsAllowed) {
        if (PHONE_SCHEME.matcher(folded).find()) {
            return true;
        }
        String core = stripPunctuation(folded);
        if (PHONE_WHOLE.matcher(core).matches() && isPhoneLength(core)
                && !(versionsAllowed && DOTTED_VERSION.matcher(core).matches())) {
            return true;
        }
        // no upper bound here: the run may go on into other numbers ("+49 170 1234567 (24/7)")
        Matcher inside = PHONE_INSIDE.matcher(folded);
        while (inside.find()) {
            if (digits(inside.group()) >= PHONE_MIN_DIGITS) {
                return true;
            }
        }
        return false;
    }

    /** Drops what surrounds a value: leading characters other than letters, digits and +, trailing ones other than letters and digits. */
    private static String stripPunctuation(String value) {
        int start = 0;
        while (start < value.length()) {
            int c = value.codePointAt(start);
            if (Character.isLetterOrDigit(c) || c == '+') {
                break;
            }
            start += Character.charCount(c);
        }
        int end = value.length();
        while (end > start) {
            int c = value.codePointBefore(end);
            if (Character.isLetterOrDigit(c)) {
                break;
            }
            end -= Character.charCount(c);
        }
        return value.substring(start, end);
    }

    private static boolean isPhoneLength(String value) {
        long digits = digits(value);
        return digits >= PHONE_MIN_DIGITS && digits <= PHONE_MAX_DIGITS;
    }

    private static long digits(String value) {
        return value.codePoints().filter(Character::isDigit).count();
    }

    private static Optional<String> characterProblem(String field, String value) {
        for (int i = 0; i < value.length();) {
            int c = value.codePointAt(i);
            String problem = switch (Character.getType(c)) {
                case Character.CONTROL -> "must not contain control characters";
                case Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
                    "must not contain invisible formatting characters";
                case Character.SURROGATE -> "must not contain an unpaired surrogate";
                case Character.PRIVATE_USE, Character.UNASSIGNED -> "must not contain private-use or unassigned characters";
                default -> null;
            };
            if (problem != null) {
                return Optional.of(field + " " + problem + " (U+" + String.format("%04X", c) + ")");
            }
            i += Character.charCount(c);
        }
        return Optional.empty();
    }
}
