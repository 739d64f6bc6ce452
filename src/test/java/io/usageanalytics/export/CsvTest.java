package io.usageanalytics.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 4180 lines that spreadsheets open as text: every field comes back as it was, none runs as a formula. */
class CsvTest {

    @Test
    void plainFieldsAreJoinedByCommasAndEndWithCrLf() {
        assertEquals("acme,42,2026-11-01,true\r\n", Csv.line("acme", 42, LocalDate.of(2026, 11, 1), true));
        assertEquals("only\r\n", Csv.line("only"));
    }

    @Test
    void nullIsAnEmptyFieldAndAnEmptyStringToo() {
        assertEquals("a,,b,\r\n", Csv.line("a", null, "b", null));
        assertEquals(",\r\n", Csv.line("", ""));
    }

    @Test
    void commasQuotesAndLineBreaksAreQuoted() {
        assertEquals("\"Acme, Inc.\"\r\n", Csv.line("Acme, Inc."));
        assertEquals("\"say \"\"hi\"\"\"\r\n", Csv.line("say \"hi\""));
        assertEquals("\"\"\"\"\r\n", Csv.line("\""));
        assertEquals("\"two\nlines\"\r\n", Csv.line("two\nlines"));
        assertEquals("\"two\r\nlines\"\r\n", Csv.line("two\r\nlines"));
        assertEquals("\"cr\ronly\"\r\n", Csv.line("cr\ronly"));
        assertEquals("x,\"a,\"\"b\"\"\nc\",y\r\n", Csv.line("x", "a,\"b\"\nc", "y"));
    }

    @Test
    void otherCharactersAreWrittenAsTheyAre() {
        assertEquals("Müller & Söhne;GmbH\t用户 😀,'q'\r\n", Csv.line("Müller & Söhne;GmbH\t用户 😀", "'q'"));
        assertEquals(" leading space,trailing space \r\n", Csv.line(" leading space", "trailing space "));
    }

    /** CSV injection: a text field starting with =, +, - or @ gets a leading ' so that spreadsheets show it as text. */
    @ParameterizedTest
    @ValueSource(strings = { "=1+1", "+49", "-2", "@SUM(A1:A2)", "=HYPERLINK(\"http://x\")", "=", "-", "+", "@",
            "=cmd|' /C calc'!A0" })
    void textStartingLikeAFormulaGetsALeadingQuote(String text) {
        String expected = "'" + text;
        if (text.contains("\"") || text.contains(",")) {
            expected = "\"" + expected.replace("\"", "\"\"") + "\"";
        }
        assertEquals(expected + "\r\n", Csv.line(text));
    }

    @Test
    void aFormulaThatNeedsQuotingIsNeutralisedInsideTheQuotes() {
        assertEquals("\"'=SUM(A1,A2)\"\r\n", Csv.line("=SUM(A1,A2)"));
        assertEquals("\"'-1\n=2\"\r\n", Csv.line("-1\n=2"));
        assertEquals("\"'@\"\"x\"\"\"\r\n", Csv.line("@\"x\""));
    }

    @Test
    void formulaCharactersElsewhereInTheFieldAreLeftAlone() {
        assertEquals("a=1,b+2,c-3,d@e,'quoted\r\n", Csv.line("a=1", "b+2", "c-3", "d@e", "'quoted"));
    }

    @Test
    void numbersKeepTheirSign() {
        assertEquals("-5,-1.5,-7,0\r\n", Csv.line(-5, -1.5, new BigDecimal("-7"), 0L));
    }

    @Test
    void usdHasSixDecimalPlaces() {
        assertEquals("0.000000", Csv.usd(0));
        assertEquals("0.000001", Csv.usd(1));
        assertEquals("0.250000", Csv.usd(250_000));
        assertEquals("1.250000", Csv.usd(1_250_000));
        assertEquals("3.000000", Csv.usd(3_000_000));
        assertEquals("1000000.000000", Csv.usd(1_000_000_000_000L));
        assertEquals("9223372036854.775807", Csv.usd(Long.MAX_VALUE));
        assertEquals("-1.250000", Csv.usd(-1_250_000));
    }

    @Test
    void anAmountInALineIsNotAFormula() {
        assertEquals("u1,3000000,3.000000\r\n", Csv.line("u1", 3_000_000L, Csv.usd(3_000_000L)));
    }
}
