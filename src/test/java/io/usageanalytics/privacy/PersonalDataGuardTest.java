package io.usageanalytics.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PersonalDataGuardTest {

    // ------------------------------------------------------------------ user ids

    @ParameterizedTest
    @ValueSource(strings = { "jane@example.com", "j.doe+tag@mail.example.org", "x@y", "john＠example.com",
            "john@example.com@", "x:john@example.com", "john(at)example(dot)com" })
    void eMailAddressesAreRefused(String id) {
        assertEquals("userId looks like an e-mail address; send a pseudonymous id such as a salted hash",
                PersonalDataGuard.problemWithUserId(id).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = { "+491701234567", "+49 170 1234567", "(555) 123-4567", "0170/1234567", "1234567",
            "tel:+491701234567", "＋４９１７０１２３４５６７", "10.0.19041" })
    void phoneNumbersAreRefused(String id) {
        assertEquals("userId looks like a phone number; send a pseudonymous id such as a salted hash",
                PersonalDataGuard.problemWithUserId(id).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = { "Jane Doe", "u\t1", "name\u00A0surname" })
    void whitespaceIsRefused(String id) {
        assertEquals("userId contains whitespace; send a pseudonymous id such as a salted hash, not a name",
                PersonalDataGuard.problemWithUserId(id).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = { "u-1", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "123456",
            "1234567890123456", "user_42", "c2FsdGVk/aGFzaA==" })
    void pseudonymsAreAccepted(String id) {
        assertTrue(PersonalDataGuard.problemWithUserId(id).isEmpty(), id);
    }

    @Test
    void aUserIdWithALoneSurrogateOrANulIsRefused() {
        assertEquals("userId must not contain an unpaired surrogate (U+D800)",
                PersonalDataGuard.problemWithUserId("u\uD800").orElseThrow());
        assertEquals("userId must not contain control characters (U+0000)",
                PersonalDataGuard.problemWithUserId("u\u0000").orElseThrow());
    }

    // ------------------------------------------------------------------ every id and label

    @ParameterizedTest
    @ValueSource(strings = {
            "jane.roe@example.com", "john＠example.com", "john﹫example.com", "ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ",
            "john@example.com@", "x:john@example.com", "john@example.com.", "<john@example.com>",
            "Contact: Jane.Roe@Example.COM", "jürgen@müller.de", "john@example。com",
            "mailto:john", "MAILTO:john@example.com", "x-mailto:someone", "ｍａｉｌｔｏ：ｊｏｈｎ",
            "john(at)example(dot)com", "john [at] example [dot] com", "john at example dot com",
            "John (AT) Example (DOT) Com", "john{at}example.com", "john <at> example.com", "john at example.com" })
    void eMailLikeValuesAreRefusedAnywhere(String value) {
        assertEquals("model looks like an e-mail address; ids and labels must not contain personal data",
                PersonalDataGuard.problemWith("model", value).orElseThrow(), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "tel:+491701234567", "TEL:0170", "callto:someone", "sms:+4917", "x:tel:123", "ｔｅｌ：１２３",
            "+491701234567", "＋４９１７０１２３４５６７", "+49 170 1234567", "(555) 123-4567", "0170/1234567",
            "0049 170 1234567", "555.123.4567", "+49–170–1234567", "１２３４５６７",
            "(+49 170 1234567)", "+49 170 1234567.", "- 0170 1234567 -", "2026.11.30.1234",
            "Support +49 170 1234567", "Hotline:+1 (555) 123-4567 ext", "call +44 20 7946 0958 now",
            "١٢٣٤٥٦٧٨" })
    void phoneLikeValuesAreRefused(String value) {
        assertEquals("connector looks like a phone number; ids and labels must not contain personal data",
                PersonalDataGuard.problemWith("connector", value).orElseThrow(), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "claude-3-5-sonnet@20240620", "gemini-1.5@001", "text-bison@002", "model@v1.5", "gpt-4o-mini",
            "chat", "data format", "Chat at work", "meet at 10.30", "what (at) all", "@example.com",
            "hotel:berlin", "intel:xeon", "cartel:x",
            "2.4.1", "10.0.19041", "10.0.22631.4169", "v2026.11.30.1234", "123456", "1234567890123456",
            // plain ASCII digits: how databases number chats and projects (a user id keeps refusing them)
            "1234567", "00491701234567", "20240101",
            "1.0.0+20240101123456", "c++17", "+123456", "build 2024", "Document Analysis", "SharePoint Online",
            "desktop-macos", "prod", "Dokumentenanalyse für Verträge", "日本語の要約", "chat 😀" })
    void ordinaryIdsAndLabelsAreAccepted(String value) {
        assertEquals(java.util.Optional.empty(), PersonalDataGuard.problemWith("model", value), value);
    }

    @ParameterizedTest
    @ValueSource(strings = { "a\u0000b", "a\u0007b", "line\nbreak", "tab\tbed", "del\u007F", "c1\u0085" })
    void controlCharactersAreRefused(String value) {
        assertTrue(PersonalDataGuard.problemWith("module", value).orElseThrow()
                .startsWith("module must not contain control characters (U+"), value);
    }

    @ParameterizedTest
    @ValueSource(strings = { "zero\u200Bwidth", "\u200C", "\u200D", "lrm\u200E", "rlm\u200F", "line\u2028sep",
            "para\u2029sep", "\uFEFFbom", "\u202Aembed", "over\u202Eride", "\u2066isolate\u2069", "soft\u00ADhyphen" })
    void invisibleFormattingCharactersAreRefused(String value) {
        assertTrue(PersonalDataGuard.problemWith("module", value).orElseThrow()
                .startsWith("module must not contain invisible formatting characters (U+"), value);
    }

    @Test
    void loneSurrogatesPrivateUseAndUnassignedCodePointsAreRefused() {
        assertEquals("chatId must not contain an unpaired surrogate (U+D800)",
                PersonalDataGuard.problemWith("chatId", "c\uD800").orElseThrow());
        assertEquals("chatId must not contain an unpaired surrogate (U+DC00)",
                PersonalDataGuard.problemWith("chatId", "\uDC00c").orElseThrow());
        assertEquals("chatId must not contain private-use or unassigned characters (U+E000)",
                PersonalDataGuard.problemWith("chatId", "c\uE000").orElseThrow());
        assertEquals("chatId must not contain private-use or unassigned characters (U+FFFF)",
                PersonalDataGuard.problemWith("chatId", "c\uFFFF").orElseThrow());
        assertTrue(PersonalDataGuard.problemWith("chatId", "c\uD83D\uDE00").isEmpty(), "a pair is one character");
    }

    // ------------------------------------------------------------------ generated values

    private static final String[] WORDS = { "john", "jane.roe", "max", "a.b", "support", "x_y", "info", "team-7",
            "o'brien", "first+tag", "m" };
    private static final String[] DOMAINS = { "example.com", "mail.example.org", "firma.de", "b.co", "xn--mller-kva.de",
            "sub.domain.example.co.uk" };
    private static final String[] PUNCTUATION = { ".", ",", ";", ")", "]", ">", "!", "?", "\"", "'", "@", " " };

    @Test
    void generatedDisguisedEMailAddressesAreRefused() {
        Random random = new Random(42);
        Set<String> values = new LinkedHashSet<>();
        while (values.size() < 400) {
            values.add(disguisedEMail(random));
        }
        List<String> missed = new ArrayList<>();
        for (String value : values) {
            if (!PersonalDataGuard.problemWith("module", value).orElse("").startsWith("module looks like an e-mail")
                    || PersonalDataGuard.problemWithUserId(value).isEmpty()) {
                missed.add(value);
            }
        }
        assertEquals(List.of(), missed);
    }

    @Test
    void generatedDisguisedPhoneNumbersAreRefused() {
        Random random = new Random(42);
        Set<String> values = new LinkedHashSet<>();
        while (values.size() < 400) {
            values.add(disguisedPhoneNumber(random));
        }
        List<String> missed = new ArrayList<>();
        for (String value : values) {
            if (!PersonalDataGuard.problemWith("module", value).orElse("").startsWith("module looks like a phone")
                    || PersonalDataGuard.problemWithUserId(value).isEmpty()) {
                missed.add(value);
            }
        }
        assertEquals(List.of(), missed);
    }

    @Test
    void generatedLegitimateIdsAndLabelsAreAccepted() {
        Random random = new Random(42);
        Set<String> values = new LinkedHashSet<>();
        while (values.size() < 400) {
            values.add(legitimateValue(random));
        }
        List<String> refused = new ArrayList<>();
        for (String value : values) {
            PersonalDataGuard.problemWith("model", value).ifPresent(problem -> refused.add(value + " -> " + problem));
        }
        assertEquals(List.of(), refused);
    }

    private static String disguisedEMail(Random random) {
        String local = pick(random, WORDS);
        String domain = pick(random, DOMAINS);
        String address = switch (random.nextInt(6)) {
            case 0 -> local + "@" + domain;
            case 1 -> local + pick(random, "＠", "﹫") + domain;
            case 2 -> local + pick(random, "(at)", " (at) ", "[at]", " [at] ", "{at}", " at ")
                    + domain.replace(".", pick(random, "(dot)", " (dot) ", "[dot]", " [dot] ", " dot ", "."));
            case 3 -> "mailto:" + local + (random.nextBoolean() ? "@" + domain : "");
            case 4 -> local + "@" + domain + "@";
            default -> pick(random, "x:", "Contact: ", "<", "(", "\"", "by ") + local + "@" + domain;
        };
        if (random.nextInt(3) == 0) {
            address = address.toUpperCase(java.util.Locale.ROOT);
        }
        if (random.nextInt(3) == 0) {
            address = fullWidth(address, random);
        }
        if (random.nextInt(3) == 0) {
            address = address + pick(random, PUNCTUATION);
        }
        return address;
    }

    private static String disguisedPhoneNumber(Random random) {
        int digits = 7 + random.nextInt(9);
        StringBuilder number = new StringBuilder();
        String prefix = pick(random, "+", "00", "", "0");
        String separator = pick(random, " ", "-", ".", "/", "", " - ", "–");
        int left = digits - prefix.replace("+", "").length();
        boolean first = true;
        while (left > 0) {
            // groups of 2 to 4 digits: a one-digit group between dots reads as a version such as 10.0.19041
            int group = Math.min(left, 2 + random.nextInt(3));
            if (left - group == 1) {
                group++;
            }
            if (!first) {
                number.append(separator);
            }
            boolean bracketed = first && prefix.isEmpty() && separator.equals(" ") && random.nextInt(3) == 0;
            number.append(bracketed ? "(" : "");
            for (int i = 0; i < group; i++) {
                number.append((char) ('0' + random.nextInt(10)));
            }
            number.append(bracketed ? ")" : "");
            left -= group;
            first = false;
        }
        String phone = prefix + number;
        if (phone.chars().allMatch(c -> c >= '0' && c <= '9')) {
            phone = "+" + phone; // plain ASCII digits are accepted as ids of other fields: give it the mark of a number
        }
        phone = switch (random.nextInt(6)) {
            case 0 -> pick(random, "tel:", "TEL:", "callto:", "sms:") + phone;
            case 1 -> "(" + phone + ")";
            case 2 -> prefix.equals("+") && !separator.contains(" - ") ? pick(random, "Support ", "Hotline: ", "call ", "x ")
                    + phone + pick(random, "", " now", " (24/7)") : phone;
            default -> phone;
        };
        if (random.nextInt(3) == 0) {
            phone = fullWidth(phone, random);
        }
        if (random.nextInt(3) == 0) {
            phone = pick(random, "", "-", "(", "[", " ") + phone + pick(random, PUNCTUATION);
        }
        return phone;
    }

    private static String legitimateValue(Random random) {
        byte[] bytes = new byte[random.nextBoolean() ? 20 : 32];
        random.nextBytes(bytes);
        return switch (random.nextInt(10)) {
            case 0 -> HexFormat.of().formatHex(bytes);
            case 1 -> new UUID(random.nextLong(), random.nextLong()).toString();
            case 2 -> pick(random, "chat-", "project-", "invite-", "a-", "u-") + random.nextInt(1_000_000);
            case 3 -> pick(random, "gpt-4o-mini", "gpt-4o", "gpt-4.1-nano", "o3-mini", "mistral-large-2411", "llama-3.1-70b")
                    + pick(random, "", "-" + (2024 + random.nextInt(3)) + "-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10));
            case 4 -> pick(random, "claude-3-5-sonnet@", "claude-3-haiku@", "claude-opus-4@") + (20240101 + random.nextInt(20000));
            case 5 -> pick(random, "gemini-1.5-pro@", "gemini-1.5@", "text-bison@") + String.format("%03d", random.nextInt(10));
            case 6 -> random.nextInt(20) + "." + random.nextInt(30) + "." + random.nextInt(100)
                    + pick(random, "", "-beta", "-rc.1", "+build." + random.nextInt(1000));
            case 7 -> "10.0." + (10_000 + random.nextInt(90_000)) + (random.nextBoolean() ? "" : "." + random.nextInt(5000));
            case 8 -> pick(random, "desktop-macos", "desktop-windows", "desktop-linux", "web", "ios", "android")
                    + pick(random, "", "-arm64", "-x64", "-" + random.nextInt(20));
            default -> pick(random, "Document Analysis", "SharePoint Online", "Google Drive", "Chat", "Data Format",
                    "Meeting Notes", "prod", "staging", "eu-west-1") + pick(random, "", " " + random.nextInt(100), " v2");
        };
    }

    /** ASCII to its full-width form (U+FF01..U+FF5E, space to U+3000), for the whole value or a random part. */
    private static String fullWidth(String value, Random random) {
        boolean all = random.nextBoolean();
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            boolean convert = all || random.nextBoolean();
            if (convert && c >= 0x21 && c <= 0x7E) {
                out.append((char) (c - 0x21 + 0xFF01));
            } else if (convert && c == ' ') {
                out.append('\u3000');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
