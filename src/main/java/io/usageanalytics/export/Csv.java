package io.usageanalytics.export;

import java.util.Arrays;
import java.util.stream.Collectors;

/** RFC 4180 lines: fields with commas, quotes or line breaks are quoted; an empty field is a null. */
public final class Csv {

    private Csv() {
    }

    public static String line(Object... fields) {
        return Arrays.stream(fields).map(Csv::field).collect(Collectors.joining(",")) + "\r\n";
    }

    private static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        // a leading =, +, - or @ would make spreadsheets run the cell as a formula
        boolean formula = !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !(value instanceof Number);
        if (formula) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    /** Micro-units as a decimal amount with six places, e.g. 1250000 -> 1.250000. */
    public static String usd(long micros) {
        return java.math.BigDecimal.valueOf(micros, 6).toPlainString();
    }
}
